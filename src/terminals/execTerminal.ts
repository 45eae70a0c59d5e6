// A VS Code terminal bridged to an interactive TTY session in a container
// (redis-cli, memcached's text protocol, a shell): keystrokes go straight through, the
// program's own output comes back, and the TTY follows the terminal's size.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { ServiceClient } from '../client/serviceClient';
import type { Resource } from '../protocol/model';
import { LineEditor } from './lineEditor';
import { l10n } from '../protocol/l10n';

export async function openExecTerminal(
  client: ServiceClient,
  r: Resource,
  kind: 'cache-cli' | 'shell' = 'cache-cli',
): Promise<vscode.Terminal> {
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | undefined>();
  let sessionId: string | undefined;
  /** Set when the other side has no TTY (memcached): lines are edited here. */
  let editor: LineEditor | undefined;
  let exited = false;
  const subs: { dispose(): void }[] = [];
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: (dims) => {
      // Listen before asking: redis-cli's prompt can arrive before the reply does.
      const id = randomUUID();
      subs.push(
        client.on('terminal/output', (p) => {
          if (p.sessionId === id) write.fire(p.data);
        }),
        client.on('terminal/exited', (p) => {
          if (p.sessionId !== id) return;
          // Stay open with the reason (a container stopped under it is no error worth a pop-up); a key closes it.
          exited = true;
          write.fire(
            `\r\n[${p.exitCode === 0 ? l10n.t('the session ended — press any key to close') : l10n.t('the process ended with code {0} — press any key to close', String(p.exitCode))}]\r\n`,
          );
        }),
      );
      void client
        .request('terminal/open', { resourceId: r.id, kind, cols: dims?.columns ?? 80, rows: dims?.rows ?? 24, sessionId: id })
        .then(
          (opened) => {
            sessionId = id;
            if (opened.lineMode) {
              editor = new LineEditor();
              write.fire(
                l10n.t('memcached text protocol: e.g. "version", "set k 0 0 5" then the value, "get k", "stats". Ctrl+C drops a line.') +
                  '\r\n',
              );
            }
          },
          (err: Error) => {
            write.fire(
              `\x1b[31m${kind === 'shell' ? l10n.t('Cannot open a shell on {0}: {1}', r.displayName ?? r.name, err.message) : l10n.t('Cannot open a CLI on {0}: {1}', r.displayName ?? r.name, err.message)}\x1b[0m\r\n`,
            );
            close.fire(1);
          },
        );
    },
    handleInput: (data) => {
      if (exited) {
        close.fire(undefined);
        return;
      }
      if (!sessionId) return;
      if (!editor) {
        client.notify('terminal/input', { sessionId, data });
        return;
      }
      const { echo, send } = editor.input(data);
      if (echo) write.fire(echo);
      for (const line of send) client.notify('terminal/input', { sessionId, data: line });
    },
    setDimensions: (dims) => {
      if (sessionId) void client.request('terminal/resize', { sessionId, cols: dims.columns, rows: dims.rows }).catch(() => undefined);
    },
    close: () => {
      for (const s of subs) s.dispose();
      if (sessionId) void client.request('terminal/close', { sessionId }).catch(() => undefined);
    },
  };
  const title =
    kind === 'shell'
      ? l10n.t('shell: {0}', r.displayName ?? r.name)
      : r.engine === 'memcached'
        ? l10n.t('memcached: {0}', r.name)
        : l10n.t('redis-cli: {0}', r.name);
  const terminal = vscode.window.createTerminal({
    name: title,
    pty,
    iconPath: new vscode.ThemeIcon(kind === 'shell' ? 'terminal' : 'database'),
  });
  terminal.show();
  return terminal;
}
