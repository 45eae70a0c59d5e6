// Load more…: the next page of a memcached cache's items.
import * as vscode from 'vscode';
import type { TreeNode } from '../../views/treeNodes';
import { CommandFailure, type FakecloudCommand } from '../command';

export const loadMoreMemcachedItems: FakecloudCommand = {
  id: 'fakecloud.loadMoreMemcachedItems',
  async run(ctx, arg) {
    const node = arg as TreeNode | undefined;
    if (node?.type !== 'mcMore') return;
    try {
      const added = await vscode.window.withProgress({ location: { viewId: 'fakecloud.resources' } }, () =>
        ctx.items.loadMore(node.resourceId),
      );
      vscode.window.setStatusBarMessage(`${added} more item${added === 1 ? '' : 's'}`, 3000);
    } catch (err) {
      throw new CommandFailure('Load more items', err);
    }
  },
};
