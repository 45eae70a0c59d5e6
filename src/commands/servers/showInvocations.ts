// Show Invocations: a function's invocations as its fakecloud server logged them — from the SDK, SQS, SNS,
// EventBridge… — with source, time and payload, opened as JSON (newest first).
import * as vscode from 'vscode';
import { CommandFailure, type FakecloudCommand } from '../command';
import { pickServerFunction } from './evictWarmContainer';
import { awsTargetOf } from './serverTarget';
import { l10n } from '../../protocol/l10n';

export const showInvocations: FakecloudCommand = {
  id: 'fakecloud.showInvocations',
  async run(ctx, arg) {
    const fn = awsTargetOf(ctx, arg) ?? (await pickServerFunction(ctx, () => true, l10n.t('Show Invocations')));
    if (!fn) return;
    try {
      const { invocations } = await ctx.client.request('aws/invocations', { server: fn.server, functionName: fn.awsId });
      const shown = [...invocations].reverse().map((i) => {
        let payload: unknown = i.payload;
        try {
          payload = JSON.parse(i.payload);
        } catch {
          // Not JSON: shown as the text it is.
        }
        return { timestamp: i.timestamp, source: i.source, payload };
      });
      await ctx.results.show(`invocations/${fn.awsId}-invocations.json`, `${JSON.stringify(shown, null, 2)}\n`, 'json');
      vscode.window.setStatusBarMessage(`${fn.awsId}: ${invocations.length} invocation${invocations.length === 1 ? '' : 's'}`, 5000);
    } catch (err) {
      throw new CommandFailure(l10n.t('Show invocations of {0}', fn.awsId), err);
    }
  },
};
