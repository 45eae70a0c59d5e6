// Refresh Keys: a cache's keys (or a memcached cache's stats and items) fetched again (the app wrote some meanwhile).
import type { TreeNode } from '../../views/treeNodes';
import { cacheOfNode } from '../../views/cacheKeys';
import { memcachedOfNode } from '../../views/memcachedItems';
import type { FakecloudCommand } from '../command';

export const refreshKeys: FakecloudCommand = {
  id: 'fakecloud.refreshKeys',
  run(ctx, arg) {
    const node = arg as TreeNode | undefined;
    const id = node?.type === 'keyDb' || node?.type === 'keyFolder' ? node.resourceId : node ? cacheOfNode(node)?.id : undefined;
    if (id) ctx.keys.forget(id);
    const mc = node?.type === 'mcStats' || node?.type === 'mcMore' ? node.resourceId : node ? memcachedOfNode(node)?.id : undefined;
    if (mc) ctx.items.forget(mc);
  },
};
