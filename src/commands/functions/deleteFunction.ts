// Delete: after a confirmation, the container; for ours also its stored code and desired state.
import * as vscode from 'vscode';
import type { FakecloudCommand } from '../command';
import { isFunction } from '../pickResource';
import { resourceAction } from '../resourceAction';
import { deleteFunctionQuestion } from '../../views/confirmations';
import { l10n } from '../../protocol/l10n';

export const deleteFunction: FakecloudCommand = {
  id: 'fakecloud.deleteFunction',
  run: (ctx, arg) =>
    resourceAction(ctx, arg, {
      server: 'delete',
      title: l10n.t('Delete Function'),
      filter: isFunction,
      verb: l10n.t('Deleting'),
      done: 'deleted',
      call: (c, r) => c.client.request('function/delete', { resourceId: r.id }),
      confirm: async (r) => {
        const ok = await vscode.window.showWarningMessage(deleteFunctionQuestion(r), { modal: true }, l10n.t('Delete'));
        return ok === l10n.t('Delete');
      },
    }),
};
