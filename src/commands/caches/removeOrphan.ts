// Remove an orphan (ours by label, not in the desired state): the container, and
// its data only if the user says so. Nothing is ever removed with its data automatically.
import * as vscode from 'vscode';
import { CommandFailure, type FakecloudCommand } from '../command';
import { pickResource } from '../pickResource';

export const removeOrphan: FakecloudCommand = {
  id: 'fakecloud.removeOrphan',
  async run(ctx, arg) {
    const r = await pickResource(ctx, arg, (x) => x.orphan === true, 'Remove Orphan');
    if (!r) return;
    const detail =
      'It carries Fakecloud Explorer’s label but is not in its desired state (left over from a crash, an earlier deploy, or another machine’s state).';
    // Only a cache has data of its own (its volume); other kinds are just their container.
    const choice =
      r.kind === 'cache'
        ? await vscode.window.showWarningMessage(
            `Remove the orphaned cache ${r.name}?`,
            { modal: true, detail },
            'Remove Container',
            'Remove Container and Data',
          )
        : await vscode.window.showWarningMessage(
            `Remove the orphaned ${r.kind} ${r.displayName ?? r.name} (${r.containerName})?`,
            { modal: true, detail },
            'Remove Container',
          );
    if (!choice) return;
    try {
      const res = await ctx.client.request('cache/removeOrphan', { resourceId: r.id, removeData: choice === 'Remove Container and Data' });
      vscode.window.setStatusBarMessage(`$(trash) Removed ${r.name}${res.removedVolume ? ` and ${res.removedVolume}` : ''}`, 5000);
    } catch (err) {
      throw new CommandFailure(`Remove ${r.name}`, err);
    }
  },
};
