// A resource's recent log lines.
import type { AgentTool } from './agentTool';
import { resourceNamed } from './toolTarget';
import { l10n } from '../protocol/l10n';

export const readLogs: AgentTool<{ resource: string; lines?: number }> = {
  name: 'fakecloud_readLogs',
  prepare: (input) => ({ invocationMessage: l10n.t('Reading the log of {0}', input.resource) }),
  async invoke(input, ctx) {
    const r = resourceNamed(ctx, input.resource);
    const res = await ctx.client.request('logs/read', { resourceId: r.id, tail: Math.min(Math.max(input.lines ?? 100, 1), 2000) });
    return res.text.trim() === '' ? l10n.t('{0} has logged nothing', input.resource) : res.text;
  },
};
