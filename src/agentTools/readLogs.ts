// A resource's recent log lines.
import type { AgentTool } from './agentTool';
import { resourceNamed } from './toolTarget';

export const readLogs: AgentTool<{ resource: string; lines?: number }> = {
  name: 'fakecloud_readLogs',
  prepare: (input) => ({ invocationMessage: `Reading the log of ${input.resource}` }),
  async invoke(input, ctx) {
    const r = resourceNamed(ctx, input.resource);
    const res = await ctx.client.request('logs/read', { resourceId: r.id, tail: Math.min(Math.max(input.lines ?? 100, 1), 2000) });
    return res.text.trim() === '' ? `${input.resource} has logged nothing` : res.text;
  },
};
