// Small statistics helpers for the benchmarks.
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const idx = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[idx];
}

export function median(values: number[]): number {
  return percentile(values, 50);
}

export function ms(n: number): string {
  return `${n.toFixed(1)} ms`;
}

export interface BenchResult {
  name: string;
  /** What we measured, human-readable. */
  measured: string;
  /** Our figure divided by the reference's (or by the goal); ≤ goal passes. */
  ratio: number;
  goal: string;
  ok: boolean;
}
