// The reconcile status-bar item's menu: the last report, Reconcile Now, the log, the settings.
import * as vscode from 'vscode';
import type { FakecloudCommand } from '../command';
import { reportDocument } from '../../views/reconcileStatus';
import { l10n } from '../../protocol/l10n';

export const reconcileMenu: FakecloudCommand = {
  id: 'fakecloud.reconcileMenu',
  async run(ctx) {
    const pick = await vscode.window.showQuickPick(
      [
        { label: l10n.t('$(list-unordered) Show the Last Report'), id: 'report' },
        { label: l10n.t('$(sync) Reconcile Now'), id: 'now' },
        { label: l10n.t('$(output) Open the Fakecloud Log'), id: 'log' },
        { label: l10n.t('$(gear) Reconcile Settings'), id: 'settings' },
      ],
      { title: l10n.t('Fakecloud reconcile health') },
    );
    if (!pick) return;
    if (pick.id === 'now') await vscode.commands.executeCommand('fakecloud.reconcileNow');
    else if (pick.id === 'log') ctx.output.show(true);
    else if (pick.id === 'settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'fakecloud.reconcile');
    else {
      // Read-only, refreshed in place: nothing to save, nothing asked on close.
      await ctx.results.show('reconcile/last-report.md', reportDocument(ctx.reconcile.report), 'markdown');
    }
  },
};
