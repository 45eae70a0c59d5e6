// Refresh Keys: a cache's keys fetched again (the app wrote some meanwhile).
import type { TreeNode } from '../../views/treeNodes';
import { cacheOfNode } from '../../views/cacheKeys';
import type { FakecloudCommand } from '../command';

export const refreshKeys: FakecloudCommand = {
  id: 'fakecloud.refreshKeys',
  run(ctx, arg) {
    const node = arg as TreeNode | undefined;
    const id = node?.type === 'keyDb' || node?.type === 'keyFolder' ? node.resourceId : node ? cacheOfNode(node)?.id : undefined;
    if (id) ctx.keys.forget(id);
  },
};
