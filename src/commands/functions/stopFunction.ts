// Stop: the function's container is stopped and kept; the reconciler leaves it stopped.
import * as vscode from 'vscode';
import type { FakecloudCommand } from '../command';
import { isRunningFunction, pickResource } from '../pickResource';
import { errorText, runOperation } from '../runOperation';

export const stopFunction: FakecloudCommand = {
  id: 'fakecloud.stopFunction',
  async run(ctx, arg) {
    const r = await pickResource(ctx, arg, isRunningFunction, 'Stop Function');
    if (!r) return;
    try {
      await runOperation(ctx, `Stopping ${r.name}`, false, () => ctx.client.request('function/stop', { resourceId: r.id }, 60_000));
      vscode.window.setStatusBarMessage(`$(check) ${r.name} stopped`, 5000);
    } catch (err) {
      ctx.output.error(`stop ${r.name}: ${errorText(err)}`);
      void vscode.window.showErrorMessage(`Stop ${r.name}: ${errorText(err)}`);
    }
  },
};
