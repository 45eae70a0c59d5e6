// The workspace's stack files: found at each folder's root by the names the fakecloud.stack.fileNames setting
// gives, their problems shown as diagnostics while the user types (the service checks them, as it will when
// applying), and an offer to apply after a save that changes what exists — never an apply without asking.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ServiceClient } from '../client/serviceClient';
import { l10n } from '../protocol/l10n';
import type { StackProblem, WorkspaceStack } from '../protocol/stack';
import { planCounts, stackScope } from '../protocol/stack';

export const DEFAULT_STACK_FILE_NAMES = ['fakecloud.yaml', 'fakecloud.yml', 'fakecloud.json'];
const CHECK_DELAY_MS = 400;

export function stackFileNames(): string[] {
  const names = vscode.workspace.getConfiguration('fakecloud').get<string[]>('stack.fileNames', DEFAULT_STACK_FILE_NAMES);
  return names.filter((n) => typeof n === 'string' && n.trim() !== '' && !/[\\/]/.test(n));
}

export function isStackFile(uri: vscode.Uri): boolean {
  return uri.scheme === 'file' && stackFileNames().includes(path.basename(uri.fsPath));
}

/** An editor's range for a problem at 1-based positions. */
export function problemRange(p: StackProblem): vscode.Range {
  const start = new vscode.Position(Math.max(0, p.line - 1), Math.max(0, p.column - 1));
  const end = p.endLine !== undefined ? new vscode.Position(Math.max(0, p.endLine - 1), Math.max(0, (p.endColumn ?? p.column) - 1)) : start;
  return new vscode.Range(start, end.isAfter(start) ? end : start.translate(0, 1));
}

export class WorkspaceStacks implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('fakecloud-stack');
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private list: WorkspaceStack[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly client: ServiceClient,
    private readonly offerApply: (file: string, summary: string) => void,
    /** Where a check that could not be made is said (never a pop-up: it runs as the user types). */
    private readonly log: (message: string) => void,
  ) {
    this.subscriptions.push(
      this.diagnostics,
      this.changed,
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.find()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('fakecloud.stack.fileNames')) return;
        this.watch();
        void this.find();
      }),
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, CHECK_DELAY_MS)),
      vscode.workspace.onDidSaveTextDocument((d) => void this.saved(d)),
      vscode.workspace.onDidCloseTextDocument((d) => isStackFile(d.uri) && this.diagnostics.delete(d.uri)),
    );
    this.watch();
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
    // The first look is made when the service answers: the extension calls find() on every connect.
  }

  private watcher: vscode.Disposable | undefined;

  /** A stack file created or deleted: the tree's stacks follow. */
  private watch(): void {
    this.watcher?.dispose();
    const w = vscode.workspace.createFileSystemWatcher(`**/{${stackFileNames().join(',')}}`, false, true, false);
    const found = () => void this.find();
    this.watcher = vscode.Disposable.from(w, w.onDidCreate(found), w.onDidDelete(found));
  }

  /** The workspace's stacks, for the tree. */
  stacks(): WorkspaceStack[] {
    return this.list;
  }

  /** The stack files at the roots of the workspace's folders. */
  async files(): Promise<string[]> {
    const out: string[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      for (const name of stackFileNames()) {
        const uri = vscode.Uri.joinPath(folder.uri, name);
        try {
          await vscode.workspace.fs.stat(uri);
          out.push(uri.fsPath);
        } catch {
          // Not in this folder.
        }
      }
    }
    return out;
  }

  /** Looks again for the workspace's stack files and their stacks' names. */
  async find(): Promise<void> {
    const found: WorkspaceStack[] = [];
    for (const file of await this.files()) {
      // The service says the stack's name (the file's own, else its folder's), even for a file with problems.
      const m = await this.client.request('stack/members', { file }).catch(() => undefined);
      found.push({ file, name: m?.stack ?? path.basename(path.dirname(file)), scope: m?.scope ?? stackScope(file) });
    }
    if (JSON.stringify(found) !== JSON.stringify(this.list)) {
      this.list = found;
      this.changed.fire();
    }
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (!isStackFile(doc.uri)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.check(doc);
      }, delay),
    );
  }

  /** The service's verdict on the editor's text: its problems as diagnostics; the plan when there are none. */
  async check(doc: vscode.TextDocument) {
    const res = await this.client.request('stack/plan', { file: doc.uri.fsPath, text: doc.getText() }).catch((err: unknown) => {
      this.log(l10n.t('{0} could not be checked: {1}', path.basename(doc.uri.fsPath), err instanceof Error ? err.message : String(err)));
      return undefined;
    });
    if (!res) return undefined;
    this.diagnostics.set(
      doc.uri,
      (res.problems ?? []).map((p) => {
        const d = new vscode.Diagnostic(problemRange(p), p.message, vscode.DiagnosticSeverity.Error);
        d.source = 'fakecloud';
        return d;
      }),
    );
    return res;
  }

  private async saved(doc: vscode.TextDocument): Promise<void> {
    if (!isStackFile(doc.uri)) return;
    await this.find();
    const res = await this.check(doc);
    const c = planCounts(res?.plan?.steps ?? []);
    const parts = [
      c.create && l10n.t('{0} to create', c.create),
      c.change && l10n.t('{0} to change', c.change),
      c.remove && l10n.t('{0} no longer listed', c.remove),
    ].filter(Boolean);
    // Restricted Mode: the file is checked and shown, never offered for an apply.
    if (parts.length && vscode.workspace.isTrusted) this.offerApply(doc.uri.fsPath, parts.join(', '));
  }

  dispose(): void {
    this.watcher?.dispose();
    for (const t of this.timers.values()) clearTimeout(t);
    for (const s of this.subscriptions) s.dispose();
  }
}
