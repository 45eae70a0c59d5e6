// The dashboards' history: per dashboard, a bounded ring per series (15 minutes at the sample interval), the newest
// tables, and the events of the reconciler's timeline (bounded too). What it holds is fixed by the rings' capacity,
// so its memory can be told and stays within what was stated, however long the service runs.
import {
  KEEP_MS,
  type ChartDef,
  type DashboardSnapshot,
  type DashboardTables,
  type SeriesDef,
  type TimelineEvent,
} from '../../protocol/dashboard';
import { Ring } from '../../protocol/series';

/** Timeline events kept for the overview. */
export const TIMELINE_MAX = 500;

interface Board {
  title: string;
  charts: Map<string, ChartDef>;
  series: Map<string, { def: SeriesDef; ring: Ring }>;
  tables: DashboardTables;
  sources: string[];
  problems: string[];
}

export class SeriesStore {
  private readonly boards = new Map<string, Board>();
  private capacity: number;

  constructor(
    private intervalMs: number,
    readonly keepMs = KEEP_MS,
  ) {
    this.capacity = Math.max(1, Math.ceil(keepMs / intervalMs));
  }

  /** New series hold 15 minutes at the new interval; those there keep what they hold. */
  setIntervalMs(ms: number): void {
    this.intervalMs = ms;
    this.capacity = Math.max(1, Math.ceil(this.keepMs / ms));
  }

  get interval(): number {
    return this.intervalMs;
  }

  private board(key: string, title: string): Board {
    let b = this.boards.get(key);
    if (!b) {
      b = { title, charts: new Map(), series: new Map(), tables: {}, sources: [], problems: [] };
      this.boards.set(key, b);
    }
    if (title) b.title = title;
    return b;
  }

  /** Declares charts and series (again is harmless); answers those that are new. */
  define(key: string, title: string, charts: ChartDef[], series: SeriesDef[]): { charts: ChartDef[]; series: SeriesDef[] } {
    const b = this.board(key, title);
    const added = { charts: [] as ChartDef[], series: [] as SeriesDef[] };
    for (const c of charts)
      if (!b.charts.has(c.id)) {
        b.charts.set(c.id, c);
        added.charts.push(c);
      }
    for (const s of series)
      if (!b.series.has(s.id)) {
        b.series.set(s.id, { def: s, ring: new Ring(this.capacity) });
        added.series.push(s);
      }
    return added;
  }

  has(key: string, seriesId: string): boolean {
    return this.boards.get(key)?.series.has(seriesId) === true;
  }

  /** Records a round's values (series not defined are left out: define them first). */
  record(key: string, t: number, values: Record<string, number>): void {
    const b = this.boards.get(key);
    if (!b) return;
    for (const [id, v] of Object.entries(values)) b.series.get(id)?.ring.push(t, v);
  }

  setTables(key: string, tables: DashboardTables): void {
    const b = this.boards.get(key);
    if (b) Object.assign(b.tables, tables);
  }

  addTimeline(key: string, events: TimelineEvent[]): void {
    const b = this.boards.get(key);
    if (!b || events.length === 0) return;
    const tl = [...(b.tables.timeline ?? []), ...events];
    const cutoff = (events[events.length - 1]?.at ?? 0) - this.keepMs;
    b.tables.timeline = tl.filter((e) => e.at > cutoff).slice(-TIMELINE_MAX);
  }

  setStatus(key: string, sources: string[], problems: string[]): void {
    const b = this.boards.get(key);
    if (b) {
      b.sources = sources;
      b.problems = problems;
    }
  }

  snapshot(key: string, now: number): DashboardSnapshot | undefined {
    const b = this.boards.get(key);
    if (!b) return undefined;
    const since = now - this.keepMs;
    return {
      key,
      title: b.title,
      intervalMs: this.intervalMs,
      keepMs: this.keepMs,
      charts: [...b.charts.values()],
      series: [...b.series.values()].map(({ def, ring }) => ({
        ...def,
        points: ring.points(since).map((p): [number, number] => [p.t, p.v]),
      })),
      tables: b.tables,
      sources: b.sources,
      problems: b.problems,
      historyBytes: this.bytes,
    };
  }

  /** Forgets a dashboard (its resource is gone). */
  forget(key: string): void {
    this.boards.delete(key);
  }

  keys(): string[] {
    return [...this.boards.keys()];
  }

  /** The bytes the rings hold, whatever they are filled with, and a bound on the timeline's. */
  get bytes(): number {
    let n = 0;
    for (const b of this.boards.values()) {
      for (const s of b.series.values()) n += s.ring.bytes;
      // An event is a few short strings: 200 bytes is generous.
      n += (b.tables.timeline?.length ?? 0) * 200 + (b.tables.slowlog?.length ?? 0) * 300;
    }
    return n;
  }
}
