// Wording both processes share. Pure.
import { l10n } from './l10n';

/** "1 file", "2 files": a count with its noun in the right number. */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A byte count as a reader takes it in: 512 B, 1.5 KB, 11.0 MB, 2.1 GB. */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return l10n.t('{0} B', bytes);
  if (bytes < 1024 * 1024) return l10n.t('{0} KB', (bytes / 1024).toFixed(1));
  if (bytes < 1024 * 1024 * 1024) return l10n.t('{0} MB', (bytes / 1024 / 1024).toFixed(1));
  return l10n.t('{0} GB', (bytes / 1024 / 1024 / 1024).toFixed(1));
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * A value from elsewhere on one line, its control characters and line separators written as escapes ("\n",
 * "\x1b"): a newline in a name cannot pass for a line of what shows it.
 */
export function oneLine(s: string): string {
  return s.replace(CONTROL, (c) => NAMED[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
