// Runs the benchmarks and prints each as a ratio against the tool a user would
// use instead, or against the goal. Not a test: nothing here fails the suite.
// Usage: npm run bench  (BENCH_CONTAINERS=500 BENCH_IDLE_SECONDS=60 BENCH_SNAPSHOT_MB=200
// BENCH_ONLY=discovery,caches,keys,dashboard,functions,update,reconcile,kubernetes,servers,stack to run a part;
// BENCH_DASHBOARD_SECONDS=60)
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanupLocation, client, tempLocation } from '../test/support/service';
import { createLabelled, docker, removeBench } from './benchDocker';
import { commandBench, createBenchCache, interactiveBench, snapshotBench } from './caches.bench';
import { discoveryBench } from './discovery.bench';
import { keysBench } from './keys.bench';
import { dashboardBench } from './dashboard.bench';
import { invokeBench } from './functions.bench';
import { kubernetesBench } from './kubernetes.bench';
import { idleRequestsBench, latencyBench, memoryBench } from './service.bench';
import { reconcileBench } from './reconcile.bench';
import { serversBench } from './servers.bench';
import { updateBench } from './update.bench';
import { stackBench } from './stack.bench';
import type { BenchResult } from './stats';

const IMAGE = 'fakecloud-test/busybox:latest';

async function main(): Promise<void> {
  const containers = Number(process.env.BENCH_CONTAINERS ?? 500);
  const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 60);
  await docker.ping();
  const run = `b${Date.now().toString(36)}`;
  const location = tempLocation('bench');
  const c = client(location, { serviceArgs: ['--idle-timeout', '60'] });
  const results: BenchResult[] = [];
  const only = (process.env.BENCH_ONLY ?? 'discovery,caches,keys,dashboard,functions,update,reconcile,kubernetes,servers,stack').split(',');
  try {
    await c.connect();
    await c.configure({ networkMode: 'host', redisImage: 'fakecloud-test/redis:7', memcachedImage: 'fakecloud-test/memcached:1.6' });
    const connected = Date.now() + 10_000;
    while (c.snapshot?.backends.find((b) => b.backend === 'docker')?.state !== 'connected') {
      if (Date.now() > connected) throw new Error('the service did not connect to Docker');
      await new Promise((r) => setTimeout(r, 50));
    }
    if (only.includes('caches')) {
      console.log('caches…');
      const cache = await createBenchCache(c, `bench-${run}`);
      try {
        results.push(await commandBench(c, cache));
        results.push(await interactiveBench(c, cache));
        console.log(`snapshot of ~${process.env.BENCH_SNAPSHOT_MB ?? 200} MB…`);
        results.push(await snapshotBench(c, cache, Number(process.env.BENCH_SNAPSHOT_MB ?? 200)));
      } finally {
        await c.request('cache/delete', { resourceId: cache.id }, 120_000).catch((e: Error) => console.error(e.message));
      }
    }
    if (only.includes('keys')) {
      console.log('keys (1,000,000 in one cache)…');
      const cache = await createBenchCache(c, `keys-${run}`);
      try {
        results.push(...(await keysBench(c, cache)));
      } finally {
        await c.request('cache/delete', { resourceId: cache.id }, 120_000).catch((e: Error) => console.error(e.message));
      }
    }
    if (only.includes('dashboard')) {
      console.log('dashboard…');
      results.push(...(await dashboardBench(run, Number(process.env.BENCH_DASHBOARD_SECONDS ?? 60))));
    }
    if (only.includes('functions')) {
      console.log('functions…');
      results.push(await invokeBench(c, run, 'fakecloud-test/lambda-nodejs:20'));
    }
    if (only.includes('stack')) {
      console.log('stack (20 caches, 10 instances, 10 functions)…');
      results.push(...(await stackBench(c, run)));
    }
    if (only.includes('servers')) {
      console.log('fakecloud server (stand-in, 200 functions, 50 clusters, 50 instances)…');
      results.push(...(await serversBench()));
    }
    if (only.includes('kubernetes')) {
      console.log('kubernetes (API stand-in, 500 Pods)…');
      results.push(...(await kubernetesBench(c)));
    }
    if (only.includes('update')) {
      console.log('update…');
      results.push(await updateBench(c, run));
    }
    if (only.includes('reconcile')) {
      console.log(`reconcile over ${containers} owned resources…`);
      results.push(...(await reconcileBench(containers, run)));
      await removeBench(run);
    }
    if (!only.includes('discovery')) return;
    console.log('latency…');
    results.push(await latencyBench(c, IMAGE, run));
    console.log(`idle traffic (${idleSeconds} s)…`);
    results.push(await idleRequestsBench(c, idleSeconds));
    console.log(`creating ${containers} labelled containers…`);
    const t = Date.now();
    await createLabelled(containers, IMAGE, run);
    console.log(`  created in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    const deadline = Date.now() + 30_000;
    while ((c.snapshot?.resources.filter((r) => r.name.startsWith('bench-')).length ?? 0) < containers) {
      if (Date.now() > deadline) throw new Error('the model did not reach the container count');
      await new Promise((r) => setTimeout(r, 100));
    }
    console.log('discovery…');
    results.push(await discoveryBench(containers));
    // A service of its own: what 500 resources cost, not what the snapshot benchmark left in the heap.
    const memLocation = tempLocation('bench-mem');
    const fresh = client(memLocation, { serviceArgs: ['--idle-timeout', '60'] });
    try {
      await fresh.connect();
      const until = Date.now() + 30_000;
      while ((fresh.snapshot?.resources.filter((r) => r.name.startsWith('bench-')).length ?? 0) < containers) {
        if (Date.now() > until) throw new Error('the fresh service did not reach the container count');
        await new Promise((r) => setTimeout(r, 100));
      }
      results.push(await memoryBench(fresh, containers));
    } finally {
      fresh.dispose();
      await cleanupLocation(memLocation);
    }
    console.log('activation…');
    const out = execFileSync(process.execPath, [path.join(__dirname, 'activation.bench.js'), path.resolve(__dirname, '../../dist')], {
      env: { ...process.env, FAKECLOUD_EXPLORER_RUNTIME_DIR: location.dir, FAKECLOUD_EXPLORER_STATE_DIR: location.stateDir },
    });
    results.push(JSON.parse(out.toString().trim().split('\n').pop()!) as BenchResult);
  } finally {
    c.dispose();
    await removeBench(run);
    await cleanupLocation(location);
    report(results);
  }
}

function report(results: BenchResult[]): void {
  console.log('\n| benchmark | measured | ratio | goal | |\n|---|---|---|---|---|');
  for (const r of results) console.log(`| ${r.name} | ${r.measured} | ${r.ratio.toFixed(2)} | ${r.goal} | ${r.ok ? 'ok' : 'MISSED'} |`);
  const dir = path.resolve(__dirname, '../../bench/results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'latest.json'), JSON.stringify({ date: new Date().toISOString(), results }, null, 2));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
