// The resource a command acts on: the tree item it was invoked on, or a pick
// from the palette (only the resources the command applies to).
import * as vscode from 'vscode';
import type { Resource } from '../protocol/model';
import type { TreeNode } from '../views/treeNodes';
import { labelOf, stateText } from '../views/treeNodes';
import type { CommandContext } from './command';
import { l10n } from '../protocol/l10n';

export async function pickResource(
  ctx: CommandContext,
  arg: unknown,
  filter: (r: Resource) => boolean,
  title: string,
): Promise<Resource | undefined> {
  const node = arg as TreeNode | undefined;
  if (node?.type === 'resource') return ctx.client.snapshot?.resources.find((r) => r.id === node.resource.id) ?? node.resource;
  // A server's resource row that one container runs is that container too.
  if (node?.type === 'aws' && node.resource) return ctx.client.snapshot?.resources.find((r) => r.id === node.resource?.id) ?? node.resource;
  const candidates = (ctx.client.snapshot?.resources ?? []).filter(filter).sort((a, b) => labelOf(a).localeCompare(labelOf(b)));
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(l10n.t('{0}: there is nothing to pick.', title));
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    candidates.map((r) => ({
      label: labelOf(r),
      description: [r.displayName ? r.name : r.engine, stateText(r)].filter(Boolean).join(' · '),
      resource: r,
    })),
    { title, placeHolder: l10n.t('Pick a resource') },
  );
  return pick?.resource;
}

/** The argument another command takes for this resource, as if invoked on its tree item. */
export const nodeOf = (r: Resource): TreeNode => ({ type: 'resource', resource: r });

export const isCache = (r: Resource) => r.kind === 'cache';
export const isRedis = (r: Resource) => r.kind === 'cache' && r.engine !== 'memcached';
export const isRunningCache = (r: Resource) => r.kind === 'cache' && r.state === 'running';
export const isInstance = (r: Resource) => r.kind === 'instance';
export const isRunningInstance = (r: Resource) => r.kind === 'instance' && r.state === 'running';
export const isStoppedInstance = (r: Resource) => r.kind === 'instance' && (r.state === 'exited' || r.state === 'created');
export const isFunction = (r: Resource) => r.kind === 'function';
export const isRunningFunction = (r: Resource) => r.kind === 'function' && r.state === 'running';
export const isStoppedFunction = (r: Resource) => r.kind === 'function' && (r.state === 'exited' || r.state === 'created');
export const isOwnFunction = (r: Resource) => r.kind === 'function' && r.owner.type === 'extension' && !r.orphan;
export const isRunning = (r: Resource) => r.state === 'running';
