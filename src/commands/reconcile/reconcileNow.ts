// Reconcile Now: a pass at once (joined with one in flight). On a resource, it
// also clears its "gave up": the user has acted.
import * as vscode from 'vscode';
import type { TreeNode } from '../../views/treeNodes';
import { CommandFailure, type FakecloudCommand } from '../command';
import { l10n } from '../../protocol/l10n';

export const reconcileNow: FakecloudCommand = {
  id: 'fakecloud.reconcileNow',
  async run(ctx, arg) {
    const node = arg as TreeNode | undefined;
    const name = node?.type === 'resource' ? node.resource.name : undefined;
    ctx.reconcile.running = true;
    ctx.reconcile.update(ctx.view());
    try {
      const { report } = await ctx.client.request('reconcile/now', name ? { name } : {});
      if (report?.error) void vscode.window.showWarningMessage(l10n.t('Reconcile: {0}', report.error));
    } catch (err) {
      throw new CommandFailure(l10n.t('Reconcile'), err);
    } finally {
      ctx.reconcile.running = false;
      ctx.reconcile.update(ctx.view());
    }
  },
};
