// A tree item's default action: on a double-click, or Enter on the focused item. A single click only selects.
import * as vscode from 'vscode';
import type { TreeNode } from '../../views/treeNodes';
import { ClickTracker, defaultActionOf } from '../../views/defaultActions';
import type { FakecloudCommand } from '../command';
import { nodeOf } from '../pickResource';

const clicks = new ClickTracker();

export const openResource: FakecloudCommand = {
  id: 'fakecloud.openResource',
  async run(ctx, arg) {
    const clicked = arg as TreeNode | undefined;
    // From a click the item comes along; from Enter it is the tree's selection.
    if (clicked?.type === 'resource' && !clicks.click(clicked.resource.id, Date.now())) return;
    const r = clicked?.type === 'resource' ? clicked.resource : ctx.selection()[0];
    if (!r) return;
    await vscode.commands.executeCommand(defaultActionOf(r), nodeOf(r));
  },
};
