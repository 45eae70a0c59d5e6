// Delete Key…: one key removed (UNLINK) after a confirmation that names it.
import * as vscode from 'vscode';
import type { TreeNode } from '../../views/treeNodes';
import { keyLabel } from '../../views/keyTree';
import { CommandFailure, type FakecloudCommand } from '../command';
import { keyRefOf } from './keyTarget';

export const deleteKey: FakecloudCommand = {
  id: 'fakecloud.deleteKey',
  async run(ctx, arg) {
    const node = arg as TreeNode | undefined;
    if (node?.type !== 'key') return;
    const label = keyLabel(node.key);
    const ok = await vscode.window.showWarningMessage(
      `Delete ${node.key.type} ${label} from db${node.db}?`,
      { modal: true, detail: 'Its value is gone for good: a cache has no undo.' },
      'Delete',
    );
    if (ok !== 'Delete') return;
    let deleted: number;
    try {
      ({ deleted } = await ctx.client.request('cache/keysDelete', { resourceId: node.resourceId, db: node.db, keys: [keyRefOf(node)] }));
    } catch (err) {
      throw new CommandFailure(`Delete ${label}`, err);
    }
    ctx.keys.forget(node.resourceId);
    vscode.window.setStatusBarMessage(deleted ? `Deleted ${label}` : `${label} was already gone`, 4000);
  },
};
