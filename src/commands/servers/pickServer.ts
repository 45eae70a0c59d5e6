// The fakecloud server a command acts on: the tree's server node it was invoked on, the only one that answers, or a pick.
import * as vscode from 'vscode';
import type { ServerStatus } from '../../protocol/model';
import { DEFAULT_SERVER, SERVER_ENDPOINT } from '../../protocol/references';
import type { TreeNode } from '../../views/treeNodes';
import { hostOf, serverLabel } from '../../views/serverStatus';
import type { CommandContext } from '../command';
import { l10n } from '../../protocol/l10n';

export async function pickServer(ctx: CommandContext, arg: unknown, title: string): Promise<ServerStatus | undefined> {
  const node = arg as TreeNode | undefined;
  if (node?.type === 'server') return node.server;
  const up = (ctx.view().servers ?? []).filter((s) => s.state === 'connected');
  if (up.length === 1) return up[0];
  if (up.length === 0) {
    // Nothing answers: the default endpoint is still what a user most likely wants handed over.
    const typed = await vscode.window.showInputBox({
      title,
      prompt: l10n.t('No fakecloud server answers now. The endpoint to use:'),
      value: DEFAULT_SERVER,
      validateInput: (v) => (SERVER_ENDPOINT.test(v.trim()) ? undefined : l10n.t('An endpoint: http(s)://host:port')),
    });
    return typed ? { endpoint: typed.trim().replace(/\/+$/, ''), state: 'unreachable' } : undefined;
  }
  const pick = await vscode.window.showQuickPick(
    up.map((s) => ({ label: serverLabel(s), description: hostOf(s.endpoint), server: s })),
    { title },
  );
  return pick?.server;
}
