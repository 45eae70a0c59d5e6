// A fakecloud server's function, cold or warm: its invocations per round from the server's own invocation log
// (every caller's, not only those this window made).
import type { Invocation } from '../../../protocol/aws';
import type { SeriesDef } from '../../../protocol/dashboard';
import { FUNCTION_CHARTS } from './functionSampler';
import { type Sampler, type SamplerOutput } from '../sampler';

const SERIES: SeriesDef[] = [{ id: 'fn.serverInvocations', label: "server's log", unit: 'count', chart: 'fn.invocations' }];

export function serverInvocationsSampler(read: () => Promise<Invocation[]>): Sampler {
  let seen: number | undefined;
  return {
    source: "Invocations: the fakecloud server's invocation log (/_fakecloud/lambda/invocations)",
    charts: [FUNCTION_CHARTS[0]],
    series: SERIES,
    async sample(): Promise<SamplerOutput> {
      const all = await read();
      // The log only grows while the server runs; a smaller one is a server restarted (or reset): counted afresh.
      const fresh = seen === undefined ? 0 : all.length >= seen ? all.length - seen : all.length;
      seen = all.length;
      return { values: { 'fn.serverInvocations': fresh } };
    },
    close() {
      // Nothing stays open between rounds.
    },
  };
}
