// Open Key: the key as a document in an editor (a string as text or JSON, a hash, list, set or sorted set as JSON);
// saving writes it back as its type, refused when the key changed since it was opened.
import * as vscode from 'vscode';
import type { TreeNode } from '../../views/treeNodes';
import { keyUri } from '../../views/keyDocuments';
import { CommandFailure, type FakecloudCommand } from '../command';
import { l10n } from '../../protocol/l10n';

export const openKey: FakecloudCommand = {
  id: 'fakecloud.openKey',
  async run(ctx, arg) {
    const node = arg as TreeNode | undefined;
    if (node?.type !== 'key') return;
    const a = {
      resourceId: node.resourceId,
      db: node.db,
      key: node.key.binary ? { name: node.key.name, binary: true } : { name: node.key.name },
    };
    try {
      // The language comes from what the key holds: read once to know it (the editor's read reuses this one).
      const opened = await ctx.client.request('cache/keyRead', a);
      const doc = await vscode.workspace.openTextDocument(keyUri(a, opened.document.language));
      await vscode.window.showTextDocument(doc, { preview: true });
      if (opened.document.readOnly)
        vscode.window.setStatusBarMessage(l10n.t('{0}: read-only — {1}', node.key.name, opened.document.readOnly), 8000);
    } catch (err) {
      throw new CommandFailure(l10n.t('Open {0}', node.key.name), err);
    }
  },
};
