// A Redis key as a document a person reads and edits, and back: a string as its text (JSON pretty-printed when it
// is JSON), a hash as a JSON object, a list and a set as JSON arrays, a sorted set as members with scores, a stream
// as its entries (read-only: streams are appended to, not rewritten). A value that is not UTF-8 is shown with its
// bytes escaped and cannot be saved from the editor. The digest tells whether a key changed since it was opened.
// Pure.
import { createHash } from 'node:crypto';

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
  /** A string that held JSON: saved back compact, as it was. */
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

export function toDocument(v: KeyValue): KeyDocument {
  const binary = (bufs: Buffer[]) => bufs.some((b) => !isUtf8(b));
  const text = (b: Buffer) => b.toString('utf8');
  const notUtf8 = 'it holds bytes that are not UTF-8: shown escaped, and not saved from the editor';
  switch (v.type) {
    case 'string': {
      if (!isUtf8(v.value)) return { text: escapeBytes(v.value), language: 'plaintext', readOnly: notUtf8 };
      const s = text(v.value);
      try {
        const parsed: unknown = JSON.parse(s);
        if (parsed !== null && typeof parsed === 'object') return { text: pretty(parsed), language: 'json', json: true };
      } catch {
        // Not JSON: the text as it is.
      }
      return { text: s, language: 'plaintext' };
    }
    case 'hash': {
      const all = v.value.flat();
      const obj: Record<string, string> = {};
      for (const [f, x] of v.value) obj[escapeBytes(f)] = escapeBytes(x);
      return binary(all) ? { text: pretty(obj), language: 'json', readOnly: notUtf8 } : { text: pretty(obj), language: 'json' };
    }
    case 'list':
    case 'set': {
      const items = v.type === 'set' ? [...v.value].sort(byBytes) : v.value;
      const doc = { text: pretty(items.map(escapeBytes)), language: 'json' as const };
      return binary(items) ? { ...doc, readOnly: notUtf8 } : doc;
    }
    case 'zset': {
      const doc = { text: pretty(v.value.map(([m, s]) => ({ member: escapeBytes(m), score: Number(s) }))), language: 'json' as const };
      return binary(v.value.map(([m]) => m)) ? { ...doc, readOnly: notUtf8 } : doc;
    }
    case 'stream':
      return {
        text: pretty(
          v.value.map(([id, fields]) => ({ id, fields: Object.fromEntries(fields.map(([f, x]) => [escapeBytes(f), escapeBytes(x)])) })),
        ),
        language: 'json',
        readOnly: 'a stream is appended to, not rewritten: add entries with XADD in Run Redis Command',
      };
  }
}

/** What is wrong with an edited document, said so the user can fix it; or the commands that write it. */
export type WritePlan = { error: string } | { commands: string[][] };

function jsonOf(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (err) {
    return { error: `it is not valid JSON: ${(err as Error).message}` };
  }
}

const allStrings = (xs: unknown[]): xs is string[] => xs.every((x) => typeof x === 'string');

/**
 * The commands that make `key` hold what the edited document says, as its type; run in one MULTI/EXEC by the
 * caller. A container type is written whole (DEL, then the new members); an empty one deletes the key, as Redis
 * has no empty hash, list or set. `ttlMs` > 0 is kept.
 */
export function writePlan(key: string, type: KeyValue['type'], doc: string, wasJson: boolean, ttlMs: number): WritePlan {
  const keep = ttlMs > 0 ? [['PEXPIRE', key, String(ttlMs)]] : [];
  switch (type) {
    case 'string': {
      if (!wasJson) return { commands: [['SET', key, doc], ...keep] };
      const j = jsonOf(doc);
      if ('error' in j) return { error: `${j.error} (this key held JSON; save valid JSON, or run SET to store other text)` };
      return { commands: [['SET', key, JSON.stringify(j.value)], ...keep] };
    }
    case 'hash': {
      const j = jsonOf(doc);
      if ('error' in j) return j;
      if (!j.value || typeof j.value !== 'object' || Array.isArray(j.value)) return { error: 'a hash is a JSON object of field → value' };
      const entries = Object.entries(j.value as Record<string, unknown>);
      const bad = entries.find(([, x]) => typeof x !== 'string' && typeof x !== 'number');
      if (bad) return { error: `field "${bad[0]}": a hash holds strings (or numbers), not ${JSON.stringify(bad[1])}` };
      if (entries.length === 0) return { commands: [['DEL', key]] };
      return { commands: [['DEL', key], ['HSET', key, ...entries.flatMap(([f, x]) => [f, String(x)])], ...keep] };
    }
    case 'list':
    case 'set': {
      const j = jsonOf(doc);
      if ('error' in j) return j;
      if (!Array.isArray(j.value) || !allStrings(j.value)) return { error: `a ${type} is a JSON array of strings` };
      if (j.value.length === 0) return { commands: [['DEL', key]] };
      return { commands: [['DEL', key], [type === 'list' ? 'RPUSH' : 'SADD', key, ...j.value], ...keep] };
    }
    case 'zset': {
      const j = jsonOf(doc);
      if ('error' in j) return j;
      if (!Array.isArray(j.value)) return { error: 'a sorted set is a JSON array of {"member": "…", "score": 1}' };
      const items = j.value as unknown[];
      const pairs: string[] = [];
      for (const [i, it] of items.entries()) {
        const o = it as { member?: unknown; score?: unknown } | null;
        if (!o || typeof o.member !== 'string' || typeof o.score !== 'number' || !Number.isFinite(o.score))
          return { error: `item ${i + 1}: a sorted set's item is {"member": "…", "score": <a number>}` };
        pairs.push(String(o.score), o.member);
      }
      if (pairs.length === 0) return { commands: [['DEL', key]] };
      return { commands: [['DEL', key], ['ZADD', key, ...pairs], ...keep] };
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
  if (type === 'string') return { commands: [['SET', key, doc], ...expire] };
  if (type === 'stream') {
    const j = jsonOf(doc);
    if ('error' in j) return j;
    if (!j.value || typeof j.value !== 'object' || Array.isArray(j.value))
      return { error: "a stream's first entry is a JSON object of field → value" };
    const entries = Object.entries(j.value as Record<string, unknown>);
    if (entries.length === 0) return { error: "a stream's first entry needs at least one field" };
    const bad = entries.find(([, x]) => typeof x !== 'string' && typeof x !== 'number');
    if (bad) return { error: `field "${bad[0]}": an entry holds strings (or numbers), not ${JSON.stringify(bad[1])}` };
    return { commands: [['XADD', key, '*', ...entries.flatMap(([f, x]) => [f, String(x)])], ...expire] };
  }
  const plan = writePlan(key, type, doc, false, 0);
  if ('error' in plan) return plan;
  // writePlan empties a key with DEL alone; a new key with nothing in it is no key at all.
  if (plan.commands.length === 1 && plan.commands[0][0] === 'DEL')
    return { error: `a new ${type} needs at least one ${type === 'hash' ? 'field' : 'member'}` };
  return { commands: [...plan.commands.filter((c) => c[0] !== 'DEL'), ...expire] };
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
