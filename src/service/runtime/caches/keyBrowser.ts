// What is inside a Redis cache: its databases' key counts (`INFO keyspace`) and its keys page by page (`SCAN`, never
// `KEYS`), each with its type and time to live, over a binary-safe connection through its container or Pod. One
// connection per cache, kept while it is browsed; every request names its database, so requests for two databases
// never mix.
import type { KeyInfo, KeyPage, OpenedKey } from '../../../protocol/keys';
import { isUtf8, keyDigest, toDocument, writePlan, type KeyValue } from '../../../protocol/keyDocument';
import type { Resource } from '../../../protocol/model';
import type { PipeSession } from '../../backends/backend';
import { UserError } from '../userError';
import { enginePortInside } from './cacheCli';
import { RedisPipe, ok } from './redisPipe';
import { parseKeyspace, replyText, type RespValue } from './respCodec';
import { l10n } from '../../../protocol/l10n';

/** SCAN calls one page may take when MATCH finds little: the page ends there, with its cursor, rather than hang. */
export const MAX_SCANS_PER_PAGE = 100;
export const MAX_PAGE = 1_000;

/** A key's name for the wire: as text when it is UTF-8, else base64 marked binary. */
export function keyName(b: Buffer): { name: string; binary?: true } {
  return isUtf8(b) ? { name: b.toString('utf8') } : { name: b.toString('base64'), binary: true };
}

export function keyBytes(k: { name: string; binary?: boolean }): Buffer {
  return k.binary ? Buffer.from(k.name, 'base64') : Buffer.from(k.name, 'utf8');
}

/** What a key may hold to be opened: a larger string, or more members, is refused with its size. */
export const MAX_STRING_BYTES = 5 * 1024 * 1024;
export const MAX_MEMBERS = 10_000;

const SIZE_OF: Record<string, string> = { string: 'STRLEN', hash: 'HLEN', list: 'LLEN', set: 'SCARD', zset: 'ZCARD', stream: 'XLEN' };

const bufs = (v: RespValue): Buffer[] => (Array.isArray(v) ? v.filter((x): x is Buffer => Buffer.isBuffer(x)) : []);
const pairs = (xs: Buffer[]): [Buffer, Buffer][] => {
  const out: [Buffer, Buffer][] = [];
  for (let i = 0; i + 1 < xs.length; i += 2) out.push([xs[i], xs[i + 1]]);
  return out;
};

/** A key's value from the reply of the command that reads its type whole. */
export function valueOf(type: string, reply: RespValue): KeyValue {
  switch (type) {
    case 'string':
      return { type, value: Buffer.isBuffer(reply) ? reply : Buffer.alloc(0) };
    case 'hash':
      return { type, value: pairs(bufs(reply)) };
    case 'list':
    case 'set':
      return { type, value: bufs(reply) };
    case 'zset':
      return { type, value: pairs(bufs(reply)).map(([m, s]) => [m, s.toString('utf8')]) };
    case 'stream':
      return {
        type,
        value: (Array.isArray(reply) ? reply : []).flatMap((e) =>
          Array.isArray(e) && e.length === 2 ? [[replyText(e[0]) ?? '', pairs(bufs(e[1]))] as [string, [Buffer, Buffer][]]] : [],
        ),
      };
    default:
      throw new UserError(l10n.t('a key of type "{0}" cannot be opened', type));
  }
}

const READ: Record<string, (k: Buffer) => (string | Buffer)[]> = {
  string: (k) => ['GET', k],
  hash: (k) => ['HGETALL', k],
  list: (k) => ['LRANGE', k, '0', '-1'],
  set: (k) => ['SMEMBERS', k],
  zset: (k) => ['ZRANGE', k, '0', '-1', 'WITHSCORES'],
  stream: (k) => ['XRANGE', k, '-', '+'],
};

/** A connection unused this long is closed (its relay in the container ends with it). */
export const PIPE_IDLE_MS = 60_000;

