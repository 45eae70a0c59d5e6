// The reconcile-health status-bar item, fed by the reports the service pushes.
import * as vscode from 'vscode';
import type { ServiceClient } from '../client/serviceClient';
import type { ReconcileReport } from '../protocol/reconcile';
import { reconcileStatus } from './reconcileStatus';
import { applyStatus } from './statusItem';
import type { ClientView } from './treeNodes';
import { l10n } from '../protocol/l10n';

export class ReconcileStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('fakecloud.reconcile', vscode.StatusBarAlignment.Left, 49);
  report: ReconcileReport | undefined;
  running = false;
  private readonly subs: { dispose(): void }[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(client: ServiceClient) {
    this.item.name = l10n.t('Fakecloud Reconcile Health');
    this.item.command = 'fakecloud.reconcileMenu';
    this.subs.push(
      client.on('reconcile/report', (r) => {
        this.report = r;
        this.changed.fire();
      }),
      client.onConnection.on(({ state }) => {
        if (state === 'connected')
          void client.request('reconcile/last', {}).then(
            ({ report }) => {
              if (report) this.report = report;
              this.changed.fire();
            },
            () => undefined,
          );
      }),
    );
  }

  update(view: ClientView): void {
    applyStatus(this.item, reconcileStatus(view, this.report, this.running));
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.changed.dispose();
    this.item.dispose();
  }
}
