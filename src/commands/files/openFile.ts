// Open File: a file of a container or Pod in an editor, through the fakecloud-files: file system (saving writes it
// back). From the palette: a running resource, then a path in it.
import * as vscode from 'vscode';
import { ResourceFileSystem } from '../../fileSystem/resourceFileSystem';
import { l10n } from '../../protocol/l10n';
import type { FakecloudCommand } from '../command';
import { fileTarget, whoseFiles } from './fileTarget';

export const openFile: FakecloudCommand = {
  id: 'fakecloud.openFile',
  async run(ctx, arg) {
    const t = await fileTarget(ctx, arg, l10n.t('Open File'));
    if (!t) return;
    let path = t.path;
    if (t.isDir) {
      const typed = await vscode.window.showInputBox({
        title: l10n.t('Open a file of {0}', whoseFiles(t.resource)),
        prompt: l10n.t('An absolute path in its file system'),
        value: t.path === '/' ? '/etc/hostname' : `${t.path}/`,
        validateInput: (v) => (v.startsWith('/') ? undefined : l10n.t('An absolute path, starting with /')),
      });
      if (!typed) return;
      path = typed;
    }
    await vscode.commands.executeCommand('vscode.open', ResourceFileSystem.uri(t.resource, path));
  },
};
