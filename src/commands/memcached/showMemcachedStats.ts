// Show Stats: a memcached cache's `stats` as a document: the figures a person looks at first, then every one.
import type { FakecloudCommand } from '../command';
import { CommandFailure } from '../command';
import { statsDocument } from '../../views/memcachedNodes';
import { memcachedTarget } from './memcachedTarget';
import { l10n } from '../../protocol/l10n';

export const showMemcachedStats: FakecloudCommand = {
  id: 'fakecloud.showMemcachedStats',
  async run(ctx, arg) {
    const r = await memcachedTarget(ctx, arg, l10n.t('Show Stats'));
    if (!r) return;
    const name = r.displayName ?? r.name;
    try {
      const stats = await ctx.client.request('memcached/stats', { resourceId: r.id });
      await ctx.results.show(l10n.t('memcached/{0} stats.md', name), statsDocument(name, stats), 'markdown');
    } catch (err) {
      throw new CommandFailure(l10n.t('Show Stats of {0}', name), err);
    }
  },
};
