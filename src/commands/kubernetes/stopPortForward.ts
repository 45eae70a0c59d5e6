// Stop Port Forward: one of this window's open forwards, picked or given.
import * as vscode from 'vscode';
import { CommandFailure, type FakecloudCommand } from '../command';
import { openForwards } from './forwards';
import { l10n } from '../../protocol/l10n';

export const stopPortForward: FakecloudCommand = {
  id: 'fakecloud.stopPortForward',
  async run(ctx, arg) {
    let id = typeof arg === 'string' ? arg : undefined;
    if (!id) {
      const pick = await vscode.window.showQuickPick(
        [...openForwards.values()].map((f) => ({ label: `127.0.0.1:${f.localPort}`, description: `→ ${f.label}`, id: f.forwardId })),
        {
          title: l10n.t('Stop Port Forward'),
          placeHolder: openForwards.size ? l10n.t('Pick a forward') : l10n.t('No port-forwards are open'),
        },
      );
      id = pick?.id;
    }
    if (!id) return;
    try {
      await ctx.client.request('resource/stopPortForward', { forwardId: id });
      openForwards.delete(id);
    } catch (err) {
      throw new CommandFailure(l10n.t('Stop Port Forward'), err);
    }
  },
};
