// Follow Logs (any resource): the last 500 lines, then new ones as they come, in a log channel of its own.
import { CommandFailure, type FakecloudCommand } from '../command';
import { pickResource } from '../pickResource';
import { l10n } from '../../protocol/l10n';

export const followLogs: FakecloudCommand = {
  id: 'fakecloud.followLogs',
  async run(ctx, arg) {
    const r = await pickResource(ctx, arg, () => true, l10n.t('Follow Logs'));
    if (!r) return;
    try {
      (await ctx.channels.follow(r, 500)).show(true);
    } catch (err) {
      throw new CommandFailure(l10n.t('Follow logs of {0}', r.name), err);
    }
  },
};
