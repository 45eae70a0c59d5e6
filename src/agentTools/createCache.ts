// Create a cache of the user's own (Redis or memcached): asks first, then waits until it answers.
import { validateCacheName } from '../protocol/cacheName';
import type { AgentTool } from './agentTool';

export const createCache: AgentTool<{ name: string; engine?: 'redis' | 'memcached' }> = {
  name: 'fakecloud_createCache',
  prepare: (input) => {
    // Refused before the user is asked anything.
    const problem = validateCacheName(input.name);
    if (problem) throw new Error(`"${input.name}": ${problem}`);
    return {
      invocationMessage: `Creating ${input.engine ?? 'redis'} cache ${input.name}`,
      confirm: {
        title: `Create cache ${input.name}?`,
        message: `A ${input.engine ?? 'redis'} cache named ${input.name} is created on Docker and kept running until you delete it.`,
      },
    };
  },
  async invoke(input, ctx) {
    const problem = validateCacheName(input.name);
    if (problem) throw new Error(`"${input.name}": ${problem}`);
    const engine = input.engine ?? 'redis';
    const res = await ctx.client.request('cache/create', { name: input.name, engine }, 5 * 60_000);
    return `cache ${res.name} (${res.engine}) is ready at ${res.endpoint.host}:${res.endpoint.port}`;
  },
};
