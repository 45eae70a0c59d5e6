// memcached's text protocol, read and written: the `stats` answer, a `get` reply with its value's exact bytes, the
// lines of `lru_crawler metadump`, and what a key may be. Pure: bytes in, values out.
import type { MemcachedItem, MemcachedStats } from '../../../protocol/memcached';

const CRLF = Buffer.from('\r\n');
const LF = 0x0a;
const CR = 0x0d;

/**
 * Complete lines in `buf`, and where the unread rest begins. Lines end in CRLF, except the crawler's dump lines,
 * which end in a bare LF: both are taken, the CR dropped.
 */
export function lines(buf: Buffer): { lines: string[]; rest: number } {
  const out: string[] = [];
  let at = 0;
  for (;;) {
    const i = buf.indexOf(LF, at);
    if (i < 0) break;
    const end = i > at && buf[i - 1] === CR ? i - 1 : i;
    out.push(buf.subarray(at, end).toString('utf8'));
    at = i + 1;
  }
  return { lines: out, rest: at };
}

/** An answer that is an error, in memcached's words; undefined otherwise. */
export function errorLine(line: string): string | undefined {
  if (line === 'ERROR') return 'the server does not know this command';
  if (line.startsWith('ERROR ')) return line.slice(6);
  const m = /^(CLIENT_ERROR|SERVER_ERROR) (.*)$/.exec(line);
  return m ? `${m[1]}: ${m[2]}` : undefined;
}

/** `STAT name value` lines up to END, as a record of text. */
export function parseStats(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of text.split('\r\n')) {
    const m = /^STAT (\S+) (.*)$/.exec(l);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

/** The figures a person looks at first, from the whole `stats` record. */
export function summariseStats(all: Record<string, string>): MemcachedStats {
  const n = (k: string) => (all[k] !== undefined && /^\d+$/.test(all[k]) ? Number(all[k]) : 0);
  return {
    version: all.version ?? 'unknown',
    uptimeSeconds: n('uptime'),
    items: n('curr_items'),
    bytes: n('bytes'),
    limitBytes: n('limit_maxbytes'),
    hits: n('get_hits'),
    misses: n('get_misses'),
    evictions: n('evictions'),
    connections: n('curr_connections'),
    all,
  };
}

/**
 * A `get` reply once it is whole: the value's bytes (exactly as many as the header says, CRLFs inside included),
 * or found: false at a bare END; undefined while more is to come.
 */
export function parseGet(buf: Buffer): { found: false } | { found: true; flags: number; value: Buffer } | { error: string } | undefined {
  const eol = buf.indexOf(CRLF);
  if (eol < 0) return undefined;
  const head = buf.subarray(0, eol).toString('utf8');
  if (head === 'END') return { found: false };
  const err = errorLine(head);
  if (err) return { error: err };
  const m = /^VALUE \S+ (\d+) (\d+)(?: \d+)?$/.exec(head);
  if (!m) return { error: `an unexpected answer: ${head.slice(0, 200)}` };
  const size = Number(m[2]);
  const start = eol + 2;
  // The value, its CRLF, then END and its CRLF.
  if (buf.length < start + size + 2 + 5) return undefined;
  return { found: true, flags: Number(m[1]), value: buf.subarray(start, start + size) };
}

/** One `lru_crawler metadump` line: key (URL-encoded there), expiry, last access and size. */
export function parseMetadump(line: string): MemcachedItem | undefined {
  const f: Record<string, string> = {};
  for (const part of line.split(' ')) {
    const i = part.indexOf('=');
    if (i > 0) f[part.slice(0, i)] = part.slice(i + 1);
  }
  if (!f.key) return undefined;
  let key: string;
  try {
    key = decodeURIComponent(f.key);
  } catch {
    key = f.key;
  }
  const num = (v: string | undefined) => (v !== undefined && /^-?\d+$/.test(v) ? Number(v) : undefined);
  return { key, expiresAt: num(f.exp) ?? -1, lastAccess: num(f.la) ?? 0, size: num(f.size) ?? 0 };
}
