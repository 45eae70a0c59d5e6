// Paths inside a container or Pod, and the shell that lists a folder there. Pure: the listing's
// output is parsed here, the exec that produces it lives with each way of running.
import { randomBytes } from 'node:crypto';
import * as posix from 'node:path/posix';
import type { FileEntry, FileKind } from '../../../protocol/files';
import { l10n } from '../../../protocol/l10n';
import { UserError } from '../userError';

/** An absolute POSIX path, normalised ("/a/../b/" → "/b"); refused when it is not one. */
export function containerPath(p: string): string {
  if (p.includes('\0')) throw new UserError(l10n.t('a path cannot contain a NUL character'));
  if (!p.startsWith('/')) throw new UserError(l10n.t('{0} is not an absolute path in the container', p));
  const n = posix.normalize(p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

/** Its folder and name; the root has none. */
export function splitPath(p: string): { dir: string; name: string } {
  const n = containerPath(p);
  if (n === '/') throw new UserError(l10n.t('the root folder has no name of its own'));
  return { dir: posix.dirname(n), name: posix.basename(n) };
}

// The stat format both GNU coreutils and BusyBox understand: kind, size, mtime, mode (octal), uid, gid, name.
const STAT_FORMAT = '%F|%s|%Y|%a|%u|%g|%n';
const LINKS = '--fakecloud-links--';

/**
 * Lists "$1" with one stat for every entry (links followed), then names the symbolic links among them. Each record
 * ends with "|$2\n", "$2" a mark made afresh for each listing, so a name with a newline (or anything else a file name
 * can hold) stays whole and cannot pass for a record. Globs that match nothing stay as they are and stat fails on them
 * quietly. The first line says whether the folder could be entered: ok, missing, notdir or denied.
 */
export const LIST_SCRIPT = [
  'if ! cd -- "$1" 2>/dev/null; then',
  '  if [ ! -e "$1" ]; then echo missing; elif [ ! -d "$1" ]; then echo notdir; else echo denied; fi',
  '  exit 0',
  'fi',
  'echo ok',
  'm="$2"',
  'set -- * .[!.]* ..?*',
  `stat -L -c "${STAT_FORMAT}|$m" -- "$@" 2>/dev/null`,
  `printf '%s|%s\\n' '${LINKS}' "$m"`,
  `for f; do if [ -L "$f" ]; then printf '%s|%s\\n' "$f" "$m"; fi; done`,
].join('\n');

/** One path's stat (link followed), then "link" when it is one: the first line says ok or missing. */
export const STAT_SCRIPT = [
  'if [ ! -e "$1" ] && [ ! -L "$1" ]; then echo missing; exit 0; fi',
  'echo ok',
  `stat -L -c '${STAT_FORMAT}' -- "$1" 2>/dev/null || echo broken`,
  `if [ -L "$1" ]; then echo '${LINKS}'; fi`,
].join('\n');

/** A listing's record mark: hex, so it needs no quoting in a stat format, and new each time. */
export function listMark(): string {
  return `fcx${randomBytes(8).toString('hex')}`;
}

export function listCommand(dir: string, mark: string): string[] {
  return ['sh', '-c', LIST_SCRIPT, 'sh', dir, mark];
}

export function statCommand(p: string): string[] {
  return ['sh', '-c', STAT_SCRIPT, 'sh', p];
}

function kindOf(statType: string): FileKind {
  if (statType === 'directory') return 'directory';
  if (statType.startsWith('regular')) return 'file';
  return 'other';
}

/** One stat record; undefined when it is not one. */
export function parseStatLine(line: string): FileEntry | undefined {
  const parts = line.split('|');
  if (parts.length < 7) return undefined;
  const [type, size, mtime, mode, uid, gid] = parts;
  const name = parts.slice(6).join('|');
  const nums = [size, mtime, uid, gid].map(Number);
  if (!name || nums.some((n) => !Number.isFinite(n)) || !/^[0-7]+$/.test(mode)) return undefined;
  return {
    name: posix.basename(name),
    kind: kindOf(type),
    size: nums[0],
    mtime: nums[1] * 1000,
    mode: parseInt(mode, 8),
    uid: nums[2],
    gid: nums[3],
  };
}

export type ListOutcome = { state: 'ok'; entries: FileEntry[] } | { state: 'missing' | 'notdir' | 'denied' };

/** The listing script's output (records ended by "|" + mark + newline): folders first, then files, each by name. */
export function parseListing(out: string, mark: string): ListOutcome {
  const nl = out.indexOf('\n');
  const state = (nl < 0 ? out : out.slice(0, nl)).trim();
  if (state === 'missing' || state === 'notdir' || state === 'denied') return { state };
  if (state !== 'ok') throw new Error(l10n.t('the folder could not be listed: {0}', out.slice(0, 200).trim() || 'no output'));
  const records = out.slice(nl + 1).split(`|${mark}\n`);
  // What follows the last mark is not a whole record.
  records.pop();
  const cut = records.indexOf(LINKS);
  const statRecords = cut < 0 ? records : records.slice(0, cut);
  const links = new Set(cut < 0 ? [] : records.slice(cut + 1).filter(Boolean));
  const byName = new Map<string, FileEntry>();
  for (const l of statRecords) {
    const e = parseStatLine(l);
    if (e && e.name !== '.' && e.name !== '..') byName.set(e.name, e);
  }
  for (const name of links) {
    const e = byName.get(name);
    if (e) e.link = 'ok';
    else byName.set(name, { name, kind: 'file', link: 'broken', size: 0, mtime: 0, mode: 0o777, uid: 0, gid: 0 });
  }
  const entries = [...byName.values()].sort(
    (a, b) => Number(b.kind === 'directory') - Number(a.kind === 'directory') || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  return { state: 'ok', entries };
}

/** The stat script's output for path p; undefined when nothing is there. */
export function parseStat(p: string, out: string): FileEntry | undefined {
  const lines = out.split('\n');
  if (lines[0]?.trim() === 'missing') return undefined;
  if (lines[0]?.trim() !== 'ok') throw new Error(l10n.t('{0} could not be read: {1}', p, out.slice(0, 200).trim() || 'no output'));
  const link = lines.includes(LINKS);
  const name = p === '/' ? '/' : posix.basename(p);
  if (lines[1] === 'broken') return { name, kind: 'file', link: 'broken', size: 0, mtime: 0, mode: 0o777, uid: 0, gid: 0 };
  const e = parseStatLine(lines[1] ?? '');
  if (!e) throw new Error(l10n.t('{0} could not be read: {1}', p, out.slice(0, 200).trim()));
  return { ...e, name, ...(link ? { link: 'ok' as const } : {}) };
}
