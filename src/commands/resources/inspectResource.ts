// Inspect: a container's inspect document or a Pod object, read-only, secret-looking environment values masked.
import * as vscode from 'vscode';
import { CommandFailure, type FakecloudCommand } from '../command';
import { pickResource } from '../pickResource';
import { l10n } from '../../protocol/l10n';

export const inspectResource: FakecloudCommand = {
  id: 'fakecloud.inspect',
  async run(ctx, arg) {
    const r = await pickResource(ctx, arg, () => true, l10n.t('Inspect'));
    if (!r) return;
    try {
      const { masked } = await ctx.inspections.show(r, false);
      if (masked > 0)
        vscode.window.setStatusBarMessage(
          l10n.plural(
            masked,
            '{0} secret-looking value masked; Inspect (Show Secrets) shows it',
            '{0} secret-looking values masked; Inspect (Show Secrets) shows them',
          ),
          8_000,
        );
    } catch (err) {
      throw new CommandFailure(l10n.t('Inspect {0}', r.displayName ?? r.name), err);
    }
  },
};
