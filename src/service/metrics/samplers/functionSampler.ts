// A function's invocations from its container's log, followed while the dashboard is watched: per round, how many
// began, failed and started cold, and the p50/p95 of the durations reported in the last minute.
import type { LogFollower } from '../../backends/backend';
import type { ResourceAccess } from '../../runtime/resourceAccess';
import type { ChartDef, SeriesDef } from '../../../protocol/dashboard';
import { percentile } from '../../../protocol/series';
import { DurationWindow, LambdaLogTally } from '../lambdaReports';
import { put, type Sampler, type SamplerOutput } from '../sampler';
import { l10n } from '../../../protocol/l10n';

export const FUNCTION_CHARTS: ChartDef[] = [
  { id: 'fn.invocations', title: l10n.key('Invocations'), unit: 'count' },
  { id: 'fn.duration', title: l10n.key('Duration (last minute)'), unit: 'ms' },
  { id: 'fn.errors', title: l10n.key('Errors and cold starts'), unit: 'count' },
];

const SERIES: SeriesDef[] = [
  { id: 'fn.invocations', label: l10n.key('invocations'), unit: 'count', chart: 'fn.invocations' },
  { id: 'fn.p50', label: l10n.key('p50'), unit: 'ms', chart: 'fn.duration' },
  { id: 'fn.p95', label: l10n.key('p95'), unit: 'ms', chart: 'fn.duration' },
  { id: 'fn.errors', label: l10n.key('errors'), unit: 'count', chart: 'fn.errors' },
  { id: 'fn.cold', label: l10n.key('cold starts'), unit: 'count', chart: 'fn.errors' },
];

const PERCENTILE_WINDOW_MS = 60_000;

export function functionLogSampler(access: ResourceAccess): Sampler {
  let follower: LogFollower | undefined;
  let tally: LambdaLogTally | undefined;
  let closed = false;
  const window = new DurationWindow(PERCENTILE_WINDOW_MS);

  const follow = async () => {
    // Whether it has run an invocation already: its next one is then not a cold start.
    const before = await access.readLogs(2000);
    const t = new LambdaLogTally(/^START RequestId: /m.test(before));
    const f = await access.followLogs(0, (c) => t.feed(c.text));
    if (closed) {
      f.stop();
      return;
    }
    tally = t;
    follower = f;
    void f.ended.then(() => {
      if (follower === f) follower = undefined;
    });
  };

  return {
    source: "Invocations, durations, errors and cold starts: the START … REPORT lines of the function's log",
    charts: FUNCTION_CHARTS,
    series: SERIES,
    async sample(now: number): Promise<SamplerOutput> {
      if (!follower) await follow();
      const got = tally?.take();
      const values: Record<string, number> = {};
      if (!got) return { values };
      window.add(now, got.durations);
      const ds = window.values(now);
      put(values, 'fn.invocations', got.invocations);
      put(values, 'fn.errors', got.errors);
      put(values, 'fn.cold', got.coldStarts);
      put(values, 'fn.p50', percentile(ds, 50));
      put(values, 'fn.p95', percentile(ds, 95));
      return { values };
    },
    close() {
      closed = true;
      follower?.stop();
      follower = undefined;
    },
  };
}
