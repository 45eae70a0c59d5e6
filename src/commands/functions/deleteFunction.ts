// Delete: after a confirmation, the container; for ours also its stored code and desired state.
import * as vscode from 'vscode';
import type { FakecloudCommand } from '../command';
import { isFunction } from '../pickResource';
import { resourceAction } from '../resourceAction';
import { deleteFunctionQuestion } from '../../views/confirmations';

export const deleteFunction: FakecloudCommand = {
  id: 'fakecloud.deleteFunction',
  run: (ctx, arg) =>
    resourceAction(ctx, arg, {
      server: 'delete',
      title: 'Delete Function',
      filter: isFunction,
      verb: 'Deleting',
      done: 'deleted',
      call: (c, r) => c.client.request('function/delete', { resourceId: r.id }),
      confirm: async (r) => {
        const ok = await vscode.window.showWarningMessage(deleteFunctionQuestion(r), { modal: true }, 'Delete');
        return ok === 'Delete';
      },
    }),
};
