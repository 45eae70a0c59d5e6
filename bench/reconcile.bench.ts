// A reconcile pass over N owned resources with nothing to repair: how many Docker
// requests it sends (the goal: at most 2 — one list, never an inspect per
// resource) and its time against one `docker ps -a`. The resources are light
// busybox containers labelled as our caches, with a desired state to match.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanupLocation, client, tempLocation } from '../test/support/service';
import { BENCH_LABEL, docker } from './benchDocker';
import { median, ms, type BenchResult } from './stats';

export async function reconcileBench(count: number, run: string): Promise<BenchResult[]> {
  const names = Array.from({ length: count }, (_, i) => `rb-${run}-${i}`);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= names.length) return;
      const c = await docker.createContainer({
        Image: 'fakecloud-test/busybox:latest',
        Cmd: ['tail', '-f', '/dev/null'],
        Labels: {
          'fakecloud-elasticache': names[i],
          'fakecloud-managed-by': 'fakecloud-explorer',
          'fakecloud-explorer.engine': 'redis',
          [BENCH_LABEL]: run,
        },
        HostConfig: { NetworkMode: 'host' },
      });
      await c.start();
    }
  };
  const location = tempLocation('bench-reconcile');
  fs.mkdirSync(location.stateDir, { recursive: true, mode: 0o700 });
  const caches = Object.fromEntries(
    names.map((n) => [
      n,
      { name: n, engine: 'redis', image: 'fakecloud-test/busybox:latest', networkMode: 'host', port: 1, createdAt: '' },
    ]),
  );
  fs.writeFileSync(path.join(location.stateDir, 'desired-state.json'), JSON.stringify({ schemaVersion: 1, caches }));
  const c = client(location, { serviceArgs: ['--idle-timeout', '60'] });
  try {
    await Promise.all(Array.from({ length: 8 }, worker));
    await c.connect();
    await c.configure({ reconcile: { intervalSeconds: 3600, repairFakecloudResources: false } });
    const deadline = Date.now() + 60_000;
    while ((c.snapshot?.resources.filter((r) => r.name.startsWith(`rb-${run}-`) && r.state === 'running').length ?? 0) < count) {
      if (Date.now() > deadline) throw new Error('the model did not reach the count');
      await new Promise((r) => setTimeout(r, 100));
    }
    const passMs: number[] = [];
    const requests: number[] = [];
    const ps: number[] = [];
    for (let i = 0; i < 10; i++) {
      const { report } = await c.request('reconcile/now', {}, 120_000);
      if (!report || report.totals.healthy < count)
        throw new Error(`pass saw ${report?.totals.healthy ?? 'no report, so none'} healthy of ${count}`);
      passMs.push(report.durationMs);
      requests.push(report.requests);
      const t = performance.now();
      execFileSync('docker', ['ps', '-a'], { maxBuffer: 64 << 20 });
      ps.push(performance.now() - t);
    }
    const maxReq = Math.max(...requests);
    const ratio = Math.max(median(passMs), 0.5) / median(ps);
    return [
      {
        name: `reconcile pass over ${count} owned resources, nothing to repair: Docker requests`,
        measured: `${maxReq} at most over 10 passes`,
        ratio: maxReq / 2,
        goal: '≤ 2 requests',
        ok: maxReq <= 2,
      },
      {
        name: `reconcile pass over ${count} owned resources: time`,
        measured: `pass p50 ${ms(median(passMs))} (ms resolution) vs docker ps -a p50 ${ms(median(ps))}`,
        ratio,
        goal: '≤ 1.5× docker ps -a',
        ok: ratio <= 1.5,
      },
    ];
  } finally {
    c.dispose();
    await cleanupLocation(location);
  }
}
