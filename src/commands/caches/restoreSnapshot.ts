// Restore Snapshot into New Cache…: an .rdb checked before anything is created,
// then a new Redis cache with it staged into /data before Redis starts.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CommandFailure, type FakecloudCommand } from '../command';
import { runOperation } from '../runOperation';
import { askCacheName } from './createCache';
import { askBackend } from '../askWhere';

export const restoreSnapshot: FakecloudCommand = {
  id: 'fakecloud.restoreSnapshot',
  async run(ctx, arg) {
    let file = arg instanceof vscode.Uri ? arg : undefined;
    if (!file) {
      const folder = vscode.workspace.workspaceFolders?.[0];
      const picked = await vscode.window.showOpenDialog({
        title: 'Restore a Redis snapshot into a new cache',
        filters: { 'Redis snapshot': ['rdb'] },
        canSelectMany: false,
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder.uri, '.fakecloud', 'snapshots') } : {}),
      });
      file = picked?.[0];
    }
    if (!file) return;
    try {
      await ctx.client.request('cache/checkSnapshot', { path: file.fsPath });
    } catch (err) {
      throw new CommandFailure(undefined, err);
    }
    const where = await askBackend(ctx, 'Restore Snapshot');
    if (!where) return;
    const name = await askCacheName(ctx, `Restore ${path.basename(file.fsPath)} into a new cache: name`, path.basename(file.fsPath));
    if (!name) return;
    try {
      const res = await runOperation(ctx, `Restoring ${path.basename(file.fsPath)} into ${name}`, true, (operationId) =>
        ctx.client.request('cache/create', { name, engine: 'redis', rdbPath: file.fsPath, backend: where, operationId }),
      );
      void vscode.window.showInformationMessage(`Cache ${name} restored and ready at ${res.endpoint.host}:${res.endpoint.port}.`);
    } catch (err) {
      throw new CommandFailure(`Restore into ${name}`, err);
    }
  },
};
