// The Delete key on the tree: the selected resource's own delete command, which asks first.
import * as vscode from 'vscode';
import { deleteActionOf, deleteAwsActionOf } from '../../views/defaultActions';
import { labelOf } from '../../views/treeNodes';
import type { FakecloudCommand } from '../command';
import { nodeOf } from '../pickResource';
import { l10n } from '../../protocol/l10n';

export const deleteSelected: FakecloudCommand = {
  id: 'fakecloud.deleteSelected',
  async run(ctx) {
    const node = ctx.selectedNodes()[0];
    // A server's resource row: deleted through the server, whether or not a container runs it.
    if (node?.type === 'aws') {
      const action = deleteAwsActionOf(node.item);
      if (action) await vscode.commands.executeCommand(action, node);
      else void vscode.window.showInformationMessage(l10n.t('{0} is not deleted from here.', node.item.displayName ?? node.item.awsId));
      return;
    }
    const r = ctx.selection()[0];
    if (!r) return;
    const action = deleteActionOf(r);
    if (!action) {
      void vscode.window.showInformationMessage(
        l10n.t('{0} is not deleted from here{1}.', labelOf(r), r.busy ? ` while it is ${r.busy}` : ''),
      );
      return;
    }
    await vscode.commands.executeCommand(action, nodeOf(r));
  },
};
