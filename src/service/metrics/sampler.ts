// One source of a dashboard's figures (a container's stats stream, a cache's INFO, a function's log). The dashboard
// asks each of its samplers once per interval while a panel shows it, and closes them when none does.
import type { ChartDef, DashboardTables, SeriesDef } from '../../protocol/dashboard';
import { rate } from '../../protocol/series';
import { l10n } from '../../protocol/l10n';

export interface SamplerOutput {
  /** Series id → value; a series with no figure this round is left out (a gap, not a zero). */
  values: Record<string, number>;
  tables?: DashboardTables;
}

export interface Sampler {
  /** Where the figures come from, for the panel ("CPU and memory: Docker's stats stream"). */
  readonly source: string;
  readonly charts: ChartDef[];
  readonly series: SeriesDef[];
  /** A series that appears later (a new database's keys): its definition, from its id. */
  describe?(id: string): SeriesDef | undefined;
  /** One round; throws with a message that says what failed. */
  sample(now: number): Promise<SamplerOutput>;
  close(): void;
}

/** What every container or Pod shows, wherever its figures come from. */
export const USAGE_CHARTS: ChartDef[] = [
  { id: 'cpu', title: l10n.key('CPU'), unit: 'percent' },
  { id: 'memory', title: l10n.key('Memory'), unit: 'bytes', ceiling: 'mem.limit' },
  { id: 'network', title: l10n.key('Network'), unit: 'bytesPerSecond' },
  { id: 'restarts', title: l10n.key('Restarts'), unit: 'count' },
];

export const USAGE_SERIES: SeriesDef[] = [
  { id: 'cpu', label: l10n.key('CPU'), unit: 'percent', chart: 'cpu' },
  { id: 'mem.used', label: l10n.key('used'), unit: 'bytes', chart: 'memory' },
  { id: 'mem.limit', label: l10n.key('limit'), unit: 'bytes', chart: 'memory' },
  { id: 'net.rx', label: l10n.key('in'), unit: 'bytesPerSecond', chart: 'network' },
  { id: 'net.tx', label: l10n.key('out'), unit: 'bytesPerSecond', chart: 'network' },
  { id: 'restarts', label: l10n.key('restarts'), unit: 'count', chart: 'restarts' },
];

/** Per-second rates of counters between rounds; a counter that went down (a restart) gives no rate that round. */
export class Rates {
  private readonly prev = new Map<string, { t: number; v: number }>();

  of(id: string, t: number, v: number | undefined): number | undefined {
    if (v === undefined) return undefined;
    const p = this.prev.get(id);
    this.prev.set(id, { t, v });
    return rate(p, { t, v });
  }

  /** The change since the last round (not per second), undefined on the first or after a reset. */
  delta(id: string, t: number, v: number): number | undefined {
    const p = this.prev.get(id);
    this.prev.set(id, { t, v });
    if (!p || v < p.v) return undefined;
    return v - p.v;
  }
}

/** Puts `v` in `values` when it is a number. */
export function put(values: Record<string, number>, id: string, v: number | undefined): void {
  if (v !== undefined && Number.isFinite(v)) values[id] = v;
}
