// Where a memcached command acts: the cache of the row it was run on (the cache, its stats, one of its items), or
// a running memcached cache picked from the palette.
import type { Resource } from '../../protocol/model';
import { memcachedOfNode } from '../../views/memcachedItems';
import type { TreeNode } from '../../views/treeNodes';
import type { CommandContext } from '../command';
import { pickResource } from '../pickResource';

export const isRunningMemcached = (r: Resource) => r.kind === 'cache' && r.engine === 'memcached' && r.state === 'running';

export async function memcachedTarget(ctx: CommandContext, arg: unknown, title: string): Promise<Resource | undefined> {
  const node = arg as TreeNode | undefined;
  if (node?.type === 'mcStats' || node?.type === 'mcItem' || node?.type === 'mcMore')
    return ctx.view().resources.find((r) => r.id === node.resourceId);
  return (node && memcachedOfNode(node)) ?? pickResource(ctx, arg, isRunningMemcached, title);
}

/** The key of an item row, if the command was run on one. */
export function itemKeyOf(arg: unknown): string | undefined {
  const node = arg as TreeNode | undefined;
  return node?.type === 'mcItem' ? node.item.key : undefined;
}
