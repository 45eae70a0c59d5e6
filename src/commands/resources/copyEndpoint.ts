// Copy a resource's endpoint (host:port) to the clipboard.
import * as vscode from 'vscode';
import type { TreeNode } from '../../views/treeNodes';
import { endpointText } from '../../views/treeNodes';
import type { FakecloudCommand } from '../command';

export const copyEndpoint: FakecloudCommand = {
  id: 'fakecloud.copyEndpoint',
  async run(_ctx, node) {
    const n = node as TreeNode | undefined;
    if (n?.type !== 'resource') return;
    const text = endpointText(n.resource);
    if (!text) {
      void vscode.window.showWarningMessage(`${n.resource.name} has no endpoint.`);
      return;
    }
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(`Copied ${text}`, 3000);
  },
};
