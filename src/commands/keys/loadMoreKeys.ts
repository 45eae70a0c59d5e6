// Load more…: the next page of a database's keys (SCAN from where the last page ended).
import * as vscode from 'vscode';
import type { TreeNode } from '../../views/treeNodes';
import { CommandFailure, type FakecloudCommand } from '../command';

export const loadMoreKeys: FakecloudCommand = {
  id: 'fakecloud.loadMoreKeys',
  async run(ctx, arg) {
    const node = arg as TreeNode | undefined;
    if (node?.type !== 'keyMore') return;
    try {
      const added = await vscode.window.withProgress({ location: { viewId: 'fakecloud.resources' } }, () =>
        ctx.keys.loadMore(node.resourceId, node.db),
      );
      vscode.window.setStatusBarMessage(`${added} more key${added === 1 ? '' : 's'}`, 3000);
    } catch (err) {
      throw new CommandFailure('Load more keys', err);
    }
  },
};
