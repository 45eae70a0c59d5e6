// Delete: after a confirmation that says whose the cache is. Ours: the container,
// its data volume and its desired state. A fakecloud server's: the container only.
import * as vscode from 'vscode';
import type { FakecloudCommand } from '../command';
import type { Resource } from '../../protocol/model';
import { isCache } from '../pickResource';
import { resourceAction } from '../resourceAction';
import { ownerText, runsAs } from '../../views/treeNodes';

export const deleteCache: FakecloudCommand = {
  id: 'fakecloud.deleteCache',
  run: (ctx, arg) =>
    resourceAction(ctx, arg, {
      title: 'Delete Cache',
      filter: isCache,
      verb: 'Deleting',
      confirm: async (r) => {
        const ok = await vscode.window.showWarningMessage(`Delete cache ${r.name}?`, { modal: true, detail: deleteDetail(r) }, 'Delete');
        return ok === 'Delete';
      },
      call: (c, r) => c.client.request('cache/delete', { resourceId: r.id }),
      done: (res) =>
        `deleted${res.removedVolume ? ' with its data' : ''}.${res.keptVolumes.length ? ` Kept volumes: ${res.keptVolumes.join(', ')}.` : ''}`,
    }),
};

/** Says whose the cache is and what goes with it. */
function deleteDetail(r: Resource): string {
  const where = runsAs(r);
  if (r.owner.type !== 'extension')
    return (
      `It belongs to ${ownerText(r)}, not to Fakecloud Explorer. Its ${where} is removed behind the server's ` +
      `back${r.backend === 'kubernetes' ? '' : '; its volumes are kept'}.`
    );
  if (r.engine === 'memcached') return `Its ${where} is removed.`;
  return r.backend === 'kubernetes'
    ? `Its ${where} is deleted, and its data with it. Take a snapshot first to keep the data.`
    : `Its ${where} and its data volume are removed. Take a snapshot first to keep the data.`;
}
