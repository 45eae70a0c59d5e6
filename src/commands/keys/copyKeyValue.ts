// Copy Value: what a key holds, as its document reads (a hash, list or set as JSON; bytes that are not UTF-8 escaped).
import * as vscode from 'vscode';
import type { TreeNode } from '../../views/treeNodes';
import { keyLabel } from '../../views/keyTree';
import { CommandFailure, type FakecloudCommand } from '../command';
import { keyRefOf } from './keyTarget';

export const copyKeyValue: FakecloudCommand = {
  id: 'fakecloud.copyKeyValue',
  async run(ctx, arg) {
    const node = arg as TreeNode | undefined;
    if (node?.type !== 'key') return;
    const label = keyLabel(node.key);
    try {
      const opened = await ctx.client.request('cache/keyRead', { resourceId: node.resourceId, db: node.db, key: keyRefOf(node) });
      await vscode.env.clipboard.writeText(opened.document.text);
      vscode.window.setStatusBarMessage(
        `Copied the value of ${label} (${opened.document.text.length.toLocaleString('en-US')} characters)`,
        4000,
      );
    } catch (err) {
      throw new CommandFailure(`Copy Value of ${label}`, err);
    }
  },
};
