// Cache benchmarks, measured side by side in one run against the tools a user
// would use instead: `docker exec … redis-cli`, and `SAVE` + `docker cp`.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ServiceClient } from '../src/client/serviceClient';
import type { Resource } from '../src/protocol/model';
import { median, ms, type BenchResult } from './stats';

async function waitCache(client: ServiceClient, name: string): Promise<Resource> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = client.snapshot?.resources.find((x) => x.name === name && x.state === 'running');
    if (r) return r;
    if (Date.now() > deadline) throw new Error(`cache ${name} did not show up`);
    await new Promise((res) => setTimeout(res, 20));
  }
}

export async function createBenchCache(client: ServiceClient, name: string): Promise<Resource> {
  await client.request('cache/create', { name, engine: 'redis' }, 120_000);
  return waitCache(client, name);
}

export async function commandBench(client: ServiceClient, r: Resource, rounds = 40): Promise<BenchResult> {
  const port = r.endpoint!.port;
  const ours: number[] = [];
  const cli: number[] = [];
  for (let i = 0; i < rounds; i++) {
    let t = performance.now();
    const res = await client.request('cache/command', { resourceId: r.id, line: 'PING' });
    ours.push(performance.now() - t);
    if (res.stdout.trim() !== 'PONG') throw new Error(`PING answered ${res.stdout}`);
    t = performance.now();
    const out = execFileSync('docker', ['exec', r.containerId, 'redis-cli', '-p', String(port), 'PING'])
      .toString()
      .trim();
    cli.push(performance.now() - t);
    if (out !== 'PONG') throw new Error(`docker exec answered ${out}`);
  }
  const ratio = median(ours) / median(cli);
  return {
    name: 'Run Redis Command round trip (client → service → exec → answer)',
    measured: `ours p50 ${ms(median(ours))} vs docker exec redis-cli PING p50 ${ms(median(cli))} (${rounds} rounds)`,
    ratio,
    goal: '≤ 0.5× docker exec',
    ok: ratio <= 0.5,
  };
}

export async function interactiveBench(client: ServiceClient, r: Resource, rounds = 50): Promise<BenchResult> {
  const sessionId = `bench-${Date.now()}`;
  let out = '';
  let waiter: (() => void) | undefined;
  const sub = client.on('terminal/output', (p) => {
    if (p.sessionId !== sessionId) return;
    out += p.data;
    // As xterm does: answer redis-cli's cursor-position query.
    if (p.data.includes('\x1b[6n')) client.notify('terminal/input', { sessionId, data: '\x1b[1;1R' });
    waiter?.();
  });
  const until = (re: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${re} in ${JSON.stringify(out.slice(-200))}`)), 5_000);
      const check = () => {
        if (re.test(out)) {
          clearTimeout(timer);
          waiter = undefined;
          resolve();
        }
      };
      waiter = check;
      check();
    });
  await client.request('terminal/open', { resourceId: r.id, kind: 'cache-cli', cols: 120, rows: 40, sessionId });
  await until(/> $/);
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    out = '';
    const t = performance.now();
    client.notify('terminal/input', { sessionId, data: `ECHO r${i}\r` });
    await until(new RegExp(`"r${i}"\\r?\\n`));
    times.push(performance.now() - t);
  }
  await client.request('terminal/close', { sessionId });
  sub.dispose();
  const p50 = median(times);
  return {
    name: 'interactive CLI: answer after Enter',
    measured: `p50 ${ms(p50)} over ${rounds} commands`,
    ratio: p50 / 5,
    goal: '≤ 1.0× of 5 ms',
    ok: p50 <= 5,
  };
}

export async function snapshotBench(client: ServiceClient, r: Resource, targetMb = 200): Promise<BenchResult> {
  const port = String(r.endpoint!.port);
  const keys = Math.round((targetMb * 1e6) / 1100);
  // ~1 KB values, made inside Redis (no network); RDB compression off, so the file really is about targetMb.
  execFileSync('docker', ['exec', r.containerId, 'redis-cli', '-p', port, 'CONFIG', 'SET', 'rdbcompression', 'no']);
  execFileSync(
    'docker',
    [
      'exec',
      r.containerId,
      'redis-cli',
      '-p',
      port,
      'EVAL',
      `for i=1,${keys} do redis.call('SET','key:'..i,string.rep('v',1000)) end return 1`,
      '0',
    ],
    { timeout: 300_000 },
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-bench-snap-'));
  const ours: number[] = [];
  const cli: number[] = [];
  let size = 0;
  try {
    for (let i = 0; i < 3; i++) {
      let t = performance.now();
      const res = await client.request('cache/snapshot', { resourceId: r.id, path: path.join(dir, `ours-${i}.rdb`) }, 600_000);
      ours.push(performance.now() - t);
      size = res.size;
      t = performance.now();
      execFileSync('docker', ['exec', r.containerId, 'redis-cli', '-p', port, 'SAVE'], { timeout: 300_000 });
      execFileSync('docker', ['cp', `${r.containerId}:/data/dump.rdb`, path.join(dir, `cli-${i}.rdb`)], { timeout: 300_000 });
      cli.push(performance.now() - t);
      fs.rmSync(path.join(dir, `ours-${i}.rdb`));
      fs.rmSync(path.join(dir, `cli-${i}.rdb`));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const ratio = median(ours) / median(cli);
  return {
    name: `snapshot of a ${(size / 1e6).toFixed(0)} MB dataset`,
    measured: `ours ${ms(median(ours))} vs SAVE + docker cp ${ms(median(cli))} (median of 3)`,
    ratio,
    goal: '≤ 1.2× SAVE + docker cp',
    ok: ratio <= 1.2,
  };
}
