// Copy Value: what a key holds, as its document reads (a hash, list or set as JSON; bytes that are not UTF-8 escaped).
import * as vscode from 'vscode';
import type { TreeNode } from '../../views/treeNodes';
import { keyLabel } from '../../views/keyTree';
import { CommandFailure, type FakecloudCommand } from '../command';
import { keyRefOf } from './keyTarget';
import { l10n } from '../../protocol/l10n';

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
        l10n.t('Copied the value of {0} ({1} characters)', label, opened.document.text.length.toLocaleString('en-US')),
        4000,
      );
    } catch (err) {
      throw new CommandFailure(l10n.t('Copy Value of {0}', label), err);
    }
  },
};
