// Delete: after a confirmation that says whose the cache is. Ours: the container,
// its data volume and its desired state. A fakecloud server's: the container only.
import * as vscode from 'vscode';
import { CommandFailure, type FakecloudCommand } from '../command';
import { isCache, pickResource } from '../pickResource';
import { ownerText, runsAs } from '../../views/treeNodes';

export const deleteCache: FakecloudCommand = {
  id: 'fakecloud.deleteCache',
  async run(ctx, arg) {
    const r = await pickResource(ctx, arg, isCache, 'Delete Cache');
    if (!r) return;
    const ours = r.owner.type === 'extension';
    const where = runsAs(r);
    const detail = ours
      ? r.engine === 'memcached'
        ? `Its ${where} is removed.`
        : r.backend === 'kubernetes'
          ? `Its ${where} is deleted, and its data with it. Take a snapshot first to keep the data.`
          : `Its ${where} and its data volume are removed. Take a snapshot first to keep the data.`
      : `It belongs to ${ownerText(r)}, not to Fakecloud Explorer. Its ${where} is removed behind the server's ` +
        `back${r.backend === 'kubernetes' ? '' : '; its volumes are kept'}.`;
    const ok = await vscode.window.showWarningMessage(`Delete cache ${r.name}?`, { modal: true, detail }, 'Delete');
    if (ok !== 'Delete') return;
    try {
      const res = await ctx.client.request('cache/delete', { resourceId: r.id });
      const kept = res.keptVolumes.length ? ` Kept volumes: ${res.keptVolumes.join(', ')}.` : '';
      vscode.window.setStatusBarMessage(`$(trash) Deleted ${r.name}${res.removedVolume ? ' and its data' : ''}.${kept}`, 5000);
    } catch (err) {
      throw new CommandFailure(`Delete ${r.name}`, err);
    }
  },
};
