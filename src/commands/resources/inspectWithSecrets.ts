// Inspect (Show Secrets): the same document with nothing masked, in a tab of its own, only when asked for.
import { CommandFailure, type FakecloudCommand } from '../command';
import { pickResource } from '../pickResource';
import { l10n } from '../../protocol/l10n';

export const inspectWithSecrets: FakecloudCommand = {
  id: 'fakecloud.inspectWithSecrets',
  async run(ctx, arg) {
    const r = await pickResource(ctx, arg, () => true, l10n.t('Inspect (Show Secrets)'));
    if (!r) return;
    try {
      await ctx.inspections.show(r, true);
    } catch (err) {
      throw new CommandFailure(l10n.t('Inspect {0}', r.displayName ?? r.name), err);
    }
  },
};
