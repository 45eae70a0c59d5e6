// The shape most resource commands share (stop, start, reboot, terminate, redeploy,
// delete, remove, adopt): pick a resource, maybe confirm, run the service call under
// a progress notification, report in the status bar. A failure is thrown in the
// command's words for the command wrapper to log and show.
import * as vscode from 'vscode';
import type { AwsAction } from '../protocol/aws';
import type { Resource } from '../protocol/model';
import { labelOf } from '../views/treeNodes';
import { CommandFailure, type CommandContext } from './command';
import { pickResource } from './pickResource';
import { runOperation } from './runOperation';
import { actOnServer, awsTargetOf, awsTargetOfResource } from './servers/serverTarget';
import { l10n } from '../protocol/l10n';

export interface ResourceActionOptions<T, C> {
  title: string;
  filter: (r: Resource) => boolean;
  /** "Stopping": the progress title and the error's first word. */
  verb: string;
  /** The user's answer, handed to `call`; undefined or false backs out and nothing is done. */
  confirm?: (r: Resource) => PromiseLike<C | undefined | false>;
  call: (ctx: CommandContext, r: Resource, operationId: string, answer: C | true) => Promise<T>;
  /** What the status bar says after the name once done ("stopped"), or that built from the result. */
  done: string | ((result: T, r: Resource) => string);
  cancellable?: boolean;
  /** Anything more to say with the result (a message with a button, a log line). */
  report?: (ctx: CommandContext, r: Resource, result: T) => void;
  /** What a fakecloud server's API does instead, on one of its resources (or a container tied to one). */
  server?: AwsAction;
}

export async function resourceAction<T, C = true>(ctx: CommandContext, arg: unknown, opts: ResourceActionOptions<T, C>): Promise<void> {
  const onServer = opts.server && awsTargetOf(ctx, arg);
  if (opts.server && onServer) return actOnServer(ctx, onServer, opts.server, opts.verb);
  const r = await pickResource(ctx, arg, opts.filter, opts.title);
  if (!r) return;
  const tied = opts.server && awsTargetOfResource(ctx, r);
  if (opts.server && tied) return actOnServer(ctx, tied, opts.server, opts.verb);
  const answer = opts.confirm ? await opts.confirm(r) : true;
  if (answer === undefined || answer === false) return;
  const name = labelOf(r);
  let result: T;
  try {
    result = await runOperation(ctx, `${opts.verb} ${name}`, opts.cancellable ?? false, (operationId) =>
      opts.call(ctx, r, operationId, answer),
    );
  } catch (err) {
    throw new CommandFailure(`${opts.verb} ${name}`, err);
  }
  const done = typeof opts.done === 'string' ? opts.done : opts.done(result, r);
  vscode.window.setStatusBarMessage(l10n.t('$(check) {0} {1}', name, done), 5000);
  opts.report?.(ctx, r, result);
}
