// Live dashboards: while any window watches one, its samplers run once per interval and every watching window gets
// each round; when the last window stops watching (its panel hidden or closed, or the window gone) the samplers are
// closed and nothing more is asked of the engine. The history stays in the store, so a panel opened later, or in
// another window, starts with it. The overview is fed by the reconciler's reports, which run anyway: watching it
// costs nothing.
import type { ChartDef, DashboardSample, DashboardSnapshot, SeriesDef } from '../../protocol/dashboard';
import type { ReconcileReport } from '../../protocol/reconcile';
import { withTimeout } from '../support/timeout';
import type { Sampler } from './sampler';
import type { SeriesStore } from './seriesStore';
import { passValues, ReconcileTimeline } from './timeline';
import { l10n } from '../../protocol/l10n';

export const OVERVIEW = 'overview';

const OVERVIEW_CHARTS: ChartDef[] = [
  { id: 'reconcile.passes', title: l10n.key('Reconcile passes (duration)'), unit: 'ms' },
  { id: 'reconcile.repairs', title: l10n.key('Repairs and failing resources'), unit: 'count' },
  { id: 'reconcile.resources', title: l10n.key('Resources kept'), unit: 'count' },
];

const OVERVIEW_SERIES: SeriesDef[] = [
  { id: 'reconcile.duration', label: l10n.key('pass'), unit: 'ms', chart: 'reconcile.passes' },
  { id: 'reconcile.repaired', label: l10n.key('repaired'), unit: 'count', chart: 'reconcile.repairs' },
  { id: 'reconcile.failing', label: l10n.key('failing'), unit: 'count', chart: 'reconcile.repairs' },
  { id: 'reconcile.owned', label: l10n.key('kept'), unit: 'count', chart: 'reconcile.resources' },
  { id: 'reconcile.healthy', label: l10n.key('healthy'), unit: 'count', chart: 'reconcile.resources' },
];

export type Tell = (s: DashboardSample) => void;

interface Live {
  watchers: Map<string, Tell>;
  /** What the watchers were last told of the sources and problems (sent again only when they change). */
  told?: string;
  samplers: Sampler[];
  timer?: NodeJS.Timeout;
  busy: boolean;
}

export interface DashboardsDeps {
  store: SeriesStore;
  samplersFor(key: string): { title: string; samplers: Sampler[] };
  /** Whether a dashboard's resource still exists: the history of one removed is forgotten. */
  exists?: (key: string) => boolean;
  now?: () => number;
}

export class Dashboards {
  private readonly live = new Map<string, Live>();
  private readonly timeline = new ReconcileTimeline();
  private readonly now: () => number;
  /** Rounds sampled since the service began (for tests and benchmarks). */
  rounds = 0;

  constructor(private readonly deps: DashboardsDeps) {
    this.now = deps.now ?? Date.now;
    deps.store.define(OVERVIEW, 'Fakecloud overview', OVERVIEW_CHARTS, OVERVIEW_SERIES);
    deps.store.setStatus(OVERVIEW, ["Passes, repairs and events: the reconciler's reports"], []);
  }

  /** Starts `watcherId`'s watch of `key` (its samplers too, if it is the first); answers the history so far. */
  watch(key: string, watcherId: string, tell: Tell): DashboardSnapshot {
    this.prune();
    let l = this.live.get(key);
    if (!l) {
      // Throws (nothing started) when there is nothing to watch.
      const { title, samplers } = this.deps.samplersFor(key);
      for (const s of samplers) this.deps.store.define(key, title, s.charts, s.series);
      if (samplers.length === 0) this.deps.store.define(key, title, [], []);
      else
        this.deps.store.setStatus(
          key,
          samplers.map((s) => s.source),
          [],
        );
      l = { watchers: new Map(), samplers, busy: false };
      this.live.set(key, l);
      if (samplers.length > 0) this.schedule(key, l);
    }
    l.watchers.set(watcherId, tell);
    const snap = this.deps.store.snapshot(key, this.now());
    if (!snap) throw new Error(`no dashboard ${key}`);
    return snap;
  }

