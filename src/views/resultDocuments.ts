// Read-only documents the extension writes: a function's last invoke response,
// an instance's console output, the last reconcile report. One tab per resource and kind, refreshed in
// place, instead of a new untitled editor every time.
import * as vscode from 'vscode';

export const RESULT_SCHEME = 'fakecloud-result';

export class ResultDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(RESULT_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /**
   * Shows `text` under a name like "invoke/orders.json"; the extension picks the language. In the
   * active editor group, where the user is looking, unless `beside` asks for the one next to it.
   */
  async show(name: string, text: string, language?: string, opts: { beside?: boolean } = {}): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: RESULT_SCHEME, path: `/${name}` });
    this.contents.set(uri.toString(), text);
    this.changed.fire(uri);
    let doc = await vscode.workspace.openTextDocument(uri);
    if (language && doc.languageId !== language) doc = await vscode.languages.setTextDocumentLanguage(doc, language);
    const viewColumn = opts.beside ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    return vscode.window.showTextDocument(doc, { preview: false, viewColumn, preserveFocus: true });
  }

  /** Holds `text` under a name without opening it (one side of a diff); its read-only URI. */
  put(name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: RESULT_SCHEME, path: `/${name}` });
    this.contents.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
