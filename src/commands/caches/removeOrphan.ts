// Remove an orphan (ours by label, not in the desired state): the container, and
// its data only if the user says so. Nothing is ever removed with its data automatically.
import * as vscode from 'vscode';
import type { FakecloudCommand } from '../command';
import { resourceAction } from '../resourceAction';

const DETAIL =
  'It carries Fakecloud Explorer’s label but is not in its desired state (left over from a crash, an earlier deploy, or ' +
  'another machine’s state).';

export const removeOrphan: FakecloudCommand = {
  id: 'fakecloud.removeOrphan',
  run: (ctx, arg) =>
    resourceAction(ctx, arg, {
      title: 'Remove Orphan',
      filter: (x) => x.orphan === true,
      verb: 'Removing',
      // Only a cache has data of its own (its volume); other kinds are just their container.
      confirm: async (r) =>
        r.kind === 'cache'
          ? vscode.window.showWarningMessage(
              `Remove the orphaned cache ${r.name}?`,
              { modal: true, detail: DETAIL },
              'Remove Container',
              'Remove Container and Data',
            )
          : vscode.window.showWarningMessage(
              `Remove the orphaned ${r.kind} ${r.displayName ?? r.name} (${r.containerName})?`,
              { modal: true, detail: DETAIL },
              'Remove Container',
            ),
      call: (c, r, _op, choice) =>
        c.client.request('cache/removeOrphan', { resourceId: r.id, removeData: choice === 'Remove Container and Data' }),
      done: (res) => `removed${res.removedVolume ? ` with ${res.removedVolume}` : ''}`,
    }),
};
