// One key's value, as the key browser opens it (a hash as JSON, a list as an array…).
import type { AgentTool } from './agentTool';
import { resourceNamed } from './toolTarget';
import { l10n } from '../protocol/l10n';

const MAX = 20_000;

export const readKey: AgentTool<{ cache: string; key: string; db?: number }> = {
  name: 'fakecloud_readKey',
  prepare: (input) => ({ invocationMessage: l10n.t('Reading {0} in {1}', input.key, input.cache) }),
  async invoke(input, ctx) {
    const r = resourceNamed(ctx, input.cache, 'cache');
    const opened = await ctx.client.request('cache/keyRead', { resourceId: r.id, db: input.db ?? 0, key: { name: input.key } });
    const text = opened.document.text;
    const ttl = opened.ttlMs > 0 ? l10n.t(', expires in {0} s', Math.round(opened.ttlMs / 1000)) : '';
    return `${input.key} (${opened.type}${ttl}):\n${text.length > MAX ? l10n.t('{0}\n… (cut at {1} characters)', text.slice(0, MAX), MAX) : text}`;
  },
};