  unwatch(key: string, watcherId: string): void {
    const l = this.live.get(key);
    if (!l) return;
    l.watchers.delete(watcherId);
    if (l.watchers.size === 0) this.stop(key, l);
  }

  /** Dashboards watched now, and by how many windows. */
  watched(): { key: string; watchers: number }[] {
    return [...this.live].map(([key, l]) => ({ key, watchers: l.watchers.size }));
  }

  setIntervalMs(ms: number): void {
    this.deps.store.setIntervalMs(ms);
    for (const [key, l] of this.live) {
      clearInterval(l.timer);
      if (l.samplers.length > 0) this.schedule(key, l);
    }
  }

  /** A reconcile pass: its points and events into the overview, and to those watching it. */
  reconcileReport(report: ReconcileReport): void {
    const t = report.startedAt + report.durationMs;
    const values = report.error ? {} : passValues(report);
    const events = this.timeline.events(report);
    this.deps.store.record(OVERVIEW, t, values);
    this.deps.store.addTimeline(OVERVIEW, events);
    const l = this.live.get(OVERVIEW);
    if (!l) return;
    const sample: DashboardSample = { key: OVERVIEW, t, values, tables: { timeline: events } };
    for (const tell of l.watchers.values()) tell(sample);
  }

  /** Forgets the history of dashboards whose resources are gone (none is watched: a watched one is still there). */
  private prune(): void {
    const exists = this.deps.exists;
    if (!exists) return;
    for (const key of this.deps.store.keys()) if (key !== OVERVIEW && !this.live.has(key) && !exists(key)) this.deps.store.forget(key);
  }

  closeAll(): void {
    for (const [key, l] of [...this.live]) this.stop(key, l);
  }

  private schedule(key: string, l: Live): void {
    const ms = this.deps.store.interval;
    l.timer = setInterval(() => void this.round(key, l), ms);
    void this.round(key, l);
  }

  private stop(key: string, l: Live): void {
    clearInterval(l.timer);
    l.timer = undefined;
    for (const s of l.samplers) s.close();
    if (this.live.get(key) === l) this.live.delete(key);
  }

  /** One round of every sampler; a round still running when the next is due lets that one pass. */
  private async round(key: string, l: Live): Promise<void> {
    if (l.busy || this.live.get(key) !== l) return;
    l.busy = true;
    try {
      const t = this.now();
      const deadline = Math.max(10_000, this.deps.store.interval * 3);
      const results = await Promise.allSettled(l.samplers.map((s) => withTimeout(s.sample(t), deadline, s.source.split(':')[0])));
      if (this.live.get(key) !== l) return;
      this.rounds++;
      const values: Record<string, number> = {};
      const problems: string[] = [];
      const tables: DashboardSample['tables'] = {};
      const added = { charts: [] as ChartDef[], series: [] as SeriesDef[] };
      results.forEach((r, i) => {
        const s = l.samplers[i];
        if (r.status === 'rejected') {
          problems.push(`${s.source.split(':')[0]}: ${(r.reason as Error).message}`);
          return;
        }
        Object.assign(values, r.value.values);
        Object.assign(tables, r.value.tables);
        for (const id of Object.keys(r.value.values)) {
          if (this.deps.store.has(key, id)) continue;
          const def = s.describe?.(id);
          if (!def) continue;
          const a = this.deps.store.define(key, '', [], [def]);
          added.series.push(...a.series);
        }
      });
      this.deps.store.record(key, t, values);
      this.deps.store.setTables(key, tables);
      const sources = l.samplers.map((s) => s.source);
      this.deps.store.setStatus(key, sources, problems);
      const status = JSON.stringify([sources, problems]);
      const sample: DashboardSample = {
        key,
        t,
        values,
        ...(Object.keys(tables).length > 0 ? { tables } : {}),
        ...(status !== l.told ? { sources, problems } : {}),
        ...(added.series.length > 0 ? { added } : {}),
      };
      l.told = status;
      for (const tell of l.watchers.values()) tell(sample);
    } finally {
      l.busy = false;
    }
  }
}
