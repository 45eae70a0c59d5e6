// Invoke a function with a payload: asks the user first, as the function may change things.
import type { AgentTool } from './agentTool';
import { resourceNamed } from './toolTarget';
import { l10n } from '../protocol/l10n';
import { mdFence } from '../views/markdown';

export const invokeFunction: AgentTool<{ function: string; payload?: string }> = {
  name: 'fakecloud_invokeFunction',
  prepare: (input) => ({
    invocationMessage: l10n.t('Invoking {0}', input.function),
    confirm: {
      title: l10n.t('Invoke {0}?', input.function),
      // What the agent asks for, shown as it is: a fenced block is never read as Markdown (a link, an image).
      message: l10n.t('The function runs with this payload and may change data:\n\n{0}', mdFence(input.payload?.trim() || '{}', 'json')),
    },
  }),
  async invoke(input, ctx) {
    const r = resourceNamed(ctx, input.function, 'function');
    const payload = input.payload?.trim() || '{}';
    try {
      JSON.parse(payload);
    } catch (err) {
      throw new Error(l10n.t('the payload is not JSON: {0}', (err as Error).message), { cause: err });
    }
    const res = await ctx.client.request('function/invoke', { resourceId: r.id, payload });
    return [
      l10n.t('status {0}{1}, {2} ms', res.statusCode, res.functionError ? `, error ${res.functionError}` : '', Math.round(res.durationMs)),
      l10n.t('response: {0}', res.body),
      'log:',
      ...res.logs,
    ].join('\n');
  },
};
