// A Redis cache's figures from `INFO` and `SLOWLOG GET`, over one connection of the dashboard's own (the relay in its
// container), opened on the first round, opened again if the cache restarts, closed with the dashboard.
import type { PipeSession } from '../../backends/backend';
import { ok, RedisPipe } from '../../runtime/caches/redisPipe';
import { replyText } from '../../runtime/caches/respCodec';
import type { ChartDef, SeriesDef } from '../../../protocol/dashboard';
import { hitRatio } from '../../../protocol/series';
import { parseSlowlog, redisFigures } from '../redisFigures';
import { put, Rates, type Sampler, type SamplerOutput } from '../sampler';
import { l10n } from '../../../protocol/l10n';

const CHARTS: ChartDef[] = [
  { id: 'redis.commands', title: l10n.key('Commands'), unit: 'perSecond' },
  { id: 'redis.hits', title: l10n.key('Hit ratio'), unit: 'ratio' },
  { id: 'redis.memory', title: l10n.key('Used memory'), unit: 'bytes', ceiling: 'redis.mem.max' },
  { id: 'redis.clients', title: l10n.key('Connected clients'), unit: 'count' },
  { id: 'redis.keys', title: l10n.key('Keys per database'), unit: 'count' },
  { id: 'redis.expiry', title: l10n.key('Evicted and expired keys'), unit: 'perSecond' },
];

const SERIES: SeriesDef[] = [
  { id: 'redis.cmds', label: l10n.key('commands/s'), unit: 'perSecond', chart: 'redis.commands' },
  { id: 'redis.hitRatio', label: l10n.key('hit ratio'), unit: 'ratio', chart: 'redis.hits' },
  { id: 'redis.mem.used', label: l10n.key('used'), unit: 'bytes', chart: 'redis.memory' },
  { id: 'redis.mem.max', label: l10n.key('maxmemory'), unit: 'bytes', chart: 'redis.memory' },
  { id: 'redis.clients', label: l10n.key('clients'), unit: 'count', chart: 'redis.clients' },
  { id: 'redis.evicted', label: l10n.key('evicted/s'), unit: 'perSecond', chart: 'redis.expiry' },
  { id: 'redis.expired', label: l10n.key('expired/s'), unit: 'perSecond', chart: 'redis.expiry' },
];

/** Slowlog entries shown. */
const SLOWLOG_LEN = 20;
/** Rounds between slowlog reads: it changes rarely, and a busy cache's INFO is what changes each second. */
const SLOWLOG_EVERY = 5;
/** The sections the charts read (Redis 7 takes several at once; older servers answer INFO whole). */
const SECTIONS = ['server', 'clients', 'memory', 'stats', 'keyspace'];

export function redisSampler(execPipe: (cmd: string[]) => Promise<PipeSession>, port: number, name: string): Sampler {
  let pipe: Promise<RedisPipe> | undefined;
  const rates = new Rates();
  let closed = false;
  let rounds = 0;
  let manySections: boolean | undefined;
  let lastSlow: string | undefined;

  const connection = async (): Promise<RedisPipe> => {
    if (pipe) {
      const p = await pipe.catch(() => undefined);
      if (p && !p.closed) return p;
    }
    pipe = RedisPipe.open(execPipe, port, name);
    const p = await pipe.catch((err: unknown) => {
      pipe = undefined;
      throw err;
    });
    if (closed) p.close();
    return p;
  };

  return {
    source: "Commands, hits, memory, clients and keys: the cache's INFO; slow commands: SLOWLOG GET",
    charts: CHARTS,
    series: SERIES,
    describe(id) {
      const m = /^redis\.keys\.db(\d+)$/.exec(id);
      return m ? { id, label: `db${m[1]}`, unit: 'count', chart: 'redis.keys' } : undefined;
    },
    async sample(now: number): Promise<SamplerOutput> {
      const p = await connection();
      const readSlow = rounds++ % SLOWLOG_EVERY === 0;
      const infoCmd = manySections ? ['INFO', ...SECTIONS] : ['INFO'];
      const [info, slow] = await p.pipeline(readSlow ? [infoCmd, ['SLOWLOG', 'GET', String(SLOWLOG_LEN)]] : [infoCmd], 10_000);
      const text = replyText(ok(info, 'INFO')) ?? '';
      if (manySections === undefined) manySections = Number(/^redis_version:(\d+)/m.exec(text)?.[1] ?? 0) >= 7;
      const f = redisFigures(text);
      const values: Record<string, number> = {};
      put(values, 'redis.cmds', rates.of('redis.cmds', now, f.commands));
      // Over this round's lookups; before any, no figure rather than a made-up one.
      const dh = rates.delta('redis.hits', now, f.hits);
      const dm = rates.delta('redis.misses', now, f.misses);
      put(values, 'redis.hitRatio', dh !== undefined && dm !== undefined ? hitRatio(dh, dm) : undefined);
      put(values, 'redis.mem.used', f.usedMemory);
      put(values, 'redis.mem.max', f.maxMemory > 0 ? f.maxMemory : undefined);
      put(values, 'redis.clients', f.clients);
      put(values, 'redis.evicted', rates.of('redis.evicted', now, f.evicted));
      put(values, 'redis.expired', rates.of('redis.expired', now, f.expired));
      for (const d of f.keys) values[`redis.keys.db${d.db}`] = d.keys;
      // A database emptied reads 0, not a gap.
      if (f.keys.length === 0) values['redis.keys.db0'] = 0;
      if (!readSlow) return { values };
      // Told only when it changed: the page keeps the last one.
      const slowlog = Array.isArray(slow) ? parseSlowlog(slow) : [];
      const key = slowlog.map((e) => e.id).join(',');
      const changed = key !== lastSlow;
      lastSlow = key;
      return changed ? { values, tables: { slowlog } } : { values };
    },
    close() {
      closed = true;
      void pipe?.then(
        (p) => p.close(),
        () => undefined,
      );
      pipe = undefined;
    },
  };
}
