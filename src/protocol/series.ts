// Time series for the dashboards, as both halves use them: a bounded ring per series (the service keeps the last
// minutes; its memory is fixed by its capacity), rates from counters (with a restart seen as a reset, not a negative
// rate), ratios, percentiles over a window, and min/max buckets that keep a long series readable at narrow widths.
// Pure.

export interface Point {
  /** Milliseconds since the epoch. */
  t: number;
  v: number;
}

/** A fixed number of the newest points; older ones are overwritten. */
export class Ring {
  private readonly ts: Float64Array;
  private readonly vs: Float64Array;
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`a ring holds at least one point, not ${capacity}`);
    this.ts = new Float64Array(capacity);
    this.vs = new Float64Array(capacity);
  }

  /** Points as long as `keepMs` at one every `intervalMs`. */
  static forWindow(keepMs: number, intervalMs: number): Ring {
    return new Ring(Math.max(1, Math.ceil(keepMs / intervalMs)));
  }

  push(t: number, v: number): void {
    this.ts[this.next] = t;
    this.vs[this.next] = v;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  get size(): number {
    return this.count;
  }

  /** The bytes its points take, whatever they hold. */
  get bytes(): number {
    return this.capacity * 16;
  }

  /** Points oldest first, those after `sinceMs` when given. */
  points(sinceMs = -Infinity): Point[] {
    const out: Point[] = [];
    const start = (this.next - this.count + this.capacity) % this.capacity;
    for (let i = 0; i < this.count; i++) {
      const at = (start + i) % this.capacity;
      if (this.ts[at] > sinceMs) out.push({ t: this.ts[at], v: this.vs[at] });
    }
    return out;
  }

  last(): Point | undefined {
    if (this.count === 0) return undefined;
    const at = (this.next - 1 + this.capacity) % this.capacity;
    return { t: this.ts[at], v: this.vs[at] };
  }
}

/**
 * Per second, from two readings of a counter (commands processed, bytes received). Undefined when it went down (the
 * process restarted and counts from zero again) or no time passed.
 */
export function rate(prev: Point | undefined, cur: Point): number | undefined {
  if (!prev) return undefined;
  const dt = (cur.t - prev.t) / 1000;
  if (dt <= 0 || cur.v < prev.v) return undefined;
  return (cur.v - prev.v) / dt;
}

/** Hits as a share of all lookups, 0–1; undefined before any lookup. */
export function hitRatio(hits: number, misses: number): number | undefined {
  const all = hits + misses;
  return all > 0 ? hits / all : undefined;
}

/** The p-th percentile (0–100) by nearest rank; undefined for no values. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const rank = Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length)));
  return s[rank - 1];
}

/**
 * At most `buckets` buckets of equal time, each with its min and max, so a spike survives being drawn narrow
 * (averaging would hide it). Points already fewer than the buckets come back as they are.
 */
export function minMaxBuckets(points: readonly Point[], buckets: number): { t: number; min: number; max: number }[] {
  if (points.length === 0 || buckets < 1) return [];
  if (points.length <= buckets) return points.map((p) => ({ t: p.t, min: p.v, max: p.v }));
  const t0 = points[0].t;
  const span = points[points.length - 1].t - t0 || 1;
  const out: { t: number; min: number; max: number }[] = [];
  for (const p of points) {
    const b = Math.min(buckets - 1, Math.floor(((p.t - t0) / span) * buckets));
    const bt = t0 + (b * span) / buckets;
    const cur = out[out.length - 1];
    if (cur && cur.t === bt) {
      cur.min = Math.min(cur.min, p.v);
      cur.max = Math.max(cur.max, p.v);
    } else out.push({ t: bt, min: p.v, max: p.v });
  }
  return out;
}
