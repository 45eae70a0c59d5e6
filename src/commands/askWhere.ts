// Where a new resource runs, when Kubernetes is on: fakecloud.createOn, or asked.
import * as vscode from 'vscode';
import type { CommandContext } from './command';

export async function askWhere(ctx: CommandContext, what: string): Promise<'docker' | 'kubernetes' | undefined> {
  const kube = ctx.client.snapshot?.backends.find((b) => b.backend === 'kubernetes');
  if (!kube || kube.state === 'disabled') return 'docker';
  const setting = vscode.workspace.getConfiguration('fakecloud').get<string>('createOn', 'ask');
  if (setting === 'docker' || setting === 'kubernetes') return setting;
  const docker = ctx.client.snapshot?.backends.find((b) => b.backend === 'docker');
  const pick = await vscode.window.showQuickPick(
    [
      {
        label: 'Docker',
        description: docker?.target,
        detail: docker?.state === 'connected' ? undefined : `(${docker?.state ?? 'not connected'})`,
        where: 'docker' as const,
      },
      {
        label: 'Kubernetes',
        description: kube.target,
        detail: kube.state === 'connected' ? undefined : `(${kube.state})`,
        where: 'kubernetes' as const,
      },
    ],
    { title: `${what}: where should it run?`, placeHolder: 'fakecloud.createOn skips this question' },
  );
  return pick?.where;
}
