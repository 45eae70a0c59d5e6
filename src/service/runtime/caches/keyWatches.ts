// Keys of an expanded database kept current: while any window shows it, a connection of its own subscribes to the
// cache's keyspace notifications for that database and tells those windows when keys change (a few times a second
// at most). Only where the cache has notifications on (notify-keyspace-events): the service never turns them on,
// as that costs the cache's own clients. A window that closes stops watching with it.
import type { Resource } from '../../../protocol/model';
import type { PipeSession } from '../../backends/backend';
import { enginePortInside } from './cacheCli';
import { ok, RedisPipe } from './redisPipe';
import { replyText } from './respCodec';

/** Changes closer together than this are told once. */
export const KEYS_CHANGED_MS = 300;

/** Which channel pattern tells of a database's key changes, from notify-keyspace-events' flags; or why none does. */
export function keyspaceChannel(flags: string, db: number): { pattern: string } | { reason: string } {
  const events = /[Ag$lshzxetmdn]/.test(flags);
  if (!flags || !events) return { reason: 'the cache has keyspace notifications off (notify-keyspace-events); Refresh shows new keys' };
  if (flags.includes('K')) return { pattern: `__keyspace@${db}__:*` };
  if (flags.includes('E')) return { pattern: `__keyevent@${db}__:*` };
  return { reason: 'notify-keyspace-events names events but neither K nor E; Refresh shows new keys' };
}

export interface Watcher {
  id: string;
  /** Tells this watcher that keys changed. */
  tell: () => void;
}

interface Watch {
  pipe: Promise<RedisPipe>;
  watchers: Map<string, Watcher>;
  timer?: NodeJS.Timeout;
}

export class KeyWatches {
  private readonly watches = new Map<string, Watch>();

  constructor(private readonly execPipe: (r: Resource) => (cmd: string[]) => Promise<PipeSession>) {}

  async watch(r: Resource, db: number, w: Watcher): Promise<{ live: boolean; reason?: string }> {
    const key = `${r.id}:${db}`;
    const have = this.watches.get(key);
    if (have) {
      have.watchers.set(w.id, w);
      await have.pipe;
      return { live: true };
    }
    const pipe = RedisPipe.open(this.execPipe(r), enginePortInside(r), r.displayName ?? r.name);
    const watch: Watch = { pipe, watchers: new Map([[w.id, w]]) };
    this.watches.set(key, watch);
    try {
      const p = await pipe;
      const conf = ok(await p.call(['CONFIG', 'GET', 'notify-keyspace-events']), 'CONFIG GET');
      const flags = Array.isArray(conf) ? (replyText(conf[1]) ?? '') : '';
      const ch = keyspaceChannel(flags, db);
      if ('reason' in ch) {
        this.drop(key, watch);
        return { live: false, reason: ch.reason };
      }
      ok(await p.call(['PSUBSCRIBE', ch.pattern]), 'PSUBSCRIBE');
      p.onPush = () => {
        if (watch.timer) return;
        watch.timer = setTimeout(() => {
          watch.timer = undefined;
          for (const x of watch.watchers.values()) x.tell();
        }, KEYS_CHANGED_MS);
      };
      // The cache stopped or the relay ended: the watch is over; expanding again starts another.
      p.onEnd = () => this.drop(key, watch);
      return { live: true };
    } catch (err) {
      this.drop(key, watch);
      return { live: false, reason: `its keys cannot be watched: ${(err as Error).message}` };
    }
  }

  unwatch(resourceId: string, db: number, watcherId: string): void {
    const key = `${resourceId}:${db}`;
    const watch = this.watches.get(key);
    if (!watch) return;
    watch.watchers.delete(watcherId);
    if (watch.watchers.size === 0) this.drop(key, watch);
  }

  /** How many databases are watched now (for tests). */
  get size(): number {
    return this.watches.size;
  }

  private drop(key: string, watch: Watch): void {
    if (this.watches.get(key) === watch) this.watches.delete(key);
    clearTimeout(watch.timer);
    void watch.pipe.then(
      (p) => {
        p.onEnd = undefined;
        p.close();
      },
      () => undefined,
    );
  }

  closeAll(): void {
    for (const [key, w] of [...this.watches]) this.drop(key, w);
  }
}
