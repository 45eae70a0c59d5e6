// A Redis command that only reads (GET, HGETALL, SCAN, INFO…); anything else is refused with why, so an agent cannot
// change data through it.
import { readOnlyProblem } from '../protocol/redisReadOnly';
import type { AgentTool } from './agentTool';
import { resourceNamed } from './toolTarget';

export const runReadOnlyCommand: AgentTool<{ cache: string; command: string }> = {
  name: 'fakecloud_redisReadCommand',
  prepare: (input) => ({ invocationMessage: `Running ${input.command.split(/\s+/)[0] ?? ''} on ${input.cache}` }),
  async invoke(input, ctx) {
    const problem = readOnlyProblem(input.command);
    if (problem) throw new Error(`${problem}: this tool only reads (GET, HGETALL, LRANGE, SCAN, INFO, TTL…)`);
    const r = resourceNamed(ctx, input.cache, 'cache');
    if (r.engine === 'memcached') throw new Error(`${input.cache} is a memcached cache, not Redis`);
    const res = await ctx.client.request('cache/command', { resourceId: r.id, line: input.command, timeoutMs: 10_000 });
    return res.isError ? `(error) ${res.stdout.trim() || res.stderr.trim()}` : res.stdout;
  },
};
