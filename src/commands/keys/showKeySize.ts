// Show Size: the memory a key takes (MEMORY USAGE), asked for one key at a time as it costs the cache a walk of
// the value; shown in the key's description from then on.
import * as vscode from 'vscode';
import type { TreeNode } from '../../views/treeNodes';
import { keyLabel } from '../../views/keyTree';
import { CommandFailure, type FakecloudCommand } from '../command';
import { keyRefOf } from './keyTarget';
import { l10n } from '../../protocol/l10n';

export const showKeySize: FakecloudCommand = {
  id: 'fakecloud.showKeySize',
  async run(ctx, arg) {
    const node = arg as TreeNode | undefined;
    if (node?.type !== 'key') return;
    try {
      const { bytes } = await ctx.client.request('cache/keyMemory', { resourceId: node.resourceId, db: node.db, key: keyRefOf(node) });
      ctx.keys.setSize(node.resourceId, node.db, node.key, bytes);
      vscode.window.setStatusBarMessage(l10n.t('{0} takes {1} bytes', keyLabel(node.key), bytes.toLocaleString('en-US')), 4000);
    } catch (err) {
      throw new CommandFailure(l10n.t('Show Size of {0}', keyLabel(node.key)), err);
    }
  },
};
