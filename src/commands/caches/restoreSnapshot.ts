// Restore Snapshot into New Cache…: an .rdb checked before anything is created,
// then a new Redis cache with it staged into /data before Redis starts.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandFailure, type FakecloudCommand } from '../command';
import { runOperation } from '../runOperation';
import { askCacheName } from './createCache';
import { askBackend } from '../askWhere';
import { l10n } from '../../protocol/l10n';
import { requireTrustFor } from '../workspaceTrust';

export const restoreSnapshot: FakecloudCommand = {
  id: 'fakecloud.restoreSnapshot',
  async run(ctx, arg) {
    let file = arg instanceof vscode.Uri ? arg : undefined;
    if (!file) {
      const folder = vscode.workspace.workspaceFolders?.[0];
      const picked = await vscode.window.showOpenDialog({
        title: l10n.t('Restore a Redis snapshot into a new cache'),
        filters: { 'Redis snapshot': ['rdb'] },
        canSelectMany: false,
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder.uri, '.fakecloud', 'snapshots') } : {}),
      });
      file = picked?.[0];
    }
    if (!file) return;
    requireTrustFor(l10n.t('Restore Snapshot'), [file.fsPath]);
    try {
      await ctx.client.request('cache/checkSnapshot', { path: file.fsPath });
    } catch (err) {
      throw new CommandFailure(undefined, err);
    }
    const where = await askBackend(ctx, l10n.t('Restore Snapshot'));
    if (!where) return;
    const name = await askCacheName(
      ctx,
      l10n.t('Restore {0} into a new cache: name', path.basename(file.fsPath)),
      path.basename(file.fsPath),
    );
    if (!name) return;
    try {
      const res = await runOperation(ctx, l10n.t('Restoring {0} into {1}', path.basename(file.fsPath), name), true, (operationId) =>
        ctx.client.request('cache/create', { name, engine: 'redis', rdbPath: file.fsPath, backend: where, operationId }),
      );
      void vscode.window.showInformationMessage(
        l10n.t('Cache {0} restored and ready at {1}:{2}.', name, res.endpoint.host, res.endpoint.port),
      );
    } catch (err) {
      throw new CommandFailure(l10n.t('Restore into {0}', name), err);
    }
  },
};
