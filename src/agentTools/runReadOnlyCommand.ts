// A Redis command that only reads (GET, HGETALL, SCAN, INFO…); anything else is refused with why, so an agent cannot
// change data through it.
import { readOnlyProblem } from '../protocol/redisReadOnly';
import type { AgentTool } from './agentTool';
import { resourceNamed } from './toolTarget';
import { l10n } from '../protocol/l10n';

export const runReadOnlyCommand: AgentTool<{ cache: string; command: string }> = {
  name: 'fakecloud_redisReadCommand',
  prepare: (input) => ({ invocationMessage: l10n.t('Running {0} on {1}', input.command.split(/\s+/)[0] ?? '', input.cache) }),
  async invoke(input, ctx) {
    const problem = readOnlyProblem(input.command);
    if (problem) throw new Error(l10n.t('{0}: this tool only reads (GET, HGETALL, LRANGE, SCAN, INFO, TTL…)', problem));
    const r = resourceNamed(ctx, input.cache, 'cache');
    if (r.engine === 'memcached') throw new Error(l10n.t('{0} is a memcached cache, not Redis', input.cache));
    const res = await ctx.client.request('cache/command', { resourceId: r.id, line: input.command, timeoutMs: 10_000 });
    return res.isError ? l10n.t('(error) {0}', res.stdout.trim() || res.stderr.trim()) : res.stdout;
  },
};
