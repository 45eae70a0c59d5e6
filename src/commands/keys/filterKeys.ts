// Filter Keys…: a MATCH pattern for a Redis cache's keys (glob: *, ?, [a-z], \ to escape), shown in its databases'
// descriptions; empty clears it. From the cache's row, one of its databases, or the view's title (then picked).
import * as vscode from 'vscode';
import type { TreeNode } from '../../views/treeNodes';
import { cacheOfNode } from '../../views/cacheKeys';
import type { FakecloudCommand } from '../command';
import { isRedis, pickResource } from '../pickResource';
import { l10n } from '../../protocol/l10n';

export const filterKeys: FakecloudCommand = {
  id: 'fakecloud.filterKeys',
  async run(ctx, arg) {
    const node = arg as TreeNode | undefined;
    const resourceId =
      node?.type === 'keyDb' || node?.type === 'keyFolder'
        ? node.resourceId
        : ((node && cacheOfNode(node)) ?? (await pickResource(ctx, arg, (r) => isRedis(r) && r.state === 'running', l10n.t('Filter Keys'))))
            ?.id;
    if (!resourceId) return;
    const match = await vscode.window.showInputBox({
      title: l10n.t('Filter Keys: MATCH pattern'),
      prompt: l10n.t(
        'A glob as SCAN takes it: * any characters, ? one, [a-z] a range, \\ before a character to match it literally. Empty: all keys.',
      ),
      value: ctx.keys.filters[resourceId] ?? '',
      placeHolder: 'user:*',
      validateInput: (v) => (v.length > 512 ? l10n.t('At most 512 characters') : undefined),
    });
    if (match === undefined) return;
    ctx.keys.setFilter(resourceId, match.trim());
  },
};
