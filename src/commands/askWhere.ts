// Where a new resource runs, when Kubernetes is on: fakecloud.createOn, or asked.
// Nowhere to run it is said at once, before any other question of the wizard.
import * as vscode from 'vscode';
import { CommandFailure, type CommandContext } from './command';
import { nowhereToCreate } from './createTarget';

export async function askWhere(ctx: CommandContext, what: string): Promise<'docker' | 'kubernetes' | undefined> {
  const backends = ctx.client.snapshot?.backends;
  const nowhere = nowhereToCreate(backends);
  if (nowhere) throw new CommandFailure(what, nowhere);
  const kube = backends?.find((b) => b.backend === 'kubernetes');
  if (!kube || kube.state === 'disabled') return 'docker';
  const setting = vscode.workspace.getConfiguration('fakecloud').get<string>('createOn', 'ask');
  if (setting === 'docker' || setting === 'kubernetes') return setting;
  const docker = backends?.find((b) => b.backend === 'docker');
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
