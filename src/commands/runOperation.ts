// A long service operation under a progress notification: the service's step
// messages shown as they come, and Cancel while the operation can still be
// cancelled. Past its point of no return the notification is replaced by one
// without Cancel; a Cancel that came too late says so and keeps the progress shown.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { CommandCancelled, errorText, type CommandContext } from './command';
import { stepsOf } from './operationSteps';
import { l10n } from '../protocol/l10n';

export async function runOperation<T>(
  ctx: CommandContext,
  title: string,
  cancellable: boolean,
  run: (operationId: string) => Promise<T>,
  /** Where else this operation's steps go (a resource's channel), besides the notification. */
  onStep?: (message: string) => void,
): Promise<T> {
  const operationId = randomUUID();
  // Claimed before it is sent: the started/ended news of it is this command's to show, not the watcher's.
  const claim = ctx.operations.claim(operationId);
  let last: string | undefined;
  const nothing = (): void => undefined;
  let report: (message: string) => void = nothing;
  let pastNoReturn: () => void = nothing;
  let cancelHonoured = false;
  let tooLate: string | undefined;
  const steps = stepsOf(ctx.client, operationId, (message, stillCancellable) => {
    if (stillCancellable === false) return pastNoReturn();
    last = message;
    report(message);
    onStep?.(message);
  });
  const work = run(operationId);
  const settled = work.then(
    () => true,
    () => true,
  );
  try {
    let over = false;
    void settled.then(() => (over = true));
    if (cancellable) {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
        report = (message) => progress.report({ message });
        return new Promise<void>((resolve) => {
          pastNoReturn = resolve;
          void settled.then(() => resolve());
          token.onCancellationRequested(() => {
            void ctx.client.request('operation/cancel', { operationId }).then(
              (r) => {
                cancelHonoured = r.cancelled;
                if (!r.cancelled) tooLate = r.reason ?? l10n.t('it can no longer be cancelled');
                resolve();
              },
              () => resolve(),
            );
          });
        });
      });
    }
    if (!over && !cancelHonoured) {
      const shownTitle = tooLate ? l10n.t('{0} — too late to cancel: {1}', title, tooLate) : title;
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: shownTitle, cancellable: false },
        (progress) => {
          report = (message) => progress.report({ message });
          if (last) progress.report({ message: last });
          return settled;
        },
      );
    }
    return await work;
  } catch (err) {
    // What the service says after a Cancel it took is the outcome the user asked for, not a failure.
    if (cancelHonoured) throw new CommandCancelled(`${title}: ${errorText(err)}`, { cause: err });
    throw err;
  } finally {
    steps.dispose();
    claim.dispose();
  }
}
