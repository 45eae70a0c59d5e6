// Terminate: after a confirmation, the container is removed (and ours leaves the desired state).
import * as vscode from 'vscode';
import type { FakecloudCommand } from '../command';
import { isInstance } from '../pickResource';
import { resourceAction } from '../resourceAction';
import { labelOf, runsAs } from '../../views/treeNodes';
import { l10n } from '../../protocol/l10n';

export const terminateInstance: FakecloudCommand = {
  id: 'fakecloud.terminateInstance',
  run: (ctx, arg) =>
    resourceAction(ctx, arg, {
      server: 'terminate',
      title: l10n.t('Terminate Instance'),
      filter: isInstance,
      verb: l10n.t('Terminating'),
      done: 'terminated',
      call: (c, r) => c.client.request('instance/terminate', { resourceId: r.id }),
      confirm: async (r) => {
        const theirs = r.owner.type === 'fakecloud' ? l10n.t(' It belongs to a fakecloud server, whose EC2 API will still list it.') : '';
        const ok = await vscode.window.showWarningMessage(
          l10n.t(
            'Terminate {0}{1}? Its {2} is removed, with everything written inside it.{3}',
            labelOf(r),
            r.displayName ? ` (${r.name})` : '',
            runsAs(r),
            theirs,
          ),
          { modal: true },
          l10n.t('Terminate'),
        );
        return ok === l10n.t('Terminate');
      },
    }),
};
