// A Redis key as a document a person reads and edits, and back: a string as its text (JSON pretty-printed when it
// is JSON), a hash as a JSON object, a list and a set as JSON arrays, a sorted set as members with scores, a stream
// as its entries (read-only: streams are appended to, not rewritten). A value that is not UTF-8 is shown with its
// bytes escaped and cannot be saved from the editor. The digest tells whether a key changed since it was opened.
// Pure.
import { createHash } from 'node:crypto';
import { readJson, type JsonNode } from './strictJson';

export type KeyValue =
  | { type: 'string'; value: Buffer }
  | { type: 'hash'; value: [Buffer, Buffer][] }
  | { type: 'list'; value: Buffer[] }
  | { type: 'set'; value: Buffer[] }
  | { type: 'zset'; value: [Buffer, string][] }
  | { type: 'stream'; value: [string, [Buffer, Buffer][]][] };

export interface KeyDocument {
  text: string;
  language: 'json' | 'plaintext';
  /** Why it cannot be saved from the editor, when it cannot. */
  readOnly?: string;
  /** A string that held JSON: shown as its text, and checked as JSON when saved (saved as typed). */
  json?: boolean;
}

/** Whether bytes are valid UTF-8 (they survive a round trip through text). */
export const isUtf8 = (b: Buffer): boolean => Buffer.from(b.toString('utf8'), 'utf8').equals(b);
const byBytes = (a: Buffer, c: Buffer) => Buffer.compare(a, c);
/** Control characters other than tab, newline and carriage return: text with them is shown escaped. */
const hasControl = (s: string) => [...s].some((ch) => ch.charCodeAt(0) < 0x20 && !'\t\n\r'.includes(ch));

/** Bytes as text with what is not printable UTF-8 escaped ("\xff"). */
export function escapeBytes(b: Buffer): string {
  if (isUtf8(b) && !hasControl(b.toString('utf8'))) return b.toString('utf8');
  return [...b]
    .map((x) => (x >= 0x20 && x < 0x7f && x !== 0x5c ? String.fromCharCode(x) : `\\x${x.toString(16).padStart(2, '0')}`))
    .join('');
}

export function keyDigest(v: KeyValue): string {
  const h = createHash('sha256').update(v.type);
  const add = (b: Buffer | string) => {
    const buf = typeof b === 'string' ? Buffer.from(b, 'utf8') : b;
    h.update(`${buf.length}:`).update(buf);
  };
  switch (v.type) {
    case 'string':
      add(v.value);
      break;
    case 'list':
    case 'set':
      // A set's members come in no order: sorted, so the same set digests the same.
      for (const m of v.type === 'set' ? [...v.value].sort(byBytes) : v.value) add(m);
      break;
    case 'hash':
      for (const [f, x] of [...v.value].sort((a, b) => Buffer.compare(a[0], b[0]))) {
        add(f);
        add(x);
      }
      break;
    case 'zset':
      for (const [m, s] of v.value) {
        add(m);
        add(s);
      }
      break;
    case 'stream':
      for (const [id, fields] of v.value) {
        add(id);
        for (const [f, x] of fields) {
          add(f);
          add(x);
        }
      }
  }
  return h.digest('hex');
}

const pretty = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

/**
 * Why a string cannot be edited as text without changing bytes the user did not touch, if it cannot: an editor
 * turns a mix of line endings (or a lone CR) into one kind, may offer to remove U+2028/U+2029, and shows NUL and
 * other control characters as a binary file or as marks.
 */
// eslint-disable-next-line no-control-regex
const EDITOR_CHANGES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u2028\u2029]/;

function textProblem(s: string): string | undefined {
  // One scan of a value that may be megabytes: control characters but tab, LF and CR, and U+2028/U+2029.
  const odd = EDITOR_CHANGES.exec(s)?.[0];
  if (odd) return odd >= '\u2028' ? 'it holds Unicode line or paragraph separators' : 'it holds control characters';
  // Only a value with a CR can have a lone one, or CRLF beside LF.
  if (s.includes('\r') && (/\r(?!\n)/.test(s) || /(^|[^\r])\n/.test(s)))
    return 'its line endings are mixed (an editor would make them one kind)';
  return undefined;
}

/** A score as Redis or the user wrote it ("2.5", "inf", "-inf"), as a double. */
const scoreNumber = (s: string) => (/^[+-]?inf$/i.test(s) ? (s.startsWith('-') ? -Infinity : Infinity) : Number(s));