export class KeyBrowser {
  private readonly pipes = new Map<string, Promise<RedisPipe>>();
  private readonly lastUsed = new Map<string, number>();
  /** One exchange at a time per cache where a sequence must not interleave (WATCH … EXEC). */
  private readonly turns = new Map<string, Promise<unknown>>();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly execPipe: (r: Resource) => (cmd: string[]) => Promise<PipeSession>) {}

  /** Closes connections unused for PIPE_IDLE_MS; runs only while one is open. */
  private sweepSoon(): void {
    if (this.sweeper) return;
    this.sweeper = setTimeout(() => {
      this.sweeper = undefined;
      const now = Date.now();
      for (const [id, at] of this.lastUsed) if (now - at >= PIPE_IDLE_MS) this.close(id);
      if (this.pipes.size) this.sweepSoon();
    }, PIPE_IDLE_MS / 2);
    this.sweeper.unref();
  }

  private redisOf(r: Resource): Promise<RedisPipe> {
    if (r.kind !== 'cache' || r.engine === 'memcached') throw new UserError(l10n.t('{0} is not a Redis cache', r.name));
    if (r.state !== 'running') throw new UserError(l10n.t('{0} is not running ({1})', r.name, r.state));
    const known = this.pipes.get(r.id);
    this.lastUsed.set(r.id, Date.now());
    this.sweepSoon();
    const open = () => {
      const p = RedisPipe.open(this.execPipe(r), enginePortInside(r), r.displayName ?? r.name);
      this.pipes.set(r.id, p);
      p.catch(() => this.pipes.delete(r.id));
      return p;
    };
    if (!known) return open();
    return known.then((p) => (p.closed ? open() : p));
  }

  keyspace(r: Resource): Promise<{ db: number; keys: number; expires: number }[]> {
    return this.exclusive(r.id, () => this.keyspaceOf(r));
  }

  private async keyspaceOf(r: Resource): Promise<{ db: number; keys: number; expires: number }[]> {
    const pipe = await this.redisOf(r);
    const info = ok(await pipe.call(['INFO', 'keyspace']), 'INFO keyspace');
    return parseKeyspace(replyText(info) ?? '');
  }

  /**
   * About `count` keys from `cursor` ("0" to begin): SCAN until that many are found, the scan is over, or
   * MAX_SCANS_PER_PAGE calls were made; then each key's type and time to live in one round trip.
   */
  scan(r: Resource, req: { db: number; cursor: string; match?: string; count?: number }): Promise<KeyPage> {
    return this.exclusive(r.id, () => this.scanOf(r, req));
  }

  private async scanOf(r: Resource, req: { db: number; cursor: string; match?: string; count?: number }): Promise<KeyPage> {
    const count = Math.min(Math.max(1, req.count ?? 200), MAX_PAGE);
    if (!/^\d+$/.test(req.cursor)) throw new UserError(l10n.t('"{0}" is not a SCAN cursor', req.cursor));
    const pipe = await this.redisOf(r);
    const db = String(req.db);
    const found: Buffer[] = [];
    let cursor = req.cursor;
    let scans = 0;
    do {
      const args = ['SCAN', cursor, ...(req.match ? ['MATCH', req.match] : []), 'COUNT', String(count)];
      const [sel, reply] = await pipe.pipeline([['SELECT', db], args]);
      ok(sel, `SELECT ${db}`);
      const v = ok(reply, 'SCAN');
      if (!Array.isArray(v) || v.length !== 2 || !Array.isArray(v[1])) throw new UserError(l10n.t('SCAN answered something unexpected'));
      cursor = replyText(v[0]) ?? '0';
      for (const k of v[1]) if (Buffer.isBuffer(k)) found.push(k);
      scans++;
    } while (cursor !== '0' && found.length < count && scans < MAX_SCANS_PER_PAGE);
    const keys = await this.describe(pipe, db, found);
    return { keys, cursor, scans };
  }

  private async describe(pipe: RedisPipe, db: string, names: Buffer[]): Promise<KeyInfo[]> {
    if (names.length === 0) return [];
    const replies = await pipe.pipeline([
      ['SELECT', db],
      ...names.flatMap((k) => [
        ['TYPE', k],
        ['PTTL', k],
      ]),
    ]);
    ok(replies[0], `SELECT ${db}`);
    return names.map((k, i) => {
      const type: RespValue = replies[1 + i * 2];
      const ttl: RespValue = replies[2 + i * 2];
      return { ...keyName(k), type: replyText(type) ?? 'unknown', ttlMs: typeof ttl === 'number' ? ttl : -1 };
    });
  }

  /** Runs `fn` with the cache's connection once it is free of any other exchange (key edits use it). */
  using<T>(r: Resource, fn: (pipe: RedisPipe) => Promise<T>): Promise<T> {
    return this.exclusive(r.id, async () => fn(await this.redisOf(r)));
  }

  /** Runs `fn` when the cache's connection is free of any other exchange. */
  private exclusive<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.turns.get(id) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    this.turns.set(
      id,
      next.catch(() => undefined),
    );
    return next;
  }

  /** Reads a key whole, as a document, refusing one too large to open (with its size and the limit). */
  read(r: Resource, req: { db: number; key: { name: string; binary?: boolean } }): Promise<OpenedKey> {
    return this.exclusive(r.id, async () => {
      const pipe = await this.redisOf(r);
      return (await this.readOn(pipe, String(req.db), keyBytes(req.key), req.key.name)).opened;
    });
  }

  private async readOn(pipe: RedisPipe, db: string, key: Buffer, label: string): Promise<{ opened: OpenedKey; value: KeyValue }> {
    const [sel, t, ttl] = await pipe.pipeline([
      ['SELECT', db],
      ['TYPE', key],
      ['PTTL', key],
    ]);
    ok(sel, `SELECT ${db}`);
    const type = replyText(ok(t, 'TYPE')) ?? 'none';
    if (type === 'none') throw new UserError(l10n.t('{0} no longer exists', label));
    if (!READ[type]) throw new UserError(l10n.t('{0} is a {1}, which cannot be opened', label, type));
    const size = ok(await pipe.call([SIZE_OF[type], key]), SIZE_OF[type]);
    const n = typeof size === 'number' ? size : 0;
    if (type === 'string' ? n > MAX_STRING_BYTES : n > MAX_MEMBERS)
      throw new UserError(
        type === 'string'
          ? l10n.t('{0} holds {1} MB; strings up to {2} MB are opened', label, (n / 1024 / 1024).toFixed(1), MAX_STRING_BYTES / 1024 / 1024)
          : l10n.t('{0} holds {1} members; up to {2} are opened', label, n.toLocaleString('en-US'), MAX_MEMBERS.toLocaleString('en-US')),
      );
    const value = valueOf(type, ok(await pipe.call(READ[type](key)), READ[type](key)[0] as string));
    return {
      opened: { type: value.type, document: toDocument(value), digest: keyDigest(value), ttlMs: typeof ttl === 'number' ? ttl : -1 },
      value,
    };
  }

  /**
   * Writes an edited document back as its type, in one MULTI/EXEC under WATCH: refused when the key changed since
   * it was read (its digest), or changes while this runs; nothing is written then.
   */
  write(
    r: Resource,
    req: { db: number; key: { name: string; binary?: boolean }; text: string; digest: string },
  ): Promise<{ digest: string }> {
    if (req.key.binary) return Promise.reject(new UserError(l10n.t('a key whose name is not UTF-8 is not saved from the editor')));
    return this.exclusive(r.id, async () => {
      const pipe = await this.redisOf(r);
      const db = String(req.db);
      const key = keyBytes(req.key);
      ok(await pipe.call(['SELECT', db]), `SELECT ${db}`);
      ok(await pipe.call(['WATCH', key]), 'WATCH');
      try {
        const { opened: now, value } = await this.readOn(pipe, db, key, req.key.name);
        if (now.digest !== req.digest)
          throw new UserError(
            l10n.t('{0} changed since it was opened: nothing was saved (reopen it to see what it holds now)', req.key.name),
          );
        if (now.document.readOnly)
          throw new UserError(l10n.t('{0} cannot be saved from the editor: {1}', req.key.name, now.document.readOnly));
        const plan = writePlan(req.key.name, value, req.text, now.ttlMs);
        if ('error' in plan) throw new UserError(l10n.t('{0} was not saved: {1}', req.key.name, plan.error));
        // Nothing the user changed: nothing is written.
        if (plan.commands.length === 0) return { digest: now.digest };
        const replies = await pipe.pipeline([['MULTI'], ...plan.commands, ['EXEC']]);
        const exec = replies[replies.length - 1];
        ok(exec, 'EXEC');
        if (exec === null) throw new UserError(l10n.t('{0} changed while it was being saved: nothing was saved', req.key.name));
        const after = await this.readOn(pipe, db, key, req.key.name).catch(() => undefined);
        return { digest: after?.opened.digest ?? '' };
      } finally {
        await pipe.call(['UNWATCH']).catch(() => undefined);
      }
    });
  }

  close(resourceId: string): void {
    void this.pipes.get(resourceId)?.then(
      (p) => p.close(),
      () => undefined,
    );
    this.pipes.delete(resourceId);
  }

  closeAll(): void {
    for (const id of [...this.pipes.keys()]) this.close(id);
  }
}
