// Delete: after a confirmation that says whose the cache is. Ours: the container,
// its data volume and its desired state. A fakecloud server's: the container only.
import * as vscode from 'vscode';
import type { FakecloudCommand } from '../command';
import { isCache, nodeOf } from '../pickResource';
import { resourceAction } from '../resourceAction';
import { deleteCacheDetail } from '../../views/confirmations';

export const deleteCache: FakecloudCommand = {
  id: 'fakecloud.deleteCache',
  run: (ctx, arg) =>
    resourceAction(ctx, arg, {
      server: 'delete',
      title: 'Delete Cache',
      filter: isCache,
      verb: 'Deleting',
      confirm: async (r) => {
        // A Redis cache of ours loses its data: a snapshot is offered right there.
        const offerSnapshot = r.owner.type === 'extension' && r.engine !== 'memcached' && r.state === 'running';
        const ok = await vscode.window.showWarningMessage(
          `Delete cache ${r.name}?`,
          { modal: true, detail: deleteCacheDetail(r) },
          'Delete',
          ...(offerSnapshot ? ['Snapshot First'] : []),
        );
        // The snapshot is taken and nothing is deleted: the user deletes knowing the data is kept.
        if (ok === 'Snapshot First') await vscode.commands.executeCommand('fakecloud.snapshotCache', nodeOf(r));
        return ok === 'Delete';
      },
      call: (c, r) => c.client.request('cache/delete', { resourceId: r.id }),
      done: (res) =>
        `deleted${res.removedVolume ? ' with its data' : ''}.${res.keptVolumes.length ? ` Kept volumes: ${res.keptVolumes.join(', ')}.` : ''}`,
    }),
};
