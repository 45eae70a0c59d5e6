// What is inside a memcached cache: its stats, a value by key (get, set, delete), and its items page by page from
// `lru_crawler metadump all` where the server has it. Each exchange opens a relay (relay.ts, in the container, as for
// Redis) and closes it once answered: nothing listens on the user's machine, and nothing is kept open between the
// user's rare requests. Every exchange has a deadline.
import type { MemcachedItem, MemcachedItemPage, MemcachedStats, MemcachedValue } from '../../../protocol/memcached';
import { escapeBytes, isUtf8 } from '../../../protocol/keyDocument';
import type { Resource } from '../../../protocol/model';
import type { PipeSession } from '../../backends/backend';
import { UserError } from '../userError';
import { enginePortInside } from './cacheCli';
import { NO_RELAY, noRelayIn, openRelay } from './relay';
import { memcachedKeyProblem } from '../../../protocol/memcached';
import { errorLine, lines, parseGet, parseMetadump, parseStats, summariseStats } from './memcachedText';
import { l10n } from '../../../protocol/l10n';

export const MEMCACHED_TIMEOUT_MS = 15_000;
/** Values larger than this are not shown (memcached's own default item limit is 1 MB). */
export const MAX_VALUE_BYTES = 5 * 1024 * 1024;
export const MAX_ITEMS_PAGE = 1_000;
/** Items one listing holds at most: the rest of a larger cache is read by key. */
export const MAX_LISTED = 100_000;

export class MemcachedBrowser {
  /** Each browsed cache's last dump of items, which its pages come from. */
  private readonly dumps = new Map<string, Dump>();

  constructor(private readonly execPipe: (r: Resource) => (cmd: string[]) => Promise<PipeSession>) {}

  private check(r: Resource): void {
    if (r.kind !== 'cache' || r.engine !== 'memcached') throw new UserError(l10n.t('{0} is not a memcached cache', r.name));
    if (r.state !== 'running') throw new UserError(l10n.t('{0} is not running ({1})', r.name, r.state));
  }

