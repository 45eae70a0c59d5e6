// Stop Following: ends the log stream; the channel keeps what it showed.
import type { FakecloudCommand } from '../command';
import { pickResource } from '../pickResource';
import { l10n } from '../../protocol/l10n';

export const stopFollowingLogs: FakecloudCommand = {
  id: 'fakecloud.stopFollowingLogs',
  async run(ctx, arg) {
    const r = await pickResource(ctx, arg, (x) => ctx.channels.isFollowing(x), l10n.t('Stop Following Logs'));
    if (r) await ctx.channels.stop(r);
  },
};
