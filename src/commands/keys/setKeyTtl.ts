// Set TTL…: how long a key lives from now (seconds, or 15m, 2h, 7d); empty removes its expiry, as Persist does.
import * as vscode from 'vscode';
import { parseTtl } from '../../protocol/keyDocument';
import type { TreeNode } from '../../views/treeNodes';
import { keyLabel, ttlText } from '../../views/keyTree';
import { CommandFailure, type FakecloudCommand } from '../command';
import { keyRefOf } from './keyTarget';
import { l10n } from '../../protocol/l10n';

export const setKeyTtl: FakecloudCommand = {
  id: 'fakecloud.setKeyTtl',
  async run(ctx, arg) {
    const node = arg as TreeNode | undefined;
    if (node?.type !== 'key') return;
    const label = keyLabel(node.key);
    const now = ttlText(node.key.ttlMs);
    const typed = await vscode.window.showInputBox({
      title: l10n.t('Set TTL of {0}', label),
      prompt: l10n.t('{0} Seconds, or 15m, 2h, 7d; empty for none.', now ? `It expires in ${now}.` : 'It has no expiry.'),
      validateInput: (v) => {
        const r = parseTtl(v);
        return 'error' in r ? r.error : undefined;
      },
    });
    if (typed === undefined) return;
    const ttl = parseTtl(typed);
    await expire(ctx, node, 'seconds' in ttl ? ttl.seconds : 0);
  },
};

export async function expire(
  ctx: Parameters<FakecloudCommand['run']>[0],
  node: Extract<TreeNode, { type: 'key' }>,
  ttlSeconds: number,
): Promise<void> {
  const label = keyLabel(node.key);
  let res: { ttlMs: number };
  try {
    res = await ctx.client.request('cache/keyExpire', { resourceId: node.resourceId, db: node.db, key: keyRefOf(node), ttlSeconds });
  } catch (err) {
    throw new CommandFailure(ttlSeconds ? l10n.t('Set TTL of {0}', label) : l10n.t('Persist {0}', label), err);
  }
  ctx.keys.forget(node.resourceId);
  vscode.window.setStatusBarMessage(
    res.ttlMs > 0 ? l10n.t('{0} expires in {1}', label, ttlText(res.ttlMs) ?? '') : l10n.t('{0} no longer expires', label),
    4000,
  );
}
