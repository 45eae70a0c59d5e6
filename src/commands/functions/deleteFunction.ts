// Delete: after a confirmation, the container; for ours also its stored code and desired state.
import * as vscode from 'vscode';
import type { FakecloudCommand } from '../command';
import { isFunction, pickResource } from '../pickResource';
import { errorText, runOperation } from '../runOperation';

export const deleteFunction: FakecloudCommand = {
  id: 'fakecloud.deleteFunction',
  async run(ctx, arg) {
    const r = await pickResource(ctx, arg, isFunction, 'Delete Function');
    if (!r) return;
    const theirs = r.owner.type === 'fakecloud' ? ' It belongs to a fakecloud server, whose Lambda API will still list it.' : '';
    const ok = await vscode.window.showWarningMessage(`Delete function ${r.name}? Its container ${r.containerName} is removed.${theirs}`, { modal: true }, 'Delete');
    if (ok !== 'Delete') return;
    try {
      await runOperation(ctx, `Deleting ${r.name}`, false, () => ctx.client.request('function/delete', { resourceId: r.id }, 60_000));
      vscode.window.setStatusBarMessage(`$(check) ${r.name} deleted`, 5000);
    } catch (err) {
      ctx.output.error(`delete ${r.name}: ${errorText(err)}`);
      void vscode.window.showErrorMessage(`Delete ${r.name}: ${errorText(err)}`);
    }
  },
};
