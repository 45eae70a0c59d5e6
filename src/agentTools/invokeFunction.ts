// Invoke a function with a payload: asks the user first, as the function may change things.
import type { AgentTool } from './agentTool';
import { resourceNamed } from './toolTarget';

export const invokeFunction: AgentTool<{ function: string; payload?: string }> = {
  name: 'fakecloud_invokeFunction',
  prepare: (input) => ({
    invocationMessage: `Invoking ${input.function}`,
    confirm: {
      title: `Invoke ${input.function}?`,
      message: `The function runs with this payload and may change data:\n\n${input.payload?.trim() || '{}'}`,
    },
  }),
  async invoke(input, ctx) {
    const r = resourceNamed(ctx, input.function, 'function');
    const payload = input.payload?.trim() || '{}';
    try {
      JSON.parse(payload);
    } catch (err) {
      throw new Error(`the payload is not JSON: ${(err as Error).message}`, { cause: err });
    }
    const res = await ctx.client.request('function/invoke', { resourceId: r.id, payload });
    return [
      `status ${res.statusCode}${res.functionError ? `, error ${res.functionError}` : ''}, ${Math.round(res.durationMs)} ms`,
      `response: ${res.body}`,
      'log:',
      ...res.logs,
    ].join('\n');
  },
};
