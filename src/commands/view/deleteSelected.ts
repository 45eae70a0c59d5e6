// The Delete key on the tree: the selected resource's own delete command, which asks first.
import * as vscode from 'vscode';
import { deleteActionOf } from '../../views/defaultActions';
import { labelOf } from '../../views/treeNodes';
import type { FakecloudCommand } from '../command';
import { nodeOf } from '../pickResource';

export const deleteSelected: FakecloudCommand = {
  id: 'fakecloud.deleteSelected',
  async run(ctx) {
    const r = ctx.selection()[0];
    if (!r) return;
    const action = deleteActionOf(r);
    if (!action) {
      void vscode.window.showInformationMessage(`${labelOf(r)} is not deleted from here${r.busy ? ` while it is ${r.busy}` : ''}.`);
      return;
    }
    await vscode.commands.executeCommand(action, nodeOf(r));
  },
};
