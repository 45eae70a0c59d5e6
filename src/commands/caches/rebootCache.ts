// Reboot: restart the container, then wait until it answers. Redis keeps its data; memcached comes back empty.
import * as vscode from 'vscode';
import type { FakecloudCommand } from '../command';
import { isCache } from '../pickResource';
import { resourceAction } from '../resourceAction';
import { l10n } from '../../protocol/l10n';

export const rebootCache: FakecloudCommand = {
  id: 'fakecloud.rebootCache',
  run: (ctx, arg) =>
    resourceAction(ctx, arg, {
      server: 'reboot',
      title: l10n.t('Reboot Cache'),
      filter: isCache,
      verb: l10n.t('Rebooting'),
      confirm: async (r) =>
        r.engine !== 'memcached' ||
        (await vscode.window.showWarningMessage(
          l10n.t('Reboot {0}? memcached comes back empty, as in ElastiCache.', r.name),
          { modal: true },
          l10n.t('Reboot'),
        )) === l10n.t('Reboot'),
      call: (c, r, operationId) => c.client.request('cache/reboot', { resourceId: r.id, operationId }),
      done: (res) => l10n.t('rebooted, ready in {0} s', (res.waitedMs / 1000).toFixed(1)),
    }),
};
