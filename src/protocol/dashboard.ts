// What a dashboard shows, as both halves and the panel's page share it: the charts (each a few series of one unit),
// the series' points, the tables (a cache's slowlog, the reconciler's timeline), where the figures come from, and
// the samples the service pushes while a panel is visible. No I/O.

/** How a figure reads: the page formats each with its unit. */
export type Unit = 'percent' | 'bytes' | 'bytesPerSecond' | 'perSecond' | 'count' | 'ratio' | 'ms';

export interface SeriesDef {
  id: string;
  label: string;
  unit: Unit;
  /** The chart it is drawn on. */
  chart: string;
}

export interface ChartDef {
  id: string;
  title: string;
  unit: Unit;
  /** A series drawn as a dashed ceiling (a memory limit) rather than a figure of its own. */
  ceiling?: string;
}

/** A dashboard of one resource (by its id in the model, a container's or an AWS resource's), or the overview. */
export type DashboardTarget = { resourceId: string } | { overview: true };

export function targetKey(t: DashboardTarget): string {
  return 'overview' in t ? 'overview' : t.resourceId;
}

export interface SlowlogEntry {
  id: number;
  /** Unix ms. */
  at: number;
  micros: number;
  command: string;
  client: string;
}

export type TimelineKind = 'pass' | 'repair' | 'failed' | 'backing off' | 'gave up' | 'drift' | 'healthy again';

export interface TimelineEvent {
  /** Unix ms. */
  at: number;
  kind: TimelineKind;
  /** The resource's name; empty for a pass. */
  resource: string;
  text: string;
}

export interface DashboardTables {
  slowlog?: SlowlogEntry[];
  timeline?: TimelineEvent[];
}

export interface DashboardSnapshot {
  key: string;
  title: string;
  intervalMs: number;
  /** How far back the service keeps points. */
  keepMs: number;
  charts: ChartDef[];
  series: (SeriesDef & { points: [number, number][] })[];
  tables: DashboardTables;
  /** Where the figures come from ("CPU and memory: Docker's stats stream"). */
  sources: string[];
  /** What could not be sampled, and why; empty when all is well. */
  problems: string[];
  /** Bytes the service holds for every dashboard's history. */
  historyBytes: number;
}

/** One round of samples for a dashboard, pushed while a panel shows it. */
export interface DashboardSample {
  key: string;
  t: number;
  values: Record<string, number>;
  /** Charts and series that appear for the first time with this sample. */
  added?: { charts: ChartDef[]; series: SeriesDef[] };
  tables?: DashboardTables;
  sources?: string[];
  problems?: string[];
}

/** The sample interval a setting may ask for, in seconds. */
export const SAMPLE_SECONDS = { min: 1, max: 60, default: 1 } as const;
/** History kept per series. */
export const KEEP_MS = 15 * 60_000;
