// Load more…: the next page of a database's keys (SCAN from where the last page ended).
import * as vscode from 'vscode';
import type { TreeNode } from '../../views/treeNodes';
import { CommandFailure, type FakecloudCommand } from '../command';
import { l10n } from '../../protocol/l10n';

export const loadMoreKeys: FakecloudCommand = {
  id: 'fakecloud.loadMoreKeys',
  async run(ctx, arg) {
    const node = arg as TreeNode | undefined;
    if (node?.type !== 'keyMore') return;
    try {
      const added = await vscode.window.withProgress({ location: { viewId: 'fakecloud.resources' } }, () =>
        ctx.keys.loadMore(node.resourceId, node.db),
      );
      vscode.window.setStatusBarMessage(l10n.plural(added, '{0} more key', '{0} more keys'), 3000);
    } catch (err) {
      throw new CommandFailure(l10n.t('Load more keys'), err);
    }
  },
};
