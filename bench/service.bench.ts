// Benchmarks through the real service process and a connected client:
// change latency after `docker stop`, idle Docker traffic, resident memory.
import type { ServiceClient } from '../src/client/serviceClient';
import { docker } from './benchDocker';
import { median, ms, percentile, type BenchResult } from './stats';

function waitForState(client: ServiceClient, containerId: string, state: string, timeoutMs = 5_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const check = () => client.snapshot?.resources.find((r) => r.containerId === containerId)?.state === state;
    if (check()) return resolve(performance.now());
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no ${state} for ${containerId.slice(0, 12)} within ${timeoutMs} ms`));
    }, timeoutMs);
    const sub = client.onModel.on(() => {
      if (check()) {
        clearTimeout(timer);
        sub.dispose();
        resolve(performance.now());
      }
    });
  });
}

/**
 * p95 from the engine's own `die` event (its timeNano) to the moment a connected
 * client holds the change, and from issuing `stop` to it. Container Tools' anchor
 * is events + a 500 ms debounce; the goal is ≤ 250 ms.
 */
export async function latencyBench(client: ServiceClient, image: string, run: string, samples = 30): Promise<BenchResult> {
  const lat: number[] = [];
  const fromStop: number[] = [];
  const c = await docker.createContainer({
    Image: image,
    Cmd: ['tail', '-f', '/dev/null'],
    Labels: { 'fakecloud-ec2': `latency-${run}`, 'fakecloud-instance': 'fakecloud-1', 'fakecloud-explorer-bench': run },
    HostConfig: { NetworkMode: 'host' },
  });
  const dies: number[] = [];
  const events = (await docker.getEvents({ filters: JSON.stringify({ container: [c.id], event: ['die'] }) })) as NodeJS.ReadableStream & {
    destroy(): void;
  };
  events.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean))
      dies.push(Number(BigInt((JSON.parse(line) as { timeNano: number }).timeNano) / 1000n) / 1000);
  });
  try {
    for (let i = 0; i < samples; i++) {
      await c.start();
      await waitForState(client, c.id, 'running');
      const seen = waitForState(client, c.id, 'exited');
      const issued = performance.now();
      await c.stop({ t: 0 });
      const at = await seen;
      fromStop.push(at - issued);
      const deadline = Date.now() + 2_000;
      while (dies.length <= i && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      const die = dies[i];
      if (die === undefined) throw new Error('no die event seen');
      lat.push(performance.timeOrigin + at - die);
    }
  } finally {
    events.destroy();
    await c.remove({ force: true });
  }
  const p95 = percentile(lat, 95);
  return {
    name: 'change delivered after docker stop (p95)',
    measured:
      `engine die event → client: p50 ${ms(median(lat))}, p95 ${ms(p95)}; stop issued → client: p50 ${ms(median(fromStop))}, p95 ` +
      `${ms(percentile(fromStop, 95))} (${samples} stops; anchor: 500 ms debounce)`,
    ratio: p95 / 250,
    goal: '≤ 1.0× of 250 ms',
    ok: p95 <= 250,
  };
}

export async function idleRequestsBench(client: ServiceClient, seconds: number): Promise<BenchResult> {
  client.setViewVisible(false);
  await new Promise((r) => setTimeout(r, 500));
  const before = (await client.request('service/status', {})).dockerRequests;
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const after = (await client.request('service/status', {})).dockerRequests;
  const perMinute = ((after - before) * 60) / seconds;
  return {
    name: 'Docker API requests while idle, no view visible',
    measured: `${after - before} requests in ${seconds} s (${perMinute.toFixed(1)}/min)`,
    ratio: perMinute,
    goal: '0 per minute',
    ok: perMinute === 0,
  };
}

export async function memoryBench(client: ServiceClient, containers: number): Promise<BenchResult> {
  const st = await client.request('service/status', {});
  const inModel = client.snapshot?.resources.length ?? 0;
  if (inModel < containers) throw new Error(`model holds ${inModel}, expected ≥ ${containers}`);
  const mb = st.rssBytes / 1024 / 1024;
  return {
    name: `service resident size with ${inModel} resources`,
    measured: `${mb.toFixed(1)} MB`,
    ratio: mb / 120,
    goal: '≤ 1.0× of 120 MB',
    ok: mb <= 120,
  };
}
