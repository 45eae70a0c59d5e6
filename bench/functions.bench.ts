// Invoke on a warm function, measured side by side in one run against what a
// user would run instead: curl POSTing to the same invoke endpoint. Ours goes
// client → service → the RIE, and brings back the invocation's log lines too.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ServiceClient } from '../src/client/serviceClient';
import type { Resource } from '../src/protocol/model';
import { median, ms, type BenchResult } from './stats';

export async function invokeBench(client: ServiceClient, run: string, image: string, rounds = 60): Promise<BenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-bench-fn-'));
  fs.writeFileSync(path.join(dir, 'index.js'), "exports.handler = async (e) => { console.log('n', e.n); return { n: e.n }; };\n");
  const name = `bench-fn-${run}`;
  await client.configure({ functionImages: { 'nodejs20.x': image } });
  const deployed = await client.request(
    'function/deploy',
    { name, runtime: 'nodejs20.x', handler: 'index.handler', codePath: dir },
    120_000,
  );
  let r: Resource | undefined;
  const deadline = Date.now() + 30_000;
  while (!(r = client.snapshot?.resources.find((x) => x.containerId === deployed.containerId && x.state === 'running'))) {
    if (Date.now() > deadline) throw new Error('the function did not show up');
    await new Promise((res) => setTimeout(res, 20));
  }
  const url = `http://${deployed.endpoint.host}:${deployed.endpoint.port}/2015-03-31/functions/function/invocations`;
  try {
    // Warm: the handler module is loaded and connections are open on both sides.
    for (let i = 0; i < 5; i++) await client.request('function/invoke', { resourceId: r.id, payload: '{"n":0}' });
    const ours: number[] = [];
    const curl: number[] = [];
    let logLines = 0;
    for (let i = 1; i <= rounds; i++) {
      let t = performance.now();
      const res = await client.request('function/invoke', { resourceId: r.id, payload: `{"n":${i}}` }, 30_000);
      ours.push(performance.now() - t);
      if ((JSON.parse(res.body) as { n?: number }).n !== i) throw new Error(`invoke answered ${res.body}`);
      logLines += res.logs.length;
      t = performance.now();
      const out = execFileSync('curl', ['-s', '-X', 'POST', url, '-d', `{"n":${i}}`]).toString();
      curl.push(performance.now() - t);
      if ((JSON.parse(out) as { n?: number }).n !== i) throw new Error(`curl answered ${out}`);
    }
    const ratio = median(ours) / median(curl);
    return {
      name: 'Invoke round trip on a warm function (client → service → RIE, with its log lines)',
      measured: `ours p50 ${ms(median(ours))} (${(logLines / rounds).toFixed(1)} log lines each) vs curl -X POST p50 ${ms(median(curl))} (${rounds} rounds)`,
      ratio,
      goal: '≤ 1.2× curl',
      ok: ratio <= 1.2,
    };
  } finally {
    await client.request('function/delete', { resourceId: r.id }, 60_000).catch((e: Error) => console.error(e.message));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
