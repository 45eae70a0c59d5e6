// One key's value, as the key browser opens it (a hash as JSON, a list as an array…).
import type { AgentTool } from './agentTool';
import { resourceNamed } from './toolTarget';

const MAX = 20_000;

export const readKey: AgentTool<{ cache: string; key: string; db?: number }> = {
  name: 'fakecloud_readKey',
  prepare: (input) => ({ invocationMessage: `Reading ${input.key} in ${input.cache}` }),
  async invoke(input, ctx) {
    const r = resourceNamed(ctx, input.cache, 'cache');
    const opened = await ctx.client.request('cache/keyRead', { resourceId: r.id, db: input.db ?? 0, key: { name: input.key } });
    const text = opened.document.text;
    const ttl = opened.ttlMs > 0 ? `, expires in ${Math.round(opened.ttlMs / 1000)} s` : '';
    return `${input.key} (${opened.type}${ttl}):\n${text.length > MAX ? `${text.slice(0, MAX)}\n… (cut at ${MAX} characters)` : text}`;
  },
};