/** A score as Redis wrote it, as a JSON value: a number, or "inf" / "-inf", which JSON has no number for. */
function scoreValue(s: string): number | string {
  const n = scoreNumber(s);
  if (Number.isFinite(n)) return n;
  return n < 0 ? '-inf' : 'inf';
}

/** Field → value pairs as an object; null-prototype, so a field named "__proto__" is shown like any other. */
function fieldsObject(pairs: [Buffer, Buffer][], str: (b: Buffer) => string): Record<string, string> {
  const obj = Object.create(null) as Record<string, string>;
  for (const [f, x] of pairs) obj[str(f)] = str(x);
  return obj;
}

export function toDocument(v: KeyValue): KeyDocument {
  const binary = (bufs: Buffer[]) => bufs.some((b) => !isUtf8(b));
  // In JSON a control character is an escape (\u0001): shown and saved back exactly; only bytes that are not
  // UTF-8 have no JSON form.
  const str = (b: Buffer) => (isUtf8(b) ? b.toString('utf8') : escapeBytes(b));
  const notUtf8 = 'it holds bytes that are not UTF-8: shown escaped, and not saved from the editor';
  switch (v.type) {
    case 'string': {
      if (!isUtf8(v.value)) return { text: escapeBytes(v.value), language: 'plaintext', readOnly: notUtf8 };
      const s = v.value.toString('utf8');
      const problem = textProblem(s);
      if (problem)
        return {
          text: escapeBytes(v.value),
          language: 'plaintext',
          readOnly: `${problem}: shown escaped, and not saved from the editor (use SET in Run Redis Command)`,
        };
      try {
        const parsed: unknown = JSON.parse(s);
        // Shown as it is: its formatting, number digits and repeated keys are the user's.
        if (parsed !== null && typeof parsed === 'object') return { text: s, language: 'json', json: true };
      } catch {
        // Not JSON: the text as it is.
      }
      return { text: s, language: 'plaintext' };
    }
    case 'hash': {
      const doc = { text: pretty(fieldsObject(v.value, str)), language: 'json' as const };
      return binary(v.value.flat()) ? { ...doc, readOnly: notUtf8 } : doc;
    }
    case 'list':
    case 'set': {
      const items = v.type === 'set' ? [...v.value].sort(byBytes) : v.value;
      const doc = { text: pretty(items.map(str)), language: 'json' as const };
      return binary(items) ? { ...doc, readOnly: notUtf8 } : doc;
    }
    case 'zset': {
      const doc = { text: pretty(v.value.map(([m, s]) => ({ member: str(m), score: scoreValue(s) }))), language: 'json' as const };
      return binary(v.value.map(([m]) => m)) ? { ...doc, readOnly: notUtf8 } : doc;
    }
    case 'stream':
      return {
        text: pretty(v.value.map(([id, fields]) => ({ id, fields: fieldsObject(fields, str) }))),
        language: 'json',
        readOnly: 'a stream is appended to, not rewritten: add entries with XADD in Run Redis Command',
      };
  }
}

/** What is wrong with an edited document, said so the user can fix it; or the commands that write it. */
export type WritePlan = { error: string } | { commands: string[][] };

type Parsed<T> = { ok: T } | { error: string };

function json(text: string): Parsed<JsonNode> {
  const r = readJson(text);
  return 'error' in r ? { error: `it is not valid JSON: ${r.error}` } : { ok: r.value };
}

const shown = (n: JsonNode) => (n.t === 'string' ? JSON.stringify(n.value) : n.t === 'number' ? n.raw : n.t);

/** A hash's (or a stream entry's) fields: each value a string, or a number kept as typed. */
function fieldsOf(text: string, what: 'hash' | 'entry'): Parsed<[string, string][]> {
  const j = json(text);
  if ('error' in j) return j;
  if (j.ok.t !== 'object')
    return {
      error: what === 'hash' ? 'a hash is a JSON object of field → value' : "a stream's first entry is a JSON object of field → value",
    };
  const out: [string, string][] = [];
  for (const [f, x] of j.ok.entries) {
    if (x.t === 'string') out.push([f, x.value]);
    else if (x.t === 'number') out.push([f, x.raw]);
    else return { error: `field "${f}": a${what === 'hash' ? ' hash' : 'n entry'} holds strings (or numbers), not ${shown(x)}` };
  }
  return { ok: out };
}

