// Where a key command acts: the cache and database of the row it was run on (a cache, one of its databases, a
// folder of keys, a key), or a running Redis cache picked from the palette (db0 then).
import type { KeyRef } from '../../protocol/keys';
import type { Resource } from '../../protocol/model';
import { cacheOfNode } from '../../views/cacheKeys';
import type { TreeNode } from '../../views/treeNodes';
import type { CommandContext } from '../command';
import { isRedis, pickResource } from '../pickResource';

export interface KeyTarget {
  resourceId: string;
  /** The cache's name, for titles and messages. */
  cacheName: string;
  db: number;
  /** A folder's prefix (with its separator): where a new key most likely goes. */
  prefix: string;
}

export async function keyTarget(ctx: CommandContext, arg: unknown, title: string): Promise<KeyTarget | undefined> {
  const node = arg as TreeNode | undefined;
  const nameOf = (id: string) => {
    const r = ctx.view().resources.find((x) => x.id === id);
    return r?.displayName ?? r?.name ?? id;
  };
  if (node?.type === 'keyDb' || node?.type === 'keyMore')
    return { resourceId: node.resourceId, cacheName: nameOf(node.resourceId), db: node.db, prefix: '' };
  if (node?.type === 'keyFolder')
    return { resourceId: node.resourceId, cacheName: nameOf(node.resourceId), db: node.db, prefix: node.prefix };
  if (node?.type === 'key') return { resourceId: node.resourceId, cacheName: nameOf(node.resourceId), db: node.db, prefix: '' };
  const r: Resource | undefined =
    (node && cacheOfNode(node)) ?? (await pickResource(ctx, arg, (x) => isRedis(x) && x.state === 'running', title));
  return r ? { resourceId: r.id, cacheName: r.displayName ?? r.name, db: 0, prefix: '' } : undefined;
}

/** The key of a key row, as the service takes it. */
export function keyRefOf(node: Extract<TreeNode, { type: 'key' }>): KeyRef {
  return node.key.binary ? { name: node.key.name, binary: true } : { name: node.key.name };
}
