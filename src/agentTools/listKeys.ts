// A page of a Redis cache's keys with their types and TTLs.
import type { AgentTool } from './agentTool';
import { json, resourceNamed } from './toolTarget';
import { l10n } from '../protocol/l10n';

export const listKeys: AgentTool<{ cache: string; db?: number; match?: string; cursor?: string; count?: number }> = {
  name: 'fakecloud_listKeys',
  prepare: (input) => ({ invocationMessage: l10n.t('Listing keys of {0}{1}', input.cache, input.match ? ` matching ${input.match}` : '') }),
  async invoke(input, ctx) {
    const r = resourceNamed(ctx, input.cache, 'cache');
    const page = await ctx.client.request('cache/keys', {
      resourceId: r.id,
      db: input.db ?? 0,
      cursor: input.cursor ?? '0',
      ...(input.match ? { match: input.match } : {}),
      count: Math.min(Math.max(input.count ?? 100, 1), 1000),
    });
    return json({
      keys: page.keys.map((k) => ({ name: k.name, type: k.type, ttlMs: k.ttlMs })),
      nextCursor: page.cursor === '0' ? undefined : page.cursor,
    });
  },
};
