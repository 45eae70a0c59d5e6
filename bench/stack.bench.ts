// Stack benchmarks: applying a stack of 20 caches, 10 instances and 10 functions whose images are present, against
// the same creates sent one after another through the service (what a user clicking them together would wait for);
// and a re-apply with nothing to do, in Docker requests (from the service's own count).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ServiceClient } from '../src/client/serviceClient';
import type { BenchResult } from './stats';
import { applyStack } from '../test/support/service';

export async function stackBench(c: ServiceClient, run: string): Promise<BenchResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-bench-stack-'));
  fs.mkdirSync(path.join(dir, 'fn'));
  fs.writeFileSync(path.join(dir, 'fn', 'index.js'), 'exports.handler = async () => ({ ok: true });\n');
  await c.configure({
    instanceImage: 'fakecloud-test/instance:latest',
    functionImages: { 'nodejs20.x': 'fakecloud-test/lambda-nodejs:20' },
  });
  const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${run}-${i}`);
  const file = path.join(dir, 'fakecloud.yaml');
  const yaml = [
    'name: bench',
    'caches:',
    ...names('stc', 20).map((n) => `  ${n}: {}`),
    'instances:',
    ...names('sti', 10).map((n) => `  ${n}: {}`),
    'functions:',
    ...names('stf', 10).flatMap((n) => [`  ${n}:`, '    runtime: nodejs20.x', '    handler: index.handler', '    code: fn']),
  ].join('\n');
  fs.writeFileSync(file, `${yaml}\n`);
  const made: string[] = [];
  try {
    // One after another through the service, as the commands would make them.
    const t0 = performance.now();
    for (const n of names('sqc', 20)) made.push((await c.request('cache/create', { name: n, engine: 'redis' }, 120_000)).containerId);
    for (const n of names('sqi', 10)) made.push((await c.request('instance/launch', { name: n }, 120_000)).containerId);
    for (const n of names('sqf', 10))
      made.push(
        (
          await c.request(
            'function/deploy',
            { name: n, runtime: 'nodejs20.x', handler: 'index.handler', codePath: path.join(dir, 'fn') },
            120_000,
          )
        ).containerId,
      );
    const sequential = performance.now() - t0;

    const t1 = performance.now();
    const applied = await applyStack(c, file, false, 600_000);
    const stack = performance.now() - t1;
    const failed = applied.outcomes.filter((o) => o.result !== 'done');
    if (failed.length) throw new Error(`the stack did not apply: ${applied.text}`);

    // Again, nothing to do: the plan is made from the live model.
    const before = (await c.request('service/status', {})).dockerRequests;
    const again = await applyStack(c, file, false, 60_000);
    const requests = (await c.request('service/status', {})).dockerRequests - before;
    if (again.outcomes.some((o) => o.result !== 'kept')) throw new Error(`the re-apply did something: ${again.text}`);

    return [
      {
        name: 'stack apply (20 caches, 10 instances, 10 functions)',
        measured: `${(stack / 1000).toFixed(1)} s vs ${(sequential / 1000).toFixed(1)} s one after another`,
        ratio: stack / sequential,
        goal: '≤ 1.0×',
        ok: stack <= sequential,
      },
      {
        name: 'stack re-apply, nothing to do',
        measured: `${requests} Docker request${requests === 1 ? '' : 's'}`,
        ratio: requests / 2,
        goal: '≤ 2 requests',
        ok: requests <= 2,
      },
    ];
  } finally {
    fs.writeFileSync(file, 'name: bench\n');
    await applyStack(c, file, true, 600_000).catch((e: Error) => console.error(e.message));
    const ids = new Set(made);
    for (const r of c.snapshot?.resources ?? [])
      if (ids.has(r.containerId) || r.name.includes(`-${run}-`) || (r.displayName ?? '').includes(`-${run}-`)) {
        const method = r.kind === 'cache' ? 'cache/delete' : r.kind === 'instance' ? 'instance/terminate' : 'function/delete';
        await c.request(method, { resourceId: r.id }, 120_000).catch(() => undefined);
      }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
