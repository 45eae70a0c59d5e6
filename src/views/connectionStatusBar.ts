// The status-bar item for the backend connection.
import * as vscode from 'vscode';
import { connectionStatus } from './connectionStatus';
import type { ClientView } from './treeNodes';

export class ConnectionStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('fakecloud.connection', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'Fakecloud Connection';
    this.item.show();
  }

  update(view: ClientView): void {
    const spec = connectionStatus(view);
    this.item.text = spec.text;
    this.item.tooltip = spec.tooltip;
    this.item.command = spec.command;
    this.item.backgroundColor = spec.background ? new vscode.ThemeColor(spec.background) : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
