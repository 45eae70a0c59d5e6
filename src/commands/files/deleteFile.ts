// Delete on a file or folder row: confirmed first (a folder with everything in it; a container has no undo).
import * as vscode from 'vscode';
import { l10n } from '../../protocol/l10n';
import { CommandFailure, type FakecloudCommand } from '../command';
import { parentOf } from '../../views/fileNodes';
import { fileTarget, whoseFiles } from './fileTarget';

export const deleteFile: FakecloudCommand = {
  id: 'fakecloud.deleteFile',
  async run(ctx, arg) {
    const t = await fileTarget(ctx, arg, l10n.t('Delete File'));
    if (!t) return;
    if (t.path === '/') {
      void vscode.window.showWarningMessage(l10n.t('The root folder of {0} is not deleted.', whoseFiles(t.resource)));
      return;
    }
    const ok = await vscode.window.showWarningMessage(
      t.isDir
        ? l10n.t('Delete the folder {0} from {1}, with everything in it?', t.path, whoseFiles(t.resource))
        : l10n.t('Delete {0} from {1}?', t.path, whoseFiles(t.resource)),
      { modal: true, detail: l10n.t('It is removed inside the container: there is no undo, and an image rebuild does not bring it back.') },
      l10n.t('Delete'),
    );
    if (ok !== l10n.t('Delete')) return;
    try {
      await ctx.client.request('files/delete', { resourceId: t.resource.id, path: t.path, recursive: true });
    } catch (err) {
      throw new CommandFailure(l10n.t('Delete {0}', t.path), err);
    } finally {
      ctx.files.forget(t.resource.id, parentOf(t.path));
    }
    vscode.window.setStatusBarMessage(l10n.t('Deleted {0} from {1}', t.path, whoseFiles(t.resource)), 5000);
  },
};
