// Invoke: a JSON payload from the editor's selection, the active editor, a file
// or an input box; refused before sending when it is not JSON. The response
// opens pretty-printed in a read-only tab; the duration and the function's log
// lines for that invocation go to its output channel.
import * as vscode from 'vscode';
import { checkPayload, prettyBody } from '../../protocol/functions';
import { CommandFailure, type FakecloudCommand } from '../command';
import type { InvokeResult } from '../../protocol/functions';
import { isRunningFunction, pickResource } from '../pickResource';
import { awsTargetOf } from '../servers/serverTarget';
import { l10n } from '../../protocol/l10n';

interface Target {
  name: string;
  call: (payload: string) => Promise<InvokeResult>;
}

/** The last payload typed per function, offered again. */
const lastTyped = new Map<string, string>();

async function askPayload(functionName: string): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const items: (vscode.QuickPickItem & { id: string })[] = [];
  if (editor && !editor.selection.isEmpty)
    items.push({
      id: 'selection',
      label: l10n.t('Selection in the editor'),
      description: vscode.workspace.asRelativePath(editor.document.uri),
    });
  if (editor && editor.document.uri.scheme !== 'output')
    items.push({ id: 'editor', label: l10n.t('The active editor'), description: vscode.workspace.asRelativePath(editor.document.uri) });
  items.push(
    { id: 'file', label: l10n.t('From a file…') },
    { id: 'type', label: l10n.t('Type JSON…'), description: lastTyped.get(functionName) ?? '{}' },
  );
  const pick =
    items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: l10n.t('Invoke {0}: payload', functionName) });
  if (!pick) return undefined;
  switch (pick.id) {
    case 'selection':
      return editor?.document.getText(editor.selection);
    case 'editor':
      return editor?.document.getText();
    case 'file': {
      const files = await vscode.window.showOpenDialog({
        title: l10n.t('Payload'),
        canSelectMany: false,
        filters: { JSON: ['json'], 'All files': ['*'] },
      });
      return files?.[0] ? Buffer.from(await vscode.workspace.fs.readFile(files[0])).toString('utf8') : undefined;
    }
    default: {
      const typed = await vscode.window.showInputBox({
        title: l10n.t('Invoke {0}: payload (JSON)', functionName),
        value: lastTyped.get(functionName) ?? '{}',
        validateInput: (v) => {
          const c = checkPayload(v);
          return 'error' in c ? c.error : undefined;
        },
      });
      if (typed !== undefined) lastTyped.set(functionName, typed);
      return typed;
    }
  }
}

export const invokeFunction: FakecloudCommand = {
  id: 'fakecloud.invokeFunction',
  async run(ctx, arg) {
    // A server's function, cold or warm: through its Lambda API.
    const fn = awsTargetOf(ctx, arg);
    const target: Target | undefined =
      fn?.type === 'function'
        ? { name: fn.awsId, call: (payload) => ctx.client.request('aws/invoke', { id: fn.id, payload }) }
        : await pickResource(ctx, arg, isRunningFunction, l10n.t('Invoke Function')).then((x) =>
            x
              ? { name: x.name, call: (payload: string) => ctx.client.request('function/invoke', { resourceId: x.id, payload }) }
              : undefined,
          );
    if (!target) return;
    const r = { name: target.name };
    const payload = await askPayload(r.name);
    if (payload === undefined) return;
    const checked = checkPayload(payload);
    if ('error' in checked) {
      void vscode.window.showErrorMessage(l10n.t('Invoke {0}: {1}. Nothing was sent.', r.name, checked.error));
      return;
    }
    try {
      const res = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: l10n.t('Invoking {0}…', r.name) },
        () => target.call(checked.json),
      );
      const channel = ctx.channels.channelNamed(r.name);
      channel.appendLine(
        `[${new Date().toISOString()}] invoke ${r.name} → HTTP ${res.statusCode} in ${res.durationMs.toFixed(1)} ` +
          `ms${res.functionError ? ` — error: ${res.functionError}` : ''}`,
      );
      for (const line of res.logs) channel.appendLine(`  ${line}`);
      if (res.logs.length === 0) channel.appendLine('  (no log lines for this invocation)');
      channel.show(true);
      const body = prettyBody(res.body);
      await ctx.results.show(`invoke/${r.name}.${body.json ? 'json' : 'txt'}`, body.text, body.json ? 'json' : 'plaintext');
      if (res.functionError) void vscode.window.showWarningMessage(l10n.t('{0} returned an error: {1}', r.name, res.functionError));
      else vscode.window.setStatusBarMessage(l10n.t('$(check) {0} answered in {1} ms', r.name, res.durationMs.toFixed(0)), 5000);
    } catch (err) {
      throw new CommandFailure(l10n.t('Invoke {0}', r.name), err);
    }
  },
};