function membersOf(text: string, type: 'list' | 'set'): Parsed<string[]> {
  const j = json(text);
  if ('error' in j) return j;
  if (j.ok.t !== 'array' || j.ok.items.some((x) => x.t !== 'string')) return { error: `a ${type} is a JSON array of strings` };
  return { ok: j.ok.items.map((x) => (x as { value: string }).value) };
}

/** Scores as typed ("2.50" stays "2.50"); "inf", "+inf" and "-inf" for the infinities. */
function scoredOf(text: string): Parsed<[string, string][]> {
  const j = json(text);
  if ('error' in j) return j;
  const shape = 'a sorted set is a JSON array of {"member": "…", "score": 1}';
  if (j.ok.t !== 'array') return { error: shape };
  const out: [string, string][] = [];
  const seen = new Set<string>();
  for (const [i, it] of j.ok.items.entries()) {
    const o = it.t === 'object' ? new Map(it.entries) : undefined;
    const member = o?.get('member');
    const score = o?.get('score');
    const bad = `item ${i + 1}: a sorted set's item is {"member": "…", "score": <a number, or "inf" / "-inf">}`;
    if (!o || o.size !== 2 || member?.t !== 'string' || !score) return { error: bad };
    let s: string;
    if (score.t === 'number') {
      if (!Number.isFinite(Number(score.raw))) return { error: `item ${i + 1}: ${score.raw} is beyond a double: write "inf" or "-inf"` };
      s = score.raw;
    } else if (score.t === 'string' && /^[+-]?inf$/i.test(score.value)) s = score.value.toLowerCase();
    else return { error: bad };
    if (seen.has(member.value)) return { error: `item ${i + 1}: the member ${JSON.stringify(member.value)} is listed twice` };
    seen.add(member.value);
    out.push([member.value, s]);
  }
  return { ok: out };
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const sameBytes = (a: Buffer | undefined, s: string) => a !== undefined && a.equals(utf8(s));

/**
 * The commands that make `key`, which holds `now`, hold what the edited document says: only what the user changed
 * is written (HSET/HDEL of those fields, SADD/SREM, ZADD/ZREM, LSET or a push or trim at the end), so every other
 * field, member and byte stays as it was, TTLs included. A list changed in its middle is written whole (DEL, then
 * RPUSH) with its TTL kept; an emptied container deletes the key, as Redis has no empty hash, list or set. Run in
 * one MULTI/EXEC by the caller; no commands when nothing changed.
 */
export function writePlan(key: string, now: KeyValue, doc: string, ttlMs: number): WritePlan {
  const keep = ttlMs > 0 ? [['PEXPIRE', key, String(ttlMs)]] : [];
  switch (now.type) {
    case 'string': {
      if (sameBytes(now.value, doc)) return { commands: [] };
      if (toDocument(now).json) {
        try {
          JSON.parse(doc);
        } catch (err) {
          return {
            error: `it is not valid JSON: ${(err as Error).message} (this key held JSON; save valid JSON, or run SET to store other text)`,
          };
        }
      }
      // The text exactly as the user left it: never re-encoded.
      return { commands: [['SET', key, doc], ...keep] };
    }
    case 'hash': {
      const p = fieldsOf(doc, 'hash');
      if ('error' in p) return p;
      if (p.ok.length === 0) return { commands: [['DEL', key]] };
      const before = new Map(now.value.map(([f, x]) => [f.toString('utf8'), x]));
      const after = new Set(p.ok.map(([f]) => f));
      const gone = [...before.keys()].filter((f) => !after.has(f));
      const set = p.ok.filter(([f, x]) => !sameBytes(before.get(f), x));
      return {
        commands: [...(gone.length ? [['HDEL', key, ...gone]] : []), ...(set.length ? [['HSET', key, ...set.flat()]] : [])],
      };
    }
    case 'set': {
      const p = membersOf(doc, 'set');
      if ('error' in p) return p;
      if (p.ok.length === 0) return { commands: [['DEL', key]] };
      const before = new Set(now.value.map((m) => m.toString('utf8')));
      const after = new Set(p.ok);
      const gone = [...before].filter((m) => !after.has(m));
      const added = [...after].filter((m) => !before.has(m));
      return {
        commands: [...(gone.length ? [['SREM', key, ...gone]] : []), ...(added.length ? [['SADD', key, ...added]] : [])],
      };
    }
    case 'zset': {
      const p = scoredOf(doc);
      if ('error' in p) return p;
      if (p.ok.length === 0) return { commands: [['DEL', key]] };
      const before = new Map(now.value.map(([m, s]) => [m.toString('utf8'), scoreNumber(s)]));
      const after = new Set(p.ok.map(([m]) => m));
      const gone = [...before.keys()].filter((m) => !after.has(m));
      const set = p.ok.filter(([m, s]) => before.get(m) !== scoreNumber(s));
      return {
        commands: [
          ...(gone.length ? [['ZREM', key, ...gone]] : []),
          ...(set.length ? [['ZADD', key, ...set.flatMap(([m, s]) => [s, m])]] : []),
        ],
      };
    }
    case 'list': {
      const p = membersOf(doc, 'list');
      if ('error' in p) return p;
      const next = p.ok;
      if (next.length === 0) return { commands: [['DEL', key]] };
      const cur = now.value;
      // Whether the first n items are as they were.
      const samePrefix = (n: number) => next.slice(0, n).every((x, i) => sameBytes(cur[i], x));
      if (next.length === cur.length)
        return { commands: next.flatMap((x, i) => (sameBytes(cur[i], x) ? [] : [['LSET', key, String(i), x]])) };
      if (next.length > cur.length && samePrefix(cur.length)) return { commands: [['RPUSH', key, ...next.slice(cur.length)]] };
      if (next.length < cur.length && samePrefix(next.length)) return { commands: [['LTRIM', key, '0', String(next.length - 1)]] };
      return { commands: [['DEL', key], ['RPUSH', key, ...next], ...keep] };
    }
    case 'stream':
      return { error: 'a stream is appended to, not rewritten: add entries with XADD in Run Redis Command' };
  }
}

/** The types a new key can be made as, each with the document a person starts from. */
export const NEW_KEY_TEMPLATES: Record<KeyValue['type'], string> = {
  string: '',
  hash: '{\n  "field": "value"\n}\n',
  list: '[\n  "first"\n]\n',
  set: '[\n  "member"\n]\n',
  zset: '[\n  { "member": "first", "score": 1 }\n]\n',
  stream: '{\n  "field": "value"\n}\n',
};

/**
 * The commands that make a new key from a document in its type's shape (a stream from its first entry's fields),
 * with a time to live when `ttlSeconds` > 0; or what is wrong with it. Empty containers are refused: Redis would
 * hold no key.
 */
export function newKeyPlan(key: string, type: KeyValue['type'], doc: string, ttlSeconds: number): WritePlan {
  const expire = ttlSeconds > 0 ? [['EXPIRE', key, String(ttlSeconds)]] : [];
  const none = (what: string) => ({ error: `a new ${type} needs at least one ${what}` });
  let make: string[];
  switch (type) {
    case 'string':
      make = ['SET', key, doc];
      break;
    case 'stream':
    case 'hash': {
      const p = fieldsOf(doc, type === 'hash' ? 'hash' : 'entry');
      if ('error' in p) return p;
      if (p.ok.length === 0) return type === 'hash' ? none('field') : { error: "a stream's first entry needs at least one field" };
      make = type === 'hash' ? ['HSET', key, ...p.ok.flat()] : ['XADD', key, '*', ...p.ok.flat()];
      break;
    }
    case 'list':
    case 'set': {
      const p = membersOf(doc, type);
      if ('error' in p) return p;
      if (p.ok.length === 0) return none('member');
      make = [type === 'list' ? 'RPUSH' : 'SADD', key, ...p.ok];
      break;
    }
    case 'zset': {
      const p = scoredOf(doc);
      if ('error' in p) return p;
      if (p.ok.length === 0) return none('member');
      make = ['ZADD', key, ...p.ok.flatMap(([m, s]) => [s, m])];
      break;
    }
  }
  return { commands: [make, ...expire] };
}

/** A time to live as typed: whole seconds ≥ 1, or "" for none; what is wrong with it otherwise. */
export function parseTtl(text: string): { seconds: number } | { error: string } {
  const t = text.trim();
  if (t === '') return { seconds: 0 };
  const m = /^(\d+)\s*(s|m|h|d)?$/i.exec(t);
  if (!m) return { error: 'a time to live is whole seconds, or a number with s, m, h or d (90, 15m, 2h, 7d)' };
  const n = Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[(m[2] ?? 's').toLowerCase() as 's' | 'm' | 'h' | 'd'];
  if (n < 1) return { error: 'a time to live is at least 1 second (leave it empty for none)' };
  if (n > 10 * 365 * 86400) return { error: 'a time to live is at most 10 years' };
  return { seconds: n };
}
