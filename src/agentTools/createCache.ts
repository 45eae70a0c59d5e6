// Create a cache of the user's own (Redis or memcached): asks first, then waits until it answers.
import { validateCacheName } from '../protocol/cacheName';
import type { AgentTool } from './agentTool';
import { l10n } from '../protocol/l10n';
import { mdCode, mdText } from '../views/markdown';

export const createCache: AgentTool<{ name: string; engine?: 'redis' | 'memcached' }> = {
  name: 'fakecloud_createCache',
  prepare: (input) => {
    // Refused before the user is asked anything.
    const problem = validateCacheName(input.name);
    if (problem) throw new Error(`"${input.name}": ${problem}`);
    return {
      invocationMessage: l10n.t('Creating {0} cache {1}', input.engine ?? 'redis', input.name),
      confirm: {
        title: l10n.t('Create cache {0}?', input.name),
        message: l10n.t(
          'A {0} cache named {1} is created on Docker and kept running until you delete it.',
          mdText(input.engine ?? 'redis'),
          mdCode(input.name),
        ),
      },
    };
  },
  async invoke(input, ctx) {
    const problem = validateCacheName(input.name);
    if (problem) throw new Error(`"${input.name}": ${problem}`);
    const engine = input.engine ?? 'redis';
    const res = await ctx.client.request('cache/create', { name: input.name, engine }, 5 * 60_000);
    return l10n.t('cache {0} ({1}) is ready at {2}:{3}', res.name, res.engine, res.endpoint.host, res.endpoint.port);
  },
};
