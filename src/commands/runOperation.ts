// A long service operation under a progress notification: the service's step
// messages shown as they come, and Cancel where the operation allows it.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { CommandCancelled, errorText, type CommandContext } from './command';
import { stepsOf } from './operationSteps';

export async function runOperation<T>(
  ctx: CommandContext,
  title: string,
  cancellable: boolean,
  run: (operationId: string) => Promise<T>,
  /** Where else this operation's steps go (a resource's channel), besides the notification. */
  onStep?: (message: string) => void,
): Promise<T> {
  const operationId = randomUUID();
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable }, async (progress, token) => {
    const sub = stepsOf(ctx.client, operationId, (message) => {
      progress.report({ message });
      onStep?.(message);
    });
    const cancel = token.onCancellationRequested(() => void ctx.client.request('operation/cancel', { operationId }).catch(() => undefined));
    try {
      return await run(operationId);
    } catch (err) {
      // What the service says after a Cancel is the outcome the user asked for, not a failure.
      if (token.isCancellationRequested) throw new CommandCancelled(`${title}: ${errorText(err)}`, { cause: err });
      throw err;
    } finally {
      sub.dispose();
      cancel.dispose();
    }
  });
}
