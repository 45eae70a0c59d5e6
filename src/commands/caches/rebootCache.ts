// Reboot: restart the container, then wait until it answers. Redis keeps its data; memcached comes back empty.
import * as vscode from 'vscode';
import { CommandFailure, type FakecloudCommand } from '../command';
import { isCache, pickResource } from '../pickResource';
import { runOperation } from '../runOperation';

export const rebootCache: FakecloudCommand = {
  id: 'fakecloud.rebootCache',
  async run(ctx, arg) {
    const r = await pickResource(ctx, arg, isCache, 'Reboot Cache');
    if (!r) return;
    if (r.engine === 'memcached') {
      const ok = await vscode.window.showWarningMessage(
        `Reboot ${r.name}? memcached comes back empty, as in ElastiCache.`,
        { modal: true },
        'Reboot',
      );
      if (ok !== 'Reboot') return;
    }
    try {
      const res = await runOperation(ctx, `Rebooting ${r.name}`, false, (operationId) =>
        ctx.client.request('cache/reboot', { resourceId: r.id, operationId }),
      );
      vscode.window.setStatusBarMessage(`$(check) ${r.name} rebooted, ready in ${(res.waitedMs / 1000).toFixed(1)} s`, 5000);
    } catch (err) {
      throw new CommandFailure(`Reboot ${r.name}`, err);
    }
  },
};
