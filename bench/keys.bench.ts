// Key browser benchmarks, side by side in one run against what a user would type instead, in the same container:
// the first page of keys of a 1,000,000-key cache against `redis-cli --scan --count 200 | head -200`, opening a
// 1 MB string against `redis-cli GET` to /dev/null, and the service's memory while browsing against its idle size.
import { execFileSync } from 'node:child_process';
import type { ServiceClient } from '../src/client/serviceClient';
import type { Resource } from '../src/protocol/model';
import { median, ms, type BenchResult } from './stats';

const cli = (r: Resource, script: string) =>
  execFileSync('docker', ['exec', r.containerId, 'sh', '-c', script, 'bench', String(r.endpoint!.port)]);

export async function keysBench(client: ServiceClient, r: Resource, rounds = 20): Promise<BenchResult[]> {
  const idle = (await client.request('service/status', {})).rssBytes;
  // A million keys, in ten scripts of 100,000 SETs.
  for (let b = 0; b < 10; b++)
    cli(
      r,
      `redis-cli -p "$1" EVAL "for i = ${b * 100_000}, ${b * 100_000 + 99_999} do redis.call('SET', 'user:' .. i, 'v') end return 1" 0 >/dev/null`,
    );
  cli(r, `head -c 1048576 /dev/zero | tr '\\0' x | redis-cli -p "$1" -x SET big >/dev/null`);
  const pageOurs: number[] = [];
  const pageCli: number[] = [];
  const openOurs: number[] = [];
  const openCli: number[] = [];
  let peak = idle;
  // redis-cli learnt --count in 7.2; before it, --scan asks 10 at a time, which would flatter us: the same first
  // page is then one `SCAN 0 COUNT 200`, as --scan --count 200 sends it.
  const hasCount = !/Unrecognized/.test(
    execFileSync('docker', [
      'exec',
      r.containerId,
      'sh',
      '-c',
      'redis-cli -p "$1" --scan --count 1 2>&1 | head -1',
      'bench',
      String(r.endpoint!.port),
    ]).toString(),
  );
  const reference = hasCount
    ? 'redis-cli --scan --count 200 | head -200'
    : 'redis-cli --raw SCAN 0 COUNT 200 (this redis-cli has no --count)';
  const scanCmd = hasCount ? 'redis-cli -p "$1" --scan --count 200 | head -200' : 'redis-cli -p "$1" --raw SCAN 0 COUNT 200 | tail -n +2';
  for (let i = 0; i < rounds; i++) {
    let t = performance.now();
    const page = await client.request('cache/keys', { resourceId: r.id, db: 0, cursor: '0', count: 200 });
    pageOurs.push(performance.now() - t);
    if (page.keys.length < 200) throw new Error(`a first page of ${page.keys.length} keys`);
    t = performance.now();
    const names = cli(r, scanCmd).toString().trim().split('\n');
    pageCli.push(performance.now() - t);
    if (names.length < 150) throw new Error(`redis-cli listed ${names.length}`);
    t = performance.now();
    const opened = await client.request('cache/keyRead', { resourceId: r.id, db: 0, key: { name: 'big' } });
    openOurs.push(performance.now() - t);
    if (opened.document.text.length !== 1_048_576) throw new Error(`opened ${opened.document.text.length} characters`);
    t = performance.now();
    cli(r, 'redis-cli -p "$1" GET big >/dev/null');
    openCli.push(performance.now() - t);
    // Browsing on: the next pages, as Load more… fetches them.
    let cursor = page.cursor;
    for (let p = 0; p < 10 && cursor !== '0'; p++)
      cursor = (await client.request('cache/keys', { resourceId: r.id, db: 0, cursor, count: 200 })).cursor;
    peak = Math.max(peak, (await client.request('service/status', {})).rssBytes);
  }
  const pageRatio = median(pageOurs) / median(pageCli);
  const openRatio = median(openOurs) / median(openCli);
  const grewMb = (peak - idle) / 1024 / 1024;
  return [
    {
      name: 'first page of 200 keys of 1,000,000 (with types and TTLs)',
      measured: `ours p50 ${ms(median(pageOurs))} vs docker exec ${reference} p50 ${ms(median(pageCli))} (${rounds} rounds)`,
      ratio: pageRatio,
      goal: '≤ 1.5× redis-cli --scan',
      ok: pageRatio <= 1.5,
    },
    {
      name: 'open a 1 MB string as a document',
      measured: `ours p50 ${ms(median(openOurs))} vs docker exec redis-cli GET > /dev/null p50 ${ms(median(openCli))} (${rounds} rounds)`,
      ratio: openRatio,
      goal: '≤ 1.5× redis-cli GET',
      ok: openRatio <= 1.5,
    },
    {
      name: 'service memory while browsing a 1,000,000-key cache',
      measured: `idle ${(idle / 1024 / 1024).toFixed(1)} MB, at most ${(peak / 1024 / 1024).toFixed(1)} MB browsing (+${grewMb.toFixed(1)} MB)`,
      ratio: grewMb / 30,
      goal: '≤ 30 MB over idle',
      ok: grewMb <= 30,
    },
  ];
}
