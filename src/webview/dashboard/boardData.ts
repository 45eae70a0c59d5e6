// The page's copy of a dashboard: the snapshot, then each round appended, points older than the kept window
// dropped. Gives each chart's data as uPlot takes it (shared x in seconds, one array per series, gaps as null),
// thinned to the chart's width by min/max buckets so a spike survives a narrow panel. Pure.
import type { ChartDef, DashboardSample, DashboardSnapshot, DashboardTables, SeriesDef } from '../../protocol/dashboard';
import { minMaxBuckets } from '../../protocol/series';

export interface SeriesData extends SeriesDef {
  ts: number[];
  vs: number[];
}

export type AlignedData = [number[], ...(number | null)[][]];

export class BoardData {
  title: string;
  charts: ChartDef[];
  readonly series = new Map<string, SeriesData>();
  tables: DashboardTables;
  sources: string[];
  problems: string[];
  keepMs: number;
  intervalMs: number;
  historyBytes: number;

  constructor(s: DashboardSnapshot) {
    this.title = s.title;
    this.charts = s.charts;
    this.tables = s.tables;
    this.sources = s.sources;
    this.problems = s.problems;
    this.keepMs = s.keepMs;
    this.intervalMs = s.intervalMs;
    this.historyBytes = s.historyBytes;
    for (const x of s.series)
      this.series.set(x.id, {
        id: x.id,
        label: x.label,
        unit: x.unit,
        chart: x.chart,
        ts: x.points.map((p) => p[0]),
        vs: x.points.map((p) => p[1]),
      });
  }

  /** Appends a round; answers whether charts or series were added (the page lays out again then). */
  apply(s: DashboardSample): boolean {
    let grew = false;
    for (const c of s.added?.charts ?? [])
      if (!this.charts.some((x) => x.id === c.id)) {
        this.charts.push(c);
        grew = true;
      }
    for (const d of s.added?.series ?? [])
      if (!this.series.has(d.id)) {
        this.series.set(d.id, { ...d, ts: [], vs: [] });
        grew = true;
      }
    for (const [id, v] of Object.entries(s.values)) {
      const x = this.series.get(id);
      if (!x) continue;
      x.ts.push(s.t);
      x.vs.push(v);
    }
    if (s.tables?.slowlog) this.tables.slowlog = s.tables.slowlog;
    if (s.tables?.timeline) this.tables.timeline = [...(this.tables.timeline ?? []), ...s.tables.timeline].slice(-500);
    if (s.sources) this.sources = s.sources;
    if (s.problems) this.problems = s.problems;
    this.trim(s.t);
    return grew;
  }

  private trim(now: number): void {
    const cutoff = now - this.keepMs;
    for (const x of this.series.values()) {
      let drop = 0;
      while (drop < x.ts.length && x.ts[drop] <= cutoff) drop++;
      if (drop > 0) {
        x.ts.splice(0, drop);
        x.vs.splice(0, drop);
      }
    }
  }

  seriesOf(chartId: string): SeriesData[] {
    return [...this.series.values()].filter((s) => s.chart === chartId);
  }

  latest(id: string): number | undefined {
    const x = this.series.get(id);
    return x && x.vs.length > 0 ? x.vs[x.vs.length - 1] : undefined;
  }

  /** A chart's series on one time axis (seconds), at most about `maxPoints` per series. */
  aligned(chartId: string, maxPoints: number): { series: SeriesData[]; data: AlignedData } {
    const series = this.seriesOf(chartId);
    const thinned = series.map((s) => {
      const pts = s.ts.map((t, i) => ({ t, v: s.vs[i] }));
      if (pts.length <= maxPoints) return pts;
      // Each bucket as its max: a peak is what a person looks for on these charts.
      return minMaxBuckets(pts, Math.max(1, Math.floor(maxPoints))).map((b) => ({ t: b.t, v: b.max }));
    });
    const times = [...new Set(thinned.flatMap((p) => p.map((x) => x.t)))].sort((a, b) => a - b);
    const index = new Map(times.map((t, i) => [t, i]));
    const cols = thinned.map((pts) => {
      const col: (number | null)[] = new Array<number | null>(times.length).fill(null);
      for (const p of pts) col[index.get(p.t) ?? 0] = p.v;
      return col;
    });
    return { series, data: [times.map((t) => t / 1000), ...cols] };
  }

  /** Each series as a row of the table view: its latest, lowest and highest figure in the window. */
  rows(): { chart: string; series: SeriesData; latest?: number; min?: number; max?: number }[] {
    const out: { chart: string; series: SeriesData; latest?: number; min?: number; max?: number }[] = [];
    for (const c of this.charts)
      for (const s of this.seriesOf(c.id)) {
        const vs = s.vs;
        out.push({
          chart: c.title,
          series: s,
          latest: vs.length ? vs[vs.length - 1] : undefined,
          min: vs.length ? Math.min(...vs) : undefined,
          max: vs.length ? Math.max(...vs) : undefined,
        });
      }
    return out;
  }
}
