// The reconcile status-bar item's menu: the last report, Reconcile Now, the log, the settings.
import * as vscode from 'vscode';
import type { FakecloudCommand } from '../command';
import { reportLines } from '../../views/reconcileStatus';

export const reconcileMenu: FakecloudCommand = {
  id: 'fakecloud.reconcileMenu',
  async run(ctx) {
    const pick = await vscode.window.showQuickPick(
      [
        { label: '$(list-unordered) Show the Last Report', id: 'report' },
        { label: '$(sync) Reconcile Now', id: 'now' },
        { label: '$(output) Open the Fakecloud Log', id: 'log' },
        { label: '$(gear) Reconcile Settings', id: 'settings' },
      ],
      { title: 'Fakecloud reconcile health' },
    );
    if (!pick) return;
    if (pick.id === 'now') await vscode.commands.executeCommand('fakecloud.reconcileNow');
    else if (pick.id === 'log') ctx.output.show(true);
    else if (pick.id === 'settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'fakecloud.reconcile');
    else {
      const r = ctx.reconcile.report;
      const text = r
        ? [
            `# Reconcile pass ${new Date(r.startedAt).toISOString()}`,
            '',
            `${r.durationMs} ms, ${r.requests} Docker requests${r.error ? `; error: ${r.error}` : ''}`,
            '',
            ...reportLines(r).map((l) => `- ${l}`),
          ].join('\n')
        : 'No reconcile pass has reported yet.';
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'markdown', content: text }), {
        preview: true,
      });
    }
  },
};
