// Evict Warm Container: the server drops a function's warm container (its own route), so the next invoke starts
// cold — how to test a cold start, and the server's way to stop a function's container.
import * as vscode from 'vscode';
import type { FakecloudCommand } from '../command';
import { actOnServer, awsTargetOf } from './serverTarget';
import { l10n } from '../../protocol/l10n';

export const evictWarmContainer: FakecloudCommand = {
  id: 'fakecloud.evictWarmContainer',
  async run(ctx, arg) {
    const fn = awsTargetOf(ctx, arg) ?? (await pickServerFunction(ctx, (a) => a.containers.length > 0, l10n.t('Evict Warm Container')));
    if (!fn) return;
    if (fn.type !== 'function') {
      void vscode.window.showWarningMessage(l10n.t('{0} is not a function.', fn.awsId));
      return;
    }
    await actOnServer(ctx, fn, 'evict', l10n.t('Evicting the warm container of'));
  },
};

/** From the palette: a server's functions to pick from. */
export async function pickServerFunction(
  ctx: Parameters<FakecloudCommand['run']>[0],
  filter: (a: import('../../protocol/aws').AwsResource) => boolean,
  title: string,
): Promise<import('../../protocol/aws').AwsResource | undefined> {
  const fns = (ctx.client.snapshot?.aws ?? []).filter((a) => a.type === 'function' && filter(a));
  if (fns.length === 0) {
    void vscode.window.showInformationMessage(l10n.t('{0}: no function of a fakecloud server fits.', title));
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    fns.map((a) => ({ label: a.awsId, description: `${a.status} · ${a.engine ?? ''} · ${a.server}`, a })),
    { title },
  );
  return pick?.a;
}
