// Delete Key…: one key removed (UNLINK) after a confirmation that names it.
import * as vscode from 'vscode';
import type { TreeNode } from '../../views/treeNodes';
import { keyLabel } from '../../views/keyTree';
import { CommandFailure, type FakecloudCommand } from '../command';
import { keyRefOf } from './keyTarget';
import { l10n } from '../../protocol/l10n';

export const deleteKey: FakecloudCommand = {
  id: 'fakecloud.deleteKey',
  async run(ctx, arg) {
    const node = arg as TreeNode | undefined;
    if (node?.type !== 'key') return;
    const label = keyLabel(node.key);
    const ok = await vscode.window.showWarningMessage(
      l10n.t('Delete {0} {1} from db{2}?', node.key.type, label, node.db),
      { modal: true, detail: l10n.t('Its value is gone for good: a cache has no undo.') },
      l10n.t('Delete'),
    );
    if (ok !== l10n.t('Delete')) return;
    let deleted: number;
    try {
      ({ deleted } = await ctx.client.request('cache/keysDelete', { resourceId: node.resourceId, db: node.db, keys: [keyRefOf(node)] }));
    } catch (err) {
      throw new CommandFailure(l10n.t('Delete {0}', label), err);
    }
    ctx.keys.forget(node.resourceId);
    vscode.window.setStatusBarMessage(deleted ? l10n.t('Deleted {0}', label) : l10n.t('{0} was already gone', label), 4000);
  },
};
