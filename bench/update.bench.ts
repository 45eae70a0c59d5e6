// The update's own overhead against the same steps with the docker CLI (inspect,
// image check, SAVE in the Redis cache, stop, rename, create, start, rm). No registry is reachable here, so
// both sides check the image locally instead of pulling (our pull policy
// "missing", `docker image inspect`). With no HEALTHCHECK and no grace period
// the gate is one probe, so our total is the overhead.
import { execFileSync, spawnSync } from 'node:child_process';
import type { ServiceClient } from '../src/client/serviceClient';
import { docker } from './benchDocker';
import { median, ms, type BenchResult } from './stats';

export async function updateBench(client: ServiceClient, run: string, rounds = 8): Promise<BenchResult> {
  const name = `upd-bench-${run}`;
  const vol = `${name}-data`;
  const image = 'fakecloud-test/redis:7';
  // A fakecloud server's leftover: its server's pid has exited (a live server's containers are not recreated by us).
  const deadPid = spawnSync('true').pid;
  const createArgs = [
    '--name',
    name,
    '--network',
    'host',
    '-v',
    `${vol}:/data`,
    '--label',
    `fakecloud-elasticache=${name}`,
    '--label',
    `fakecloud-instance=fakecloud-${deadPid}`,
    image,
    'redis-server',
    '--port',
    '17990',
    '--dir',
    '/data',
  ];
  execFileSync('docker', ['volume', 'create', vol]);
  execFileSync('docker', ['run', '-d', ...createArgs]);
  await client.configure({
    update: {
      healthTimeoutSeconds: 30,
      graceSeconds: 0,
      pollMillis: 50,
      removeReplacedImage: false,
      pruneDanglingImages: false,
      pullPolicy: 'missing',
    },
  });
  const ours: number[] = [];
  const cli: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      // The container the CLI made last round: wait until the model holds it.
      const id = execFileSync('docker', ['inspect', '-f', '{{.Id}}', name]).toString().trim();
      const deadline = Date.now() + 10_000;
      let r = client.snapshot?.resources.find((x) => x.containerId === id && x.state === 'running');
      while (!r && Date.now() < deadline) {
        await new Promise((res) => setTimeout(res, 20));
        r = client.snapshot?.resources.find((x) => x.containerId === id && x.state === 'running');
      }
      if (!r) throw new Error('the bench container did not show up');
      let t = performance.now();
      const res = await client.request('resource/update', { resourceId: r.id, image }, 120_000);
      ours.push(performance.now() - t);
      if (res.outcome !== 'updated') throw new Error(`update: ${JSON.stringify(res)}`);

      t = performance.now();
      const d = (args: string[]) => execFileSync('docker', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      d(['inspect', name]);
      d(['image', 'inspect', image]);
      // What a careful user does first, and what the update does: Redis writes its data out before the stop.
      d(['exec', name, 'redis-cli', '-p', '17990', 'SAVE']);
      d(['stop', '-t', '10', name]);
      d(['rename', name, `${name}-old`]);
      d(['create', ...createArgs]);
      d(['start', name]);
      d(['rm', `${name}-old`]);
      cli.push(performance.now() - t);
    }
  } finally {
    await docker
      .getContainer(name)
      .remove({ force: true })
      .catch(() => undefined);
    await docker
      .getContainer(`${name}-old`)
      .remove({ force: true })
      .catch(() => undefined);
    await docker
      .getVolume(vol)
      .remove()
      .catch(() => undefined);
  }
  const ratio = median(ours) / median(cli);
  return {
    name: 'update overhead (inspect, image, SAVE, stop, rename, create, start, rm)',
    measured: `ours p50 ${ms(median(ours))} vs docker CLI steps p50 ${ms(median(cli))} (${rounds} rounds)`,
    ratio,
    goal: '≤ 1.0× docker CLI',
    ok: ratio <= 1.0,
  };
}
