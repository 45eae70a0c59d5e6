// Delete: after a confirmation that says whose the cache is. Ours: the container,
// its data volume and its desired state. A fakecloud server's: the container only.
import * as vscode from 'vscode';
import type { FakecloudCommand } from '../command';
import { isCache, nodeOf } from '../pickResource';
import { resourceAction } from '../resourceAction';
import { deleteCacheDetail } from '../../views/confirmations';
import { l10n } from '../../protocol/l10n';

export const deleteCache: FakecloudCommand = {
  id: 'fakecloud.deleteCache',
  run: (ctx, arg) =>
    resourceAction(ctx, arg, {
      server: 'delete',
      title: l10n.t('Delete Cache'),
      filter: isCache,
      verb: l10n.t('Deleting'),
      confirm: async (r) => {
        // A Redis cache of ours loses its data: a snapshot is offered right there.
        const offerSnapshot = r.owner.type === 'extension' && r.engine !== 'memcached' && r.state === 'running';
        const ok = await vscode.window.showWarningMessage(
          l10n.t('Delete cache {0}?', r.name),
          { modal: true, detail: deleteCacheDetail(r) },
          l10n.t('Delete'),
          ...(offerSnapshot ? [l10n.t('Snapshot First')] : []),
        );
        // The snapshot is taken and nothing is deleted: the user deletes knowing the data is kept.
        if (ok === l10n.t('Snapshot First')) await vscode.commands.executeCommand('fakecloud.snapshotCache', nodeOf(r));
        return ok === l10n.t('Delete');
      },
      call: (c, r) => c.client.request('cache/delete', { resourceId: r.id }),
      done: (res) =>
        `deleted${res.removedVolume ? l10n.t(' with its data') : ''}.${res.keptVolumes.length ? l10n.t(' Kept volumes: {0}.', res.keptVolumes.join(', ')) : ''}`,
    }),
};
