// Load more…: the next page of a memcached cache's items.
import * as vscode from 'vscode';
import type { TreeNode } from '../../views/treeNodes';
import { CommandFailure, type FakecloudCommand } from '../command';
import { l10n } from '../../protocol/l10n';

export const loadMoreMemcachedItems: FakecloudCommand = {
  id: 'fakecloud.loadMoreMemcachedItems',
  async run(ctx, arg) {
    const node = arg as TreeNode | undefined;
    if (node?.type !== 'mcMore') return;
    try {
      const added = await vscode.window.withProgress({ location: { viewId: 'fakecloud.resources' } }, () =>
        ctx.items.loadMore(node.resourceId),
      );
      vscode.window.setStatusBarMessage(l10n.plural(added, '{0} more item', '{0} more items'), 3000);
    } catch (err) {
      throw new CommandFailure(l10n.t('Load more items'), err);
    }
  },
};
