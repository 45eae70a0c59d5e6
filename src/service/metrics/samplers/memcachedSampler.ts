// A memcached cache's figures from `stats`, over one relay of the dashboard's own kept open between rounds.
import type { PipeSession } from '../../backends/backend';
import { openRelay } from '../../runtime/caches/relay';
import { parseStats } from '../../runtime/caches/memcachedText';
import type { ChartDef, SeriesDef } from '../../../protocol/dashboard';
import { hitRatio } from '../../../protocol/series';
import { put, Rates, type Sampler, type SamplerOutput } from '../sampler';
import { l10n } from '../../../protocol/l10n';

const CHARTS: ChartDef[] = [
  { id: 'mc.ops', title: l10n.key('Gets and sets'), unit: 'perSecond' },
  { id: 'mc.hits', title: l10n.key('Hit ratio'), unit: 'ratio' },
  { id: 'mc.bytes', title: l10n.key('Bytes stored'), unit: 'bytes', ceiling: 'mc.limit' },
  { id: 'mc.items', title: l10n.key('Items'), unit: 'count' },
  { id: 'mc.evictions', title: l10n.key('Evictions'), unit: 'perSecond' },
];

const SERIES: SeriesDef[] = [
  { id: 'mc.gets', label: l10n.key('gets/s'), unit: 'perSecond', chart: 'mc.ops' },
  { id: 'mc.sets', label: l10n.key('sets/s'), unit: 'perSecond', chart: 'mc.ops' },
  { id: 'mc.hitRatio', label: l10n.key('hit ratio'), unit: 'ratio', chart: 'mc.hits' },
  { id: 'mc.bytes', label: l10n.key('bytes'), unit: 'bytes', chart: 'mc.bytes' },
  { id: 'mc.limit', label: l10n.key('limit'), unit: 'bytes', chart: 'mc.bytes' },
  { id: 'mc.items', label: l10n.key('items'), unit: 'count', chart: 'mc.items' },
  { id: 'mc.evictions', label: l10n.key('evictions/s'), unit: 'perSecond', chart: 'mc.evictions' },
];

interface Relay {
  pipe: PipeSession;
  buf: string;
  waiting?: { resolve: (text: string) => void; reject: (e: Error) => void };
  ended?: string;
}

export function memcachedSampler(execPipe: (cmd: string[]) => Promise<PipeSession>, port: number): Sampler {
  let relay: Relay | undefined;
  const rates = new Rates();

  const open = async (): Promise<Relay> => {
    if (relay && !relay.ended) return relay;
    const pipe = await openRelay(execPipe, port);
    const r: Relay = { pipe, buf: '' };
    pipe.stdout.on('data', (d: Buffer) => {
      r.buf += d.toString('utf8');
      const end = r.buf.indexOf('END\r\n');
      if (end >= 0 && r.waiting) {
        const text = r.buf.slice(0, end);
        r.buf = r.buf.slice(end + 5);
        r.waiting.resolve(text);
        r.waiting = undefined;
      }
    });
    pipe.stderr.resume();
    void pipe.exited.then(
      (code) => {
        r.ended = `the relay ended (exit code ${code}); is the cache still running?`;
        r.waiting?.reject(new Error(r.ended));
      },
      (err: Error) => {
        r.ended = err.message;
        r.waiting?.reject(err);
      },
    );
    relay = r;
    return r;
  };

  const stats = async (): Promise<string> => {
    const r = await open();
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        r.ended = 'no answer to stats within 10 s';
        r.pipe.close();
        reject(new Error(r.ended));
      }, 10_000);
      r.waiting = {
        resolve: (t) => {
          clearTimeout(timer);
          resolve(t);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      r.pipe.write('stats\r\n');
    });
  };

  return {
    source: "Gets, sets, hits, bytes, items and evictions: the cache's stats",
    charts: CHARTS,
    series: SERIES,
    async sample(now: number): Promise<SamplerOutput> {
      const s = parseStats((await stats()).replace(/\r?\n/g, '\r\n'));
      const n = (k: string) => (s[k] !== undefined && /^\d+$/.test(s[k]) ? Number(s[k]) : undefined);
      const values: Record<string, number> = {};
      put(values, 'mc.gets', rates.of('mc.gets', now, n('cmd_get')));
      put(values, 'mc.sets', rates.of('mc.sets', now, n('cmd_set')));
      const dh = rates.delta('mc.hits', now, n('get_hits') ?? 0);
      const dm = rates.delta('mc.misses', now, n('get_misses') ?? 0);
      put(values, 'mc.hitRatio', dh !== undefined && dm !== undefined ? hitRatio(dh, dm) : undefined);
      put(values, 'mc.bytes', n('bytes'));
      put(values, 'mc.limit', n('limit_maxbytes'));
      put(values, 'mc.items', n('curr_items'));
      put(values, 'mc.evictions', rates.of('mc.evictions', now, n('evictions')));
      return { values };
    },
    close() {
      relay?.pipe.close();
      relay = undefined;
    },
  };
}