  /**
   * Sends `request` through a fresh relay and reads until `done` has what it needs from the bytes so far (it
   * answers a value, or undefined for "more to come"); the relay is closed then, or at the deadline.
   */
  private async exchange<T>(r: Resource, request: Buffer | string, done: (buf: Buffer) => T | undefined): Promise<T> {
    this.check(r);
    const name = r.displayName ?? r.name;
    let pipe: PipeSession;
    try {
      pipe = await openRelay(this.execPipe(r), enginePortInside(r));
    } catch (err) {
      const why = (err as Error).message;
      throw new UserError(noRelayIn(why) ? `${name}: ${NO_RELAY}: ${why}` : `${name}: ${why}`);
    }
    return new Promise<T>((resolve, reject) => {
      let buf = Buffer.alloc(0);
      let stderr = '';
      let over = false;
      const finish = (err: Error | undefined, v?: T) => {
        if (over) return;
        over = true;
        clearTimeout(timer);
        pipe.close();
        if (err) reject(err);
        else resolve(v as T);
      };
      const timer = setTimeout(
        () => finish(new UserError(l10n.t('{0}: no answer within {1} s', name, MEMCACHED_TIMEOUT_MS / 1000))),
        MEMCACHED_TIMEOUT_MS,
      );
      pipe.stdout.on('data', (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        try {
          const v = done(buf);
          if (v !== undefined) finish(undefined, v);
        } catch (err) {
          finish(err as Error);
        }
      });
      pipe.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-2000)));
      void pipe.exited.then(
        (code) => {
          const why = stderr.trim() || `the relay in its container ended (exit code ${code}); is the cache still running?`;
          finish(new UserError(noRelayIn(why) ? `${name}: ${NO_RELAY}: ${why}` : `${name}: ${why}`));
        },
        (err: Error) => finish(err),
      );
      pipe.write(request);
    });
  }

  /** Reads until a line that ends the answer (one of `enders`), or an error line. */
  private untilLine(r: Resource, request: string, enders: string[]): Promise<{ lines: string[]; last: string }> {
    return this.exchange(r, request, (buf) => {
      const { lines: ls } = lines(buf);
      for (const [i, l] of ls.entries()) {
        const err = errorLine(l);
        if (err) throw new UserError(`${request.split(' ')[0].trim()}: ${err}`);
        if (enders.includes(l)) return { lines: ls.slice(0, i), last: l };
      }
      return undefined;
    });
  }

  async stats(r: Resource): Promise<MemcachedStats> {
    const { lines: ls } = await this.untilLine(r, 'stats\r\n', ['END']);
    return summariseStats(parseStats(ls.join('\r\n')));
  }

  async get(r: Resource, key: string): Promise<MemcachedValue> {
    const bad = memcachedKeyProblem(key);
    if (bad) throw new UserError(bad);
    const res = await this.exchange(r, `get ${key}\r\n`, (buf) => {
      // A value larger than the limit is refused with its size as soon as its header is read.
      const head = /^VALUE \S+ \d+ (\d+)/.exec(buf.subarray(0, 300).toString('utf8'));
      if (head && Number(head[1]) > MAX_VALUE_BYTES)
        return {
          error: `${key} holds ${(Number(head[1]) / 1024 / 1024).toFixed(1)} MB; values up to ${MAX_VALUE_BYTES / 1024 / 1024} MB are shown`,
        };
      return parseGet(buf);
    });
    if ('error' in res) throw new UserError(res.error);
    if (!res.found) return { found: false };
    const text = isUtf8(res.value) ? res.value.toString('utf8') : escapeBytes(res.value);
    return { found: true, text, flags: res.flags, bytes: res.value.length, ...(isUtf8(res.value) ? {} : { binary: true }) };
  }

  async set(r: Resource, key: string, value: string, ttlSeconds: number): Promise<void> {
    const bad = memcachedKeyProblem(key);
    if (bad) throw new UserError(bad);
    const data = Buffer.from(value, 'utf8');
    const { last } = await this.untilLine(r, `set ${key} 0 ${ttlSeconds} ${data.length}\r\n${value}\r\n`, ['STORED', 'NOT_STORED']);
    if (last !== 'STORED') throw new UserError(l10n.t('{0} was not stored ({1})', key, last));
  }

  async delete(r: Resource, key: string): Promise<{ deleted: boolean }> {
    const bad = memcachedKeyProblem(key);
    if (bad) throw new UserError(bad);
    const { last } = await this.untilLine(r, `delete ${key}\r\n`, ['DELETED', 'NOT_FOUND']);
    return { deleted: last === 'DELETED' };
  }

  /**
   * Items from `offset`, about `count` of them. The first page reads the crawler's dump of every item (up to
   * MAX_LISTED, then the relay is closed) and keeps it: the later pages come from that one dump, as another would
   * list the items in another order. A server without the crawler's dump says so in `unsupported`.
   */
  async items(r: Resource, offset: number, count: number): Promise<MemcachedItemPage> {
    const want = Math.min(Math.max(1, count), MAX_ITEMS_PAGE);
    let dump = this.dumps.get(r.id);
    if (offset === 0 || !dump) {
      dump = await this.dump(r);
      this.dumps.set(r.id, dump);
    }
    if (dump.unsupported) return { items: [], unsupported: dump.unsupported };
    const items = dump.items.slice(offset, offset + want);
    const more = dump.items.length > offset + want;
    return { items, ...(more ? { next: offset + want } : {}), ...(!more && dump.truncated ? { truncated: MAX_LISTED } : {}) };
  }

  private dump(r: Resource): Promise<Dump> {
    return this.exchange(r, 'lru_crawler metadump all\r\n', (buf): Dump | undefined => {
      const { lines: ls } = lines(buf);
      const first = ls[0];
      if (first !== undefined) {
        const err = errorLine(first);
        if (err) return { items: [], truncated: false, unsupported: err };
        if (first.startsWith('BUSY')) throw new UserError(l10n.t('the item crawler is busy ({0}); try again in a moment', first));
      }
      const end = ls.indexOf('END');
      if (end < 0 && ls.length < MAX_LISTED) return undefined;
      const body = (end >= 0 ? ls.slice(0, end) : ls.slice(0, MAX_LISTED)).flatMap((l) => parseMetadump(l) ?? []);
      return { items: body, truncated: end < 0 };
    });
  }
}

interface Dump {
  items: MemcachedItem[];
  truncated: boolean;
  unsupported?: string;
}
