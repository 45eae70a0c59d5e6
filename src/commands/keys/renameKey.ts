// Rename…: a key's new name (RENAMENX): refused when a key of that name exists, so nothing is overwritten.
import * as vscode from 'vscode';
import type { TreeNode } from '../../views/treeNodes';
import { keyLabel } from '../../views/keyTree';
import { CommandFailure, type FakecloudCommand } from '../command';
import { keyRefOf } from './keyTarget';
import { l10n } from '../../protocol/l10n';

export const renameKey: FakecloudCommand = {
  id: 'fakecloud.renameKey',
  async run(ctx, arg) {
    const node = arg as TreeNode | undefined;
    if (node?.type !== 'key') return;
    const old = keyLabel(node.key);
    const to = await vscode.window.showInputBox({
      title: l10n.t('Rename {0}', old),
      value: node.key.binary ? '' : node.key.name,
      validateInput: (v) =>
        v.length === 0
          ? l10n.t('A key needs a name')
          : v === node.key.name && !node.key.binary
            ? l10n.t('That is its name now')
            : undefined,
    });
    if (to === undefined) return;
    try {
      await ctx.client.request('cache/keyRename', { resourceId: node.resourceId, db: node.db, key: keyRefOf(node), to });
    } catch (err) {
      throw new CommandFailure(l10n.t('Rename {0}', old), err);
    }
    ctx.keys.forget(node.resourceId);
    vscode.window.setStatusBarMessage(l10n.t('Renamed {0} to {1}', old, to), 4000);
  },
};
