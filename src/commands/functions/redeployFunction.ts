// Redeploy: the code folder it was deployed from, again, into a new container;
// the old one goes only once the new one answers.
import * as vscode from 'vscode';
import type { FakecloudCommand } from '../command';
import { isOwnFunction, pickResource } from '../pickResource';
import { errorText, runOperation } from '../runOperation';

export const redeployFunction: FakecloudCommand = {
  id: 'fakecloud.redeployFunction',
  async run(ctx, arg) {
    const r = await pickResource(ctx, arg, isOwnFunction, 'Redeploy Function');
    if (!r) return;
    try {
      const res = await runOperation(ctx, `Redeploying ${r.name}`, true, (operationId) => ctx.client.request('function/redeploy', { resourceId: r.id, operationId }, 600_000));
      vscode.window.setStatusBarMessage(`$(check) ${r.name} redeployed (${res.files} files)`, 5000);
    } catch (err) {
      ctx.output.error(`redeploy ${r.name}: ${errorText(err)}`);
      void vscode.window.showErrorMessage(`Redeploy ${r.name}: ${errorText(err)}`);
    }
  },
};
