// A tree item's default action: on a double-click, or Enter on the focused item. A single click only selects.
import * as vscode from 'vscode';
import type { TreeNode } from '../../views/treeNodes';
import { ClickTracker, defaultActionOf, defaultAwsActionOf } from '../../views/defaultActions';
import type { FakecloudCommand } from '../command';
import { nodeOf } from '../pickResource';

const clicks = new ClickTracker();

export const openResource: FakecloudCommand = {
  id: 'fakecloud.openResource',
  async run(ctx, arg) {
    const clicked = arg as TreeNode | undefined;
    const idOf = (n: TreeNode) => (n.type === 'aws' ? n.item.id : n.type === 'resource' ? n.resource.id : undefined);
    const clickedId = clicked && idOf(clicked);
    // From a click the item comes along (and only a double-click opens); from Enter it is the tree's selection.
    if (clickedId && !clicks.click(clickedId, Date.now())) return;
    const node = clickedId ? clicked : ctx.selectedNodes()[0];
    if (node?.type === 'resource') await vscode.commands.executeCommand(defaultActionOf(node.resource), nodeOf(node.resource));
    if (node?.type === 'aws') {
      const action = defaultAwsActionOf(node.item, node.resource);
      if (action) await vscode.commands.executeCommand(action, node);
    }
  },
};
