// Copy Key Name: the key's name to the clipboard (a binary one with its bytes escaped, as the tree shows it).
import * as vscode from 'vscode';
import type { TreeNode } from '../../views/treeNodes';
import { keyLabel } from '../../views/keyTree';
import type { FakecloudCommand } from '../command';
import { l10n } from '../../protocol/l10n';

export const copyKeyName: FakecloudCommand = {
  id: 'fakecloud.copyKeyName',
  async run(_ctx, arg) {
    const node = arg as TreeNode | undefined;
    if (node?.type !== 'key') return;
    const text = keyLabel(node.key);
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(l10n.t('Copied {0}', text), 3000);
  },
};
