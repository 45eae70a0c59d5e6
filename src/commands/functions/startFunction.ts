// Start: the stopped container again, ready once its invoke API answers.
import * as vscode from 'vscode';
import type { FakecloudCommand } from '../command';
import { isStoppedFunction, pickResource } from '../pickResource';
import { errorText, runOperation } from '../runOperation';

export const startFunction: FakecloudCommand = {
  id: 'fakecloud.startFunction',
  async run(ctx, arg) {
    const r = await pickResource(ctx, arg, isStoppedFunction, 'Start Function');
    if (!r) return;
    try {
      await runOperation(ctx, `Starting ${r.name}`, false, (operationId) => ctx.client.request('function/start', { resourceId: r.id, operationId }, 120_000));
      vscode.window.setStatusBarMessage(`$(check) ${r.name} is running`, 5000);
    } catch (err) {
      ctx.output.error(`start ${r.name}: ${errorText(err)}`);
      void vscode.window.showErrorMessage(`Start ${r.name}: ${errorText(err)}`);
    }
  },
};
