// A long service operation under a progress notification: the service's step
// messages shown as they come, and Cancel where the operation allows it.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { CommandContext } from './command';

export async function runOperation<T>(
  ctx: CommandContext,
  title: string,
  cancellable: boolean,
  run: (operationId: string) => Promise<T>,
): Promise<T> {
  const operationId = randomUUID();
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable }, async (progress, token) => {
    const sub = ctx.client.on('operation/progress', (p) => {
      if (p.operationId === operationId) progress.report({ message: p.message });
    });
    const cancel = token.onCancellationRequested(() => void ctx.client.request('operation/cancel', { operationId }).catch(() => undefined));
    try {
      return await run(operationId);
    } finally {
      sub.dispose();
      cancel.dispose();
    }
  });
}

/** The message of an error from the service, without the RPC wrapping. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
