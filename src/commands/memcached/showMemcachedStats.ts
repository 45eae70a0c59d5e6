// Show Stats: a memcached cache's `stats` as a document: the figures a person looks at first, then every one.
import type { FakecloudCommand } from '../command';
import { CommandFailure } from '../command';
import { statsDocument } from '../../views/memcachedNodes';
import { memcachedTarget } from './memcachedTarget';

export const showMemcachedStats: FakecloudCommand = {
  id: 'fakecloud.showMemcachedStats',
  async run(ctx, arg) {
    const r = await memcachedTarget(ctx, arg, 'Show Stats');
    if (!r) return;
    const name = r.displayName ?? r.name;
    try {
      const stats = await ctx.client.request('memcached/stats', { resourceId: r.id });
      await ctx.results.show(`memcached/${name} stats.md`, statsDocument(name, stats), 'markdown');
    } catch (err) {
      throw new CommandFailure(`Show Stats of ${name}`, err);
    }
  },
};
