// Download…: a file or folder of a container or Pod copied to a folder of this machine (the workspace offered
// first), any size, with progress and Cancel; whole or not at all, and asked before anything there is replaced.
import * as vscode from 'vscode';
import { l10n } from '../../protocol/l10n';
import { sizeText } from '../../views/fileNodes';
import { CommandFailure, type FakecloudCommand } from '../command';
import { runOperation } from '../runOperation';
import { fileTarget, isFileExists, whoseFiles } from './fileTarget';

export const downloadFile: FakecloudCommand = {
  id: 'fakecloud.downloadFile',
  async run(ctx, arg) {
    const t = await fileTarget(ctx, arg, l10n.t('Download'));
    if (!t) return;
    const picked = await vscode.window.showOpenDialog({
      title: l10n.t('Download {0} from {1} into…', t.path, whoseFiles(t.resource)),
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
      openLabel: l10n.t('Download Here'),
      ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
    });
    const dest = picked?.[0];
    if (!dest) return;
    if (dest.scheme !== 'file')
      throw new CommandFailure(l10n.t('Download {0}', t.path), new Error(l10n.t('{0} is not a folder of this machine', dest.toString())));
    // The service names the target (a safe name in the folder as it really is): the question names what it replaces.
    const send = (overwrite: boolean) =>
      runOperation(ctx, l10n.t('Downloading {0} from {1}', t.path, whoseFiles(t.resource)), true, (operationId) =>
        ctx.client.request('files/download', { resourceId: t.resource.id, path: t.path, dest: dest.fsPath, overwrite, operationId }),
      );
    let res;
    try {
      try {
        res = await send(false);
      } catch (err) {
        if (!isFileExists(err)) throw err;
        const replace = await vscode.window.showWarningMessage(
          l10n.t('{0}. Replace it?', err instanceof Error ? err.message : String(err)),
          { modal: true },
          l10n.t('Replace'),
        );
        if (replace !== l10n.t('Replace')) return;
        res = await send(true);
      }
    } catch (err) {
      throw new CommandFailure(l10n.t('Download {0}', t.path), err);
    }
    const skipped =
      (res.skipped ? l10n.plural(res.skipped, ' ({0} link or special file left out)', ' ({0} links or special files left out)') : '') +
      (res.renamed
        ? l10n.plural(
            res.renamed,
            ' ({0} name this machine cannot take was made safe)',
            ' ({0} names this machine cannot take were made safe)',
          )
        : '');
    const target = vscode.Uri.file(res.target);
    const open = t.isDir ? l10n.t('Reveal') : l10n.t('Open');
    const choice = await vscode.window.showInformationMessage(
      l10n.t('Downloaded {0} ({1}) to {2}{3}', l10n.plural(res.files, '{0} file', '{0} files'), sizeText(res.bytes), res.target, skipped),
      open,
    );
    if (choice === l10n.t('Open')) await vscode.commands.executeCommand('vscode.open', target);
    else if (choice === l10n.t('Reveal')) await vscode.commands.executeCommand('revealInExplorer', target);
  },
};
