// Terminate: after a confirmation, the container is removed (and ours leaves the desired state).
import * as vscode from 'vscode';
import type { FakecloudCommand } from '../command';
import { isInstance } from '../pickResource';
import { resourceAction } from '../resourceAction';
import { labelOf, runsAs } from '../../views/treeNodes';

export const terminateInstance: FakecloudCommand = {
  id: 'fakecloud.terminateInstance',
  run: (ctx, arg) =>
    resourceAction(ctx, arg, {
      server: 'terminate',
      title: 'Terminate Instance',
      filter: isInstance,
      verb: 'Terminating',
      done: 'terminated',
      call: (c, r) => c.client.request('instance/terminate', { resourceId: r.id }),
      confirm: async (r) => {
        const theirs = r.owner.type === 'fakecloud' ? ' It belongs to a fakecloud server, whose EC2 API will still list it.' : '';
        const ok = await vscode.window.showWarningMessage(
          `Terminate ${labelOf(r)}${r.displayName ? ` (${r.name})` : ''}? Its ${runsAs(r)} is removed, with everything written inside it.${theirs}`,
          { modal: true },
          'Terminate',
        );
        return ok === 'Terminate';
      },
    }),
};
