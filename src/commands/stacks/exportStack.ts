// Export as Stack File…: a stack file written from what exists now (ours, and a fakecloud server's), so a user can
// start from what they clicked together. Never overwrites without the save dialog's own confirmation.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { l10n } from '../../protocol/l10n';
import { CommandCancelled, type FakecloudCommand } from '../command';

export const exportStack: FakecloudCommand = {
  id: 'fakecloud.exportStack',
  run: async (ctx, arg) => {
    const folder = arg instanceof vscode.Uri ? arg : vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: l10n.t('Export as Stack File'),
      saveLabel: l10n.t('Export'),
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'fakecloud.yaml') } : {}),
      filters: { [l10n.t('Stack file')]: ['yaml', 'yml', 'json'] },
    });
    if (!target) throw new CommandCancelled(l10n.t('Export as Stack File: not saved'));
    const json = target.fsPath.endsWith('.json');
    const res = await ctx.client.request('stack/export', { folder: path.dirname(target.fsPath), format: json ? 'json' : 'yaml' });
    if (res.count === 0) {
      void vscode.window.showInformationMessage(
        l10n.t('Nothing to export: no cache, instance or function of yours or of a fakecloud server exists.'),
      );
      return;
    }
    await vscode.workspace.fs.writeFile(target, Buffer.from(res.text, 'utf8'));
    await vscode.window.showTextDocument(target);
    const left = res.left.length
      ? ' ' + l10n.plural(res.left.length, '{0} left out (said in the file).', '{0} left out (said in the file).')
      : '';
    void vscode.window.showInformationMessage(
      l10n.plural(res.count, 'Exported {0} resource to {1}.', 'Exported {0} resources to {1}.', path.basename(target.fsPath)) + left,
    );
  },
};
