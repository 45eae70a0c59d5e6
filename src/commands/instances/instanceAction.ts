// Stop, start, reboot and terminate share their shape: pick an instance, run the
// service call with progress, report in the status bar or an error message.
import * as vscode from 'vscode';
import type { Resource } from '../../protocol/model';
import type { CommandContext } from '../command';
import { pickResource } from '../pickResource';
import { errorText, runOperation } from '../runOperation';
import { labelOf } from '../../views/treeNodes';

export async function instanceAction(
  ctx: CommandContext,
  arg: unknown,
  opts: { title: string; filter: (r: Resource) => boolean; verb: string; done: string; method: 'instance/stop' | 'instance/start' | 'instance/reboot' | 'instance/terminate'; confirm?: (r: Resource) => Promise<boolean> },
): Promise<void> {
  const r = await pickResource(ctx, arg, opts.filter, opts.title);
  if (!r) return;
  if (opts.confirm && !(await opts.confirm(r))) return;
  const name = labelOf(r);
  try {
    await runOperation(ctx, `${opts.verb} ${name}`, false, () => ctx.client.request(opts.method, { resourceId: r.id }, 120_000));
    vscode.window.setStatusBarMessage(`$(check) ${name} ${opts.done}`, 5000);
  } catch (err) {
    ctx.output.error(`${opts.verb.toLowerCase()} ${name}: ${errorText(err)}`);
    void vscode.window.showErrorMessage(`${opts.verb} ${name}: ${errorText(err)}`);
  }
}
