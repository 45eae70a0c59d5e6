// What Upload Files… and Upload Folder… share: local files or folders copied into a folder row's folder, any size,
// with progress; asked before a name already there is replaced.
import * as vscode from 'vscode';
import { l10n } from '../../protocol/l10n';
import { sizeText } from '../../views/fileNodes';
import { CommandFailure, type CommandContext } from '../command';
import { runOperation } from '../runOperation';
import { fileTarget, isFileExists, whoseFiles } from './fileTarget';
import { requireTrustFor } from '../workspaceTrust';

export async function uploadInto(ctx: CommandContext, arg: unknown, folders: boolean): Promise<void> {
  const t = await fileTarget(ctx, arg, folders ? l10n.t('Upload Folder') : l10n.t('Upload Files'));
  if (!t) return;
  if (!t.isDir) return;
  const picked = await vscode.window.showOpenDialog({
    title: l10n.t('Upload into {0} of {1}', t.path, whoseFiles(t.resource)),
    canSelectFiles: !folders,
    canSelectFolders: folders,
    canSelectMany: true,
    openLabel: l10n.t('Upload'),
    ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
  });
  if (!picked?.length) return;
  const sources = picked.filter((u) => u.scheme === 'file').map((u) => u.fsPath);
  if (sources.length === 0) return;
  requireTrustFor(folders ? l10n.t('Upload Folder') : l10n.t('Upload Files'), sources);
  const send = (overwrite: boolean) =>
    runOperation(ctx, l10n.t('Uploading to {0} of {1}', t.path, whoseFiles(t.resource)), true, (operationId) =>
      ctx.client.request('files/upload', { resourceId: t.resource.id, sources, path: t.path, overwrite, operationId }),
    );
  let res;
  try {
    try {
      res = await send(false);
    } catch (err) {
      if (!isFileExists(err)) throw err;
      const replace = await vscode.window.showWarningMessage(
        err instanceof Error ? err.message : String(err),
        { modal: true, detail: l10n.t('Replace what is there with what you picked?') },
        l10n.t('Replace'),
      );
      if (replace !== l10n.t('Replace')) return;
      res = await send(true);
    }
  } catch (err) {
    throw new CommandFailure(l10n.t('Upload to {0}', t.path), err);
  } finally {
    ctx.files.forget(t.resource.id, t.path);
  }
  vscode.window.setStatusBarMessage(
    l10n.t('Uploaded {0} ({1}) to {2}', l10n.plural(res.files, '{0} file', '{0} files'), sizeText(res.bytes), t.path),
    5000,
  );
}
