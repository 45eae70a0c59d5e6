// Dashboard benchmarks: the service's CPU while one dashboard is open on a busy cache (from /proc/<pid>/stat over
// the window, against the goal of 3% of a core, with the same window with the panel closed beside it), the stats
// requests that reach the engine per minute with every panel closed (through a counting proxy), and the memory of
// 15 minutes of history for 50 resources (the rings filled, measured in the heap).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import type { ServiceClient } from '../src/client/serviceClient';
import { KEEP_MS } from '../src/protocol/dashboard';
import { SeriesStore } from '../src/service/metrics/seriesStore';
import { USAGE_SERIES } from '../src/service/metrics/sampler';
import { CountingProxy, STATS } from '../test/support/countingProxy';
import { cleanupLocation, client, tempLocation } from '../test/support/service';
import type { BenchResult } from './stats';

const TICKS = 100; // Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these.

function cpuSeconds(pid: number): number {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command (which may hold spaces) start after the last ')'.
  const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(rest[11]) + Number(rest[12])) / TICKS;
}

async function cpuOver(pid: number, seconds: number): Promise<number> {
  const c0 = cpuSeconds(pid);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  return ((cpuSeconds(pid) - c0) / ((performance.now() - t0) / 1000)) * 100;
}

/** Load on the cache until stopped: redis-benchmark's SET/GET with pipelining, over and over. */
function busy(port: number): { stop(): void } {
  let stopped = false;
  let child: ReturnType<typeof spawn> | undefined;
  const again = () => {
    if (stopped) return;
    child = spawn(
      'redis-benchmark',
      ['-h', '127.0.0.1', '-p', String(port), '-n', '2000000', '-c', '4', '-P', '8', '-q', '-t', 'set,get'],
      {
        stdio: 'ignore',
      },
    );
    child.on('exit', again);
  };
  again();
  return {
    stop: () => {
      stopped = true;
      child?.kill();
    },
  };
}

export async function dashboardBench(run: string, seconds: number): Promise<BenchResult[]> {
  const proxy = await CountingProxy.start();
  const location = tempLocation('bench-dash');
  const c: ServiceClient = client(location, { serviceArgs: ['--idle-timeout', '60'] });
  const results: BenchResult[] = [];
  try {
    await c.connect();
    await c.configure({
      dockerHost: proxy.url,
      networkMode: 'host',
      redisImage: 'fakecloud-test/redis:7',
      dashboardSampleSeconds: 1,
    });
    const until = Date.now() + 10_000;
    while (c.snapshot?.backends.find((b) => b.backend === 'docker')?.state !== 'connected') {
      if (Date.now() > until) throw new Error('the service did not connect to Docker');
      await new Promise((r) => setTimeout(r, 50));
    }
    const name = `dash-${run}`;
    const created = await c.request('cache/create', { name, engine: 'redis' }, 60_000);
    const r = c.snapshot?.resources.find((x) => x.name === name);
    if (!r) throw new Error('the cache is not in the model');
    const pid = (await c.request('service/status', {})).pid;
    const load = busy(created.endpoint.port);
    try {
      await new Promise((res) => setTimeout(res, 2_000));
      let rounds = 0;
      const sub = c.on('dashboard/sample', () => rounds++);
      await c.request('dashboard/watch', { target: { resourceId: r.id }, watch: true });
      console.log(`  dashboard open on a busy cache for ${seconds} s…`);
      const open = await cpuOver(pid, seconds);
      await c.request('dashboard/watch', { target: { resourceId: r.id }, watch: false });
      sub.dispose();
      const closedAt = Date.now() + 1_000;
      console.log(`  every panel closed for ${seconds} s…`);
      const closed = await cpuOver(pid, seconds);
      const statsPerMinute = (proxy.count(STATS, closedAt) * 60) / seconds;
      const execsPerMinute = (proxy.count(/\/containers\/[^/]+\/exec$/, closedAt) * 60) / seconds;
      const history = (await c.request('dashboard/watch', { target: { resourceId: r.id }, watch: true })).snapshot;
      await c.request('dashboard/watch', { target: { resourceId: r.id }, watch: false });
      const cmds = history?.series.find((s) => s.id === 'redis.cmds')?.points.map((p) => p[1]) ?? [];
      results.push({
        name: 'service CPU, one dashboard open on a busy cache',
        measured: `${open.toFixed(2)} % of a core over ${seconds} s (${rounds} rounds; the cache at ~${Math.round(
          cmds.reduce((a, b) => a + b, 0) / Math.max(1, cmds.length) / 1000,
        )}k commands/s); ${closed.toFixed(2)} % with the panel closed`,
        ratio: open / 3,
        goal: '≤ 3 % of a core',
        ok: open <= 3,
      });
      results.push({
        name: 'stats requests with every panel closed',
        measured: `${statsPerMinute.toFixed(1)} stats and ${execsPerMinute.toFixed(1)} exec requests per minute (counted at the engine's socket)`,
        ratio: statsPerMinute,
        goal: '0 per minute',
        ok: statsPerMinute === 0,
      });
    } finally {
      load.stop();
      await c.request('cache/delete', { resourceId: r.id }, 120_000).catch((e: Error) => console.error(e.message));
    }
  } finally {
    c.dispose();
    await cleanupLocation(location);
    await proxy.close();
  }
  results.push(historyMemory(50));
  return results;
}

/** 15 minutes at one sample a second for `resources` Redis dashboards (their usage, Redis and three databases' series). */
function historyMemory(resources: number): BenchResult {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const ids = [
    ...USAGE_SERIES.map((s) => s.id),
    'redis.cmds',
    'redis.hitRatio',
    'redis.mem.used',
    'redis.mem.max',
    'redis.clients',
    'redis.evicted',
    'redis.expired',
    'redis.keys.db0',
    'redis.keys.db1',
    'redis.keys.db2',
  ];
  gc();
  const before = process.memoryUsage();
  const store = new SeriesStore(1000);
  const now = Date.now();
  for (let r = 0; r < resources; r++) {
    store.define(
      `r${r}`,
      `cache ${r}`,
      [],
      ids.map((id) => ({ id, label: id, unit: 'count' as const, chart: 'c' })),
    );
    for (let t = 0; t < KEEP_MS / 1000; t++) {
      const values: Record<string, number> = {};
      for (const id of ids) values[id] = Math.random() * 1000;
      store.record(`r${r}`, now - KEEP_MS + t * 1000, values);
    }
  }
  gc();
  const after = process.memoryUsage();
  const heap = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
  const mb = (n: number) => (n / 1048576).toFixed(1);
  const stated = store.bytes;
  const measured = Math.max(heap, stated);
  return {
    name: `15 minutes of history, ${resources} resources`,
    measured: `${mb(heap)} MB in the heap (${resources} × ${ids.length} series × 900 points; the store states ${mb(stated)} MB)`,
    ratio: measured / (20 * 1048576),
    goal: '≤ 20 MB',
    ok: measured <= 20 * 1048576,
  };
}
