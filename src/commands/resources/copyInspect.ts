// Copy the inspect document in the active editor.
import * as vscode from 'vscode';
import type { FakecloudCommand } from '../command';
import { RESULT_SCHEME } from '../../views/resultDocuments';
import { l10n } from '../../protocol/l10n';

export const copyInspect: FakecloudCommand = {
  id: 'fakecloud.copyInspect',
  async run() {
    const doc = vscode.window.activeTextEditor?.document;
    if (doc?.uri.scheme !== RESULT_SCHEME || !doc.uri.path.startsWith('/inspect/')) {
      void vscode.window.showInformationMessage(l10n.t('Copy Inspect: open a resource with Inspect first.'));
      return;
    }
    await vscode.env.clipboard.writeText(doc.getText());
    vscode.window.setStatusBarMessage(l10n.t('Inspect document copied'), 3_000);
  },
};
