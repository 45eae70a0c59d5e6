// The fakecloud server status-bar item: version and services of the server found, or unreachable; a click looks again.
import * as vscode from 'vscode';
import type { ServerStatus } from '../protocol/model';
import { serverStatusBar } from './serverStatus';
import { applyStatus } from './statusItem';
import { l10n } from '../protocol/l10n';

export class ServerStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('fakecloud.server', vscode.StatusBarAlignment.Left, 48);

  constructor() {
    this.item.name = l10n.t('Fakecloud Server');
    this.item.command = 'fakecloud.checkServers';
  }

  update(servers: ServerStatus[]): void {
    applyStatus(this.item, serverStatusBar(servers));
  }

  dispose(): void {
    this.item.dispose();
  }
}
