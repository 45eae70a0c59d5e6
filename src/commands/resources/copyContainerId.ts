// Copy a resource's container id, for docker commands of one's own.
import * as vscode from 'vscode';
import type { TreeNode } from '../../views/treeNodes';
import type { FakecloudCommand } from '../command';
import { l10n } from '../../protocol/l10n';

export const copyContainerId: FakecloudCommand = {
  id: 'fakecloud.copyContainerId',
  async run(_ctx, node) {
    const n = node as TreeNode | undefined;
    if (n?.type !== 'resource') return;
    await vscode.env.clipboard.writeText(n.resource.containerId);
    vscode.window.setStatusBarMessage(l10n.t('Copied {0}', n.resource.containerId.slice(0, 12)), 3000);
  },
};
