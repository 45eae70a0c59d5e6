// The resource a command acts on: the tree item it was invoked on, or a pick
// from the palette (only the resources the command applies to).
import * as vscode from 'vscode';
import type { Resource } from '../protocol/model';
import type { TreeNode } from '../views/treeNodes';
import { stateText } from '../views/treeNodes';
import type { CommandContext } from './command';

export async function pickResource(ctx: CommandContext, arg: unknown, filter: (r: Resource) => boolean, title: string): Promise<Resource | undefined> {
  const node = arg as TreeNode | undefined;
  if (node?.type === 'resource') return ctx.client.snapshot?.resources.find((r) => r.id === node.resource.id) ?? node.resource;
  const candidates = (ctx.client.snapshot?.resources ?? []).filter(filter).sort((a, b) => a.name.localeCompare(b.name));
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(`${title}: there is nothing to pick.`);
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    candidates.map((r) => ({ label: r.name, description: [r.engine, stateText(r)].filter(Boolean).join(' · '), resource: r })),
    { title, placeHolder: 'Pick a resource' },
  );
  return pick?.resource;
}

export const isCache = (r: Resource) => r.kind === 'cache';
export const isRedis = (r: Resource) => r.kind === 'cache' && r.engine !== 'memcached';
export const isRunningCache = (r: Resource) => r.kind === 'cache' && r.state === 'running';
