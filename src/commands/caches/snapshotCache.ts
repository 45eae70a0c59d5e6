// Snapshot (Redis): SAVE, then dump.rdb copied out to a file you choose
// (default <workspace>/.fakecloud/snapshots/<name>-<timestamp>.rdb), checked, size and keys reported.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandFailure, type FakecloudCommand } from '../command';
import { isCache, pickResource } from '../pickResource';
import { runOperation } from '../runOperation';
import { l10n } from '../../protocol/l10n';
import { safeFileName } from '../../protocol/fileNames';

export function defaultSnapshotUri(name: string, now = new Date()): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const stamp = now
    .toISOString()
    .replace(/[:.]/g, '-')
    .replace(/-\d{3}Z$/, 'Z');
  // The name may be a label's ("../x"): it is made one safe file name, so the default stays in that folder.
  const file = `${safeFileName(name, process.platform, 'cache')}-${stamp}.rdb`;
  return folder ? vscode.Uri.joinPath(folder.uri, '.fakecloud', 'snapshots', file) : undefined;
}

export const snapshotCache: FakecloudCommand = {
  id: 'fakecloud.snapshotCache',
  async run(ctx, arg) {
    const r = await pickResource(ctx, arg, isCache, l10n.t('Snapshot Cache'));
    if (!r) return;
    if (r.engine === 'memcached') {
      void vscode.window.showWarningMessage(
        l10n.t('Snapshots are not supported for memcached ({0}): memcached keeps no data on disk.', r.name),
      );
      return;
    }
    const suggested = defaultSnapshotUri(r.name);
    // Save dialogs stumble on a folder that does not exist yet: make the default one first.
    if (suggested) await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(suggested, '..')).then(undefined, () => undefined);
    const target = await vscode.window.showSaveDialog({
      title: l10n.t('Save a snapshot of {0}', r.name),
      filters: { 'Redis snapshot': ['rdb'] },
      ...(suggested ? { defaultUri: suggested } : {}),
    });
    if (!target) return;
    if (target.scheme !== 'file') {
      void vscode.window.showErrorMessage(l10n.t('Snapshots are written to local files; {0} is not one.', target.toString()));
      return;
    }
    try {
      const res = await runOperation(ctx, l10n.t('Snapshot of {0}', r.name), false, (operationId) =>
        ctx.client.request('cache/snapshot', { resourceId: r.id, path: target.fsPath, operationId }),
      );
      const mb = (res.size / 1e6).toFixed(res.size < 1e6 ? 3 : 1);
      const open = await vscode.window.showInformationMessage(
        l10n.t('Snapshot of {0}: {1}, {2} MB → {3}', r.name, l10n.plural(res.keys, '{0} key', '{0} keys'), mb, path.basename(res.path)),
        l10n.t('Reveal'),
      );
      if (open === l10n.t('Reveal')) void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(res.path));
    } catch (err) {
      throw new CommandFailure(l10n.t('Snapshot of {0}', r.name), err);
    }
  },
};
