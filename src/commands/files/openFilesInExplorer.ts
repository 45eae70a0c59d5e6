// Open in Explorer: a resource's file system (or one of its folders) as a workspace folder, browsed and edited like
// any other. VS Code reloads a single-folder window to make it a workspace of several.
import * as vscode from 'vscode';
import { ResourceFileSystem } from '../../fileSystem/resourceFileSystem';
import { l10n } from '../../protocol/l10n';
import type { FakecloudCommand } from '../command';
import { fileTarget, whoseFiles } from './fileTarget';

export const openFilesInExplorer: FakecloudCommand = {
  id: 'fakecloud.openFilesInExplorer',
  async run(ctx, arg) {
    const t = await fileTarget(ctx, arg, l10n.t('Open Files in Explorer'));
    if (!t) return;
    const uri = ResourceFileSystem.uri(t.resource, t.path);
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (!folders.some((f) => f.uri.toString() === uri.toString())) {
      const name = t.path === '/' ? l10n.t('{0} (files)', whoseFiles(t.resource)) : l10n.t('{0}:{1}', whoseFiles(t.resource), t.path);
      if (!vscode.workspace.updateWorkspaceFolders(folders.length, 0, { uri, name }))
        throw new Error(l10n.t('VS Code did not add the folder (another change to the workspace is under way)'));
    }
    await vscode.commands.executeCommand('workbench.view.explorer');
  },
};
