// Where a new resource runs: on Docker or Kubernetes ourselves, or on a fakecloud server through its AWS API.
// Asked only when there is a choice (fakecloud.createOn answers it between Docker and Kubernetes); invoked on a
// server's row or one of its folders, it is that server. Nowhere to run it is said at once, before any other
// question of the wizard.
import * as vscode from 'vscode';
import type { TreeNode } from '../views/treeNodes';
import { CommandFailure, type CommandContext } from './command';
import { nowhereToCreate } from './createTarget';
import { l10n } from '../protocol/l10n';

export type Where = 'docker' | 'kubernetes' | { server: string };

/** The server a tree node is of (its row, a folder, a resource of its). */
export function serverOfNode(arg: unknown): string | undefined {
  const node = arg as TreeNode | undefined;
  if (node?.type === 'server') return node.server.endpoint;
  if (node?.type === 'awsFolder') return node.server;
  if (node?.type === 'aws') return node.item.server;
  return undefined;
}

/**
 * `service`: the server's service that would make it. A server is offered when it lists that service's resources
 * (a server whose API for it fails, or that has no such service, cannot make one).
 */
export async function askWhere(
  ctx: CommandContext,
  what: string,
  arg: unknown,
  service: 'elasticache' | 'ec2' | 'lambda',
): Promise<Where | undefined> {
  const fromNode = serverOfNode(arg);
  if (fromNode) return { server: fromNode };
  return askWhereAmong(ctx, what, service);
}

/** Docker or Kubernetes only: for what a server's API cannot take (a cache restored from an RDB file). */
export async function askBackend(ctx: CommandContext, what: string): Promise<'docker' | 'kubernetes' | undefined> {
  const where = await askWhereAmong(ctx, what, undefined);
  return typeof where === 'string' ? where : undefined;
}

async function askWhereAmong(ctx: CommandContext, what: string, service: string | undefined): Promise<Where | undefined> {
  const snapshot = ctx.client.snapshot;
  const backends = snapshot?.backends;
  const servers = service
    ? (snapshot?.servers ?? []).filter(
        (s) =>
          s.state === 'connected' &&
          s.listed === true &&
          (s.services ?? []).includes(service) &&
          !(s.listingErrors ?? []).some((e) => e.service === service),
      )
    : [];
  const kube = backends?.find((b) => b.backend === 'kubernetes');
  const kubeOn = kube !== undefined && kube.state !== 'disabled';
  const setting = vscode.workspace.getConfiguration('fakecloud').get<string>('createOn', 'ask');
  if (servers.length === 0) {
    const nowhere = nowhereToCreate(backends);
    if (nowhere) throw new CommandFailure(what, nowhere);
    if (!kubeOn) return 'docker';
    if (setting === 'docker' || setting === 'kubernetes') return setting;
  }
  const docker = backends?.find((b) => b.backend === 'docker');
  type Item = vscode.QuickPickItem & { where: Where };
  const items: Item[] = servers.map((s) => ({
    label: l10n.t('$(cloud) On the fakecloud server (AWS API)'),
    description: s.endpoint,
    detail: l10n.t("fakecloud {0}: the server makes it and lists it, as your code's SDK calls would", s.version ?? '').replace('  ', ' '),
    where: { server: s.endpoint },
  }));
  if (!nowhereToCreate(backends)) {
    items.push({
      label: l10n.t('$(vm) On Docker, yourself'),
      description: docker?.target,
      detail:
        docker?.state === 'connected' ? l10n.t('kept running by Fakecloud Explorer') : `(${docker?.state ?? l10n.t('not connected')})`,
      where: 'docker',
    });
    if (kubeOn)
      items.push({
        label: l10n.t('$(symbol-namespace) On Kubernetes, yourself'),
        description: kube.target,
        detail: kube.state === 'connected' ? l10n.t('kept running by Fakecloud Explorer') : `(${kube.state})`,
        where: 'kubernetes',
      });
  }
  const pick = await vscode.window.showQuickPick(items, { title: l10n.t('{0}: where should it run?', what) });
  return pick?.where;
}
