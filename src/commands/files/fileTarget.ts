// Where a file command acts: the file or folder row it was run on, a resource's row (its root folder), or a running
// resource picked from the palette (its root folder then).
import { RpcError } from '../../protocol/jsonRpcPeer';
import type { Resource } from '../../protocol/model';
import type { TreeNode } from '../../views/treeNodes';
import type { CommandContext } from '../command';
import { pickResource } from '../pickResource';

export interface FileTarget {
  resource: Resource;
  path: string;
  isDir: boolean;
}

export async function fileTarget(ctx: CommandContext, arg: unknown, title: string): Promise<FileTarget | undefined> {
  const node = arg as TreeNode | undefined;
  const find = (id: string) => ctx.view().resources.find((r) => r.id === id);
  if (node?.type === 'fileDir' || node?.type === 'file') {
    const resource = find(node.resourceId);
    return resource ? { resource, path: node.path, isDir: node.type === 'fileDir' } : undefined;
  }
  const fromRow = node?.type === 'resource' ? node.resource : node?.type === 'aws' ? node.resource : undefined;
  const resource = fromRow ?? (await pickResource(ctx, arg, (r) => r.state === 'running', title));
  return resource ? { resource, path: '/', isDir: true } : undefined;
}

export function whoseFiles(r: Resource): string {
  return r.displayName ?? r.name;
}

/** Whether the service refused because a name is there already (it says which). */
export function isFileExists(err: unknown): boolean {
  for (let e = err; e instanceof Error; e = e.cause)
    if (e instanceof RpcError && (e.data as { fileError?: string } | undefined)?.fileError === 'FileExists') return true;
  return false;
}
