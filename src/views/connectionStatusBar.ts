// The status-bar item for the backend connection.
import * as vscode from 'vscode';
import { connectionStatus } from './connectionStatus';
import { applyStatus } from './statusItem';
import type { ClientView } from './treeNodes';
import { l10n } from '../protocol/l10n';

export class ConnectionStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('fakecloud.connection', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = l10n.t('Fakecloud Connection');
  }

  update(view: ClientView): void {
    const spec = connectionStatus(view);
    this.item.command = spec.command;
    applyStatus(this.item, spec);
  }

  dispose(): void {
    this.item.dispose();
  }
}
