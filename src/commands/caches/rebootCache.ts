// Reboot: restart the container, then wait until it answers. Redis keeps its data; memcached comes back empty.
import * as vscode from 'vscode';
import type { FakecloudCommand } from '../command';
import { isCache } from '../pickResource';
import { resourceAction } from '../resourceAction';

export const rebootCache: FakecloudCommand = {
  id: 'fakecloud.rebootCache',
  run: (ctx, arg) =>
    resourceAction(ctx, arg, {
      server: 'reboot',
      title: 'Reboot Cache',
      filter: isCache,
      verb: 'Rebooting',
      confirm: async (r) =>
        r.engine !== 'memcached' ||
        (await vscode.window.showWarningMessage(
          `Reboot ${r.name}? memcached comes back empty, as in ElastiCache.`,
          { modal: true },
          'Reboot',
        )) === 'Reboot',
      call: (c, r, operationId) => c.client.request('cache/reboot', { resourceId: r.id, operationId }),
      done: (res) => `rebooted, ready in ${(res.waitedMs / 1000).toFixed(1)} s`,
    }),
};
