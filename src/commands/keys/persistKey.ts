// Persist: a key's expiry removed; it lives until deleted.
import type { TreeNode } from '../../views/treeNodes';
import type { FakecloudCommand } from '../command';
import { expire } from './setKeyTtl';

export const persistKey: FakecloudCommand = {
  id: 'fakecloud.persistKey',
  async run(ctx, arg) {
    const node = arg as TreeNode | undefined;
    if (node?.type === 'key') await expire(ctx, node, 0);
  },
};
