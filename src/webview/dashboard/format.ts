// Figures as people read them, with their units. Pure.
import type { Unit } from '../../protocol/dashboard';

const BYTES = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

function scaled(v: number, step: number, units: string[]): string {
  let i = 0;
  let x = Math.abs(v);
  while (x >= step && i < units.length - 1) {
    x /= step;
    i++;
  }
  const digits = x >= 100 || i === 0 ? 0 : x >= 10 ? 1 : 2;
  return `${v < 0 ? '-' : ''}${x.toFixed(digits)} ${units[i]}`;
}

function plain(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${(v / 1e6).toFixed(a >= 1e8 ? 0 : 1)} M`;
  if (a >= 1e4) return `${(v / 1e3).toFixed(a >= 1e5 ? 0 : 1)} k`;
  return a >= 100 || Number.isInteger(v) ? v.toFixed(0) : v.toFixed(a >= 10 ? 1 : 2);
}

export function formatValue(v: number | null | undefined, unit: Unit): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  switch (unit) {
    case 'percent':
      return `${v.toFixed(v >= 10 ? 0 : 1)} %`;
    case 'ratio':
      return `${(v * 100).toFixed(1)} %`;
    case 'bytes':
      return scaled(v, 1024, BYTES);
    case 'bytesPerSecond':
      return `${scaled(v, 1024, BYTES)}/s`;
    case 'perSecond':
      return `${plain(v)}/s`;
    case 'ms':
      return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v >= 100 ? 0 : 1)} ms`;
    case 'count':
      return plain(v);
  }
}

/** A time of day for the tables (the page's own locale and zone). */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  return d.toLocaleTimeString(undefined, { hour12: false });
}
