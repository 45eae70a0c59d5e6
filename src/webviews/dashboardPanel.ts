// Dashboard panels: one per resource (and one overview), revealed when asked again. A panel watches its dashboard
// only while it is visible: hidden, its page is dropped (no retained context) and the service stops sampling;
// shown again, the page loads and gets the history kept meanwhile. Samples are relayed to the page as they come.
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import type { ServiceClient } from '../client/serviceClient';
import { targetKey, type DashboardTarget } from '../protocol/dashboard';
import { isFromPage, type ToPage } from '../protocol/dashboardMessages';
import { dashboardHtml, makeNonce } from './dashboardHtml';

export class DashboardPanels implements vscode.Disposable {
  private readonly panels = new Map<string, DashboardPanel>();
  private readonly subs: { dispose(): void }[] = [];

  constructor(
    private readonly client: ServiceClient,
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subs.push(
      client.on('dashboard/sample', (s) => this.panels.get(s.key)?.post({ type: 'sample', sample: s })),
      // A new service knows nothing of our watches: visible panels ask again.
      client.onConnection.on((c) => {
        if (c.state === 'connected') for (const p of this.panels.values()) p.rewatch();
      }),
    );
  }

  show(target: DashboardTarget, title: string): void {
    const key = targetKey(target);
    const have = this.panels.get(key);
    if (have) {
      have.reveal();
      return;
    }
    const p = new DashboardPanel(this.client, this.extensionUri, this.log, target, title, () => this.panels.delete(key));
    this.panels.set(key, p);
  }

  /** Open panels, by dashboard key (for tests). */
  keys(): string[] {
    return [...this.panels.keys()];
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    for (const s of this.subs) s.dispose();
  }
}

class DashboardPanel {
  private readonly panel: vscode.WebviewPanel;
  private watching = false;
  private pageReady = false;
  private view: 'charts' | 'table' = 'charts';

  constructor(
    private readonly client: ServiceClient,
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly target: DashboardTarget,
    title: string,
    onGone: () => void,
  ) {
    const assets = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
    this.panel = vscode.window.createWebviewPanel('fakecloud.dashboard', title, vscode.ViewColumn.Active, {
      enableScripts: true,
      // Hidden costs nothing: the page goes, and comes back with the history.
      retainContextWhenHidden: false,
      localResourceRoots: [assets],
    });
    const w = this.panel.webview;
    w.html = dashboardHtml({
      cspSource: w.cspSource,
      script: w.asWebviewUri(vscode.Uri.joinPath(assets, 'dashboard.js')).toString(),
      style: w.asWebviewUri(vscode.Uri.joinPath(assets, 'dashboard.css')).toString(),
      nonce: makeNonce(crypto.randomBytes),
      title,
      language: vscode.env.language,
    });
    w.onDidReceiveMessage((m: unknown) => {
      if (!isFromPage(m)) return;
      if (m.type === 'ready') {
        this.pageReady = true;
        void this.watch();
      } else this.view = m.view;
    });
    this.panel.onDidChangeViewState((e) => {
      if (!e.webviewPanel.visible) {
        // The page is dropped while hidden; it says "ready" again when shown.
        this.pageReady = false;
        void this.unwatch();
      }
    });
    this.panel.onDidDispose(() => {
      this.pageReady = false;
      void this.unwatch();
      onGone();
    });
  }

  reveal(): void {
    this.panel.reveal();
  }

  rewatch(): void {
    if (!this.pageReady) return;
    this.watching = false;
    void this.watch();
  }

  post(m: ToPage): void {
    if (this.pageReady) void this.panel.webview.postMessage(m);
  }

  dispose(): void {
    this.panel.dispose();
  }

  private async watch(): Promise<void> {
    this.watching = true;
    try {
      const { snapshot } = await this.client.request('dashboard/watch', { target: this.target, watch: true });
      if (snapshot)
        this.post({ type: 'snapshot', snapshot, view: this.view, ...(vscode.l10n.bundle ? { bundle: vscode.l10n.bundle } : {}) });
    } catch (err) {
      this.watching = false;
      const message = err instanceof Error ? err.message : String(err);
      this.log.warn(`dashboard ${targetKey(this.target)}: ${message}`);
      this.post({ type: 'error', message });
    }
  }

  private async unwatch(): Promise<void> {
    if (!this.watching) return;
    this.watching = false;
    try {
      await this.client.request('dashboard/watch', { target: this.target, watch: false });
    } catch {
      // The service is gone: its watches went with it.
    }
  }
}
