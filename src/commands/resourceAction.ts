// The shape most lifecycle commands share (stop, start, reboot, terminate,
// redeploy, delete): pick a resource, maybe confirm, run the service call with
// progress, report in the status bar — or in an error message and the log.
import * as vscode from 'vscode';
import type { Resource } from '../protocol/model';
import { labelOf } from '../views/treeNodes';
import { CommandFailure, type CommandContext } from './command';
import { pickResource } from './pickResource';
import { runOperation } from './runOperation';

export interface ResourceActionOptions {
  title: string;
  filter: (r: Resource) => boolean;
  /** "Stopping": the progress title and the error's first word. */
  verb: string;
  /** "stopped": the status bar's word once done. */
  done: string;
  call: (ctx: CommandContext, r: Resource, operationId: string) => Promise<unknown>;
  confirm?: (r: Resource) => Promise<boolean>;
  cancellable?: boolean;
}

export async function resourceAction(ctx: CommandContext, arg: unknown, opts: ResourceActionOptions): Promise<void> {
  const r = await pickResource(ctx, arg, opts.filter, opts.title);
  if (!r) return;
  if (opts.confirm && !(await opts.confirm(r))) return;
  const name = labelOf(r);
  try {
    await runOperation(ctx, `${opts.verb} ${name}`, opts.cancellable ?? false, (operationId) => opts.call(ctx, r, operationId));
    vscode.window.setStatusBarMessage(`$(check) ${name} ${opts.done}`, 5000);
  } catch (err) {
    throw new CommandFailure(`${opts.verb} ${name}`, err);
  }
}
