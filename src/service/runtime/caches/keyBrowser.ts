// What is inside a Redis cache: its databases' key counts (`INFO keyspace`) and its keys page by page (`SCAN`, never
// `KEYS`), each with its type and time to live, over a binary-safe connection through its container or Pod. One
// connection per cache, kept while it is browsed; every request names its database, so requests for two databases
// never mix.
import type { KeyInfo, KeyPage } from '../../../protocol/keys';
import type { Resource } from '../../../protocol/model';
import type { PipeSession } from '../../backends/backend';
import { UserError } from '../userError';
import { enginePortInside } from './cacheCli';
import { RedisPipe, ok } from './redisPipe';
import { parseKeyspace, replyText, type RespValue } from './respCodec';

/** SCAN calls one page may take when MATCH finds little: the page ends there, with its cursor, rather than hang. */
export const MAX_SCANS_PER_PAGE = 100;
export const MAX_PAGE = 1_000;

/** A key's name for the wire: as text when it is UTF-8, else base64 marked binary. */
export function keyName(b: Buffer): { name: string; binary?: true } {
  const text = b.toString('utf8');
  return Buffer.from(text, 'utf8').equals(b) ? { name: text } : { name: b.toString('base64'), binary: true };
}

export function keyBytes(k: { name: string; binary?: boolean }): Buffer {
  return k.binary ? Buffer.from(k.name, 'base64') : Buffer.from(k.name, 'utf8');
}

/** A connection unused this long is closed (its relay in the container ends with it). */
export const PIPE_IDLE_MS = 60_000;

export class KeyBrowser {
  private readonly pipes = new Map<string, Promise<RedisPipe>>();
  private readonly lastUsed = new Map<string, number>();
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
    if (r.kind !== 'cache' || r.engine === 'memcached') throw new UserError(`${r.name} is not a Redis cache`);
    if (r.state !== 'running') throw new UserError(`${r.name} is not running (${r.state})`);
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

  async keyspace(r: Resource): Promise<{ db: number; keys: number; expires: number }[]> {
    const pipe = await this.redisOf(r);
    const info = ok(await pipe.call(['INFO', 'keyspace']), 'INFO keyspace');
    return parseKeyspace(replyText(info) ?? '');
  }

  /**
   * About `count` keys from `cursor` ("0" to begin): SCAN until that many are found, the scan is over, or
   * MAX_SCANS_PER_PAGE calls were made; then each key's type and time to live in one round trip.
   */
  async scan(r: Resource, req: { db: number; cursor: string; match?: string; count?: number }): Promise<KeyPage> {
    const count = Math.min(Math.max(1, req.count ?? 200), MAX_PAGE);
    if (!/^\d+$/.test(req.cursor)) throw new UserError(`"${req.cursor}" is not a SCAN cursor`);
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
      if (!Array.isArray(v) || v.length !== 2 || !Array.isArray(v[1])) throw new UserError(`SCAN answered something unexpected`);
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
