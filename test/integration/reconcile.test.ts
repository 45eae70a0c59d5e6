// The reconciler on the real Docker engine. The crash-loop clock is scaled down
// (FAKECLOUD_EXPLORER_BACKOFF_SCALE) so backing off and giving up take seconds.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { ServiceClient } from '../../src/client/serviceClient';
import type { Resource } from '../../src/protocol/model';
import type { ReconcileReport } from '../../src/protocol/reconcile';
import {
  IMAGES,
  RUN,
  removeNamed,
  createFakecloudContainer,
  docker,
  removeTestContainers,
  requireDocker,
  waitFor,
} from '../support/docker';
import { cleanupLocation, connectedClient, requireBundle, serviceEnv, tempLocation } from '../support/service';

const lower = RUN.toLowerCase();
const n = (s: string) => `${s}-${lower}`;
const INTERVAL_S = 2;

describe('reconciler (real engine)', function () {
  this.timeout(120_000);
  const location = tempLocation('reconcile');
  let c: ServiceClient;
  const reports: ReconcileReport[] = [];
  const byName = (name: string, pred: (r: Resource) => boolean = () => true, ms = 15_000) =>
    waitFor(name, () => c.snapshot?.resources.find((r) => r.name === name && pred(r)), ms);
  const redis = async (id: string, line: string) => (await c.request('cache/command', { resourceId: id, line })).stdout.trim();

  before(async function () {
    await requireDocker(this);
    requireBundle();
    c = await connectedClient(
      location,
      {
        networkMode: 'host',
        redisImage: IMAGES.redis,
        memcachedImage: IMAGES.memcached,
        reconcile: { intervalSeconds: INTERVAL_S, repairFakecloudResources: false },
      },
      { serviceArgs: ['--idle-timeout', '60'], env: serviceEnv(location, { FAKECLOUD_EXPLORER_BACKOFF_SCALE: '0.01' }) },
    );
    c.on('reconcile/report', (r) => reports.push(r));
  });

  after(async () => {
    c?.dispose();
    await cleanupLocation(location);
    await removeNamed(lower);
    await removeTestContainers();
  });

  it('starts a cache container killed outside VS Code again within one interval', async () => {
    await c.request('cache/create', { name: n('kill'), engine: 'redis' }, 60_000);
    const r = await byName(n('kill'), (x) => x.state === 'running');
    const t0 = Date.now();
    await docker.getContainer(r.containerId).kill();
    await byName(n('kill'), (x) => x.state === 'exited');
    await byName(n('kill'), (x) => x.state === 'running' && x.containerId === r.containerId, (INTERVAL_S + 3) * 1000);
    const took = Date.now() - t0;
    assert.ok(took <= (INTERVAL_S + 2) * 1000, `repaired in ${took} ms`);
    // The pass reports after its last step; the model can show the container running first.
    await waitFor(
      'a report that it was started',
      () => reports.some((rep) => rep.entries.some((e) => e.name === n('kill') && e.action === 'started')) || undefined,
      5_000,
    );
  });

  it('recreates a removed cache with its Redis data intact', async () => {
    await c.request('cache/create', { name: n('gone'), engine: 'redis' }, 60_000);
    const r = await byName(n('gone'), (x) => x.state === 'running');
    await redis(r.id, 'SET survives "the removal"');
    await redis(r.id, 'SAVE');
    await docker.getContainer(r.containerId).remove({ force: true });
    const back = await byName(n('gone'), (x) => x.state === 'running' && x.containerId !== r.containerId, (INTERVAL_S + 5) * 1000);
    await waitFor('redis ready', async () => ((await redis(back.id, 'PING').catch(() => '')) === 'PONG' ? true : undefined), 10_000, 100);
    assert.equal(await redis(back.id, 'GET survives'), '"the removal"');
    assert.ok(reports.some((rep) => rep.entries.some((e) => e.name === n('gone') && e.action === 'recreated')));
  });

  it('a container that exits at once ends in "gave up", without a hot loop', async () => {
    await c.request('cache/create', { name: n('loop'), engine: 'redis' }, 60_000);
    const r = await byName(n('loop'), (x) => x.state === 'running');
    // Replace its container with one that exits at once, under the same name and labels.
    const info = await docker.getContainer(r.containerId).inspect();
    await docker.getContainer(r.containerId).remove({ force: true });
    const crashing = await docker.createContainer({
      name: info.Name.slice(1),
      Image: IMAGES.busybox,
      Cmd: ['sh', '-c', 'exit 1'],
      Labels: info.Config.Labels,
      HostConfig: { NetworkMode: 'host' },
    });
    const events = (await docker.getEvents({
      filters: JSON.stringify({ container: [crashing.id], event: ['start'] }),
    })) as unknown as Readable;
    let starts = 0;
    events.on('data', (d: Buffer) => (starts += d.toString().split('\n').filter(Boolean).length));
    await crashing.start();
    const gaveUp = await byName(n('loop'), (x) => x.condition?.state === 'gave up', 40_000);
    assert.match(gaveUp.condition?.reason ?? '', /exit code 1|exited/);
    const atGaveUp = starts;
    await new Promise((res) => setTimeout(res, (INTERVAL_S * 2 + 1) * 1000));
    events.destroy();
    assert.equal(starts, atGaveUp, 'no more starts once it gave up');
    assert.equal(atGaveUp, 1 + 5, 'our start, then five repairs');
    const last = reports[reports.length - 1];
    assert.ok(last.entries.some((e) => e.name === n('loop') && e.action === 'gave up'));

    // Reconcile Now on it is the user acting: it is repaired again.
    const { report } = await c.request('reconcile/now', { name: n('loop') });
    assert.ok(report?.entries.some((e) => e.name === n('loop') && e.action === 'started'));
  });

  it('an update spanning several passes is skipped by them, not fought over', async () => {
    await c.configure({
      update: {
        healthTimeoutSeconds: 10,
        graceSeconds: 4,
        pollMillis: 200,
        removeReplacedImage: false,
        pruneDanglingImages: false,
        pullPolicy: 'missing',
      },
    });
    await c.request('cache/create', { name: n('upd'), engine: 'redis' }, 60_000);
    const r = await byName(n('upd'), (x) => x.state === 'running');
    const from = reports.length;
    // Passes as often as they can go, through every step of an update whose new container crashes.
    let hammering = true;
    const hammer = (async () => {
      while (hammering) {
        await c.request('reconcile/now', {}).catch(() => undefined);
        await new Promise((res) => setTimeout(res, 20));
      }
    })();
    const res = await c
      .request('resource/update', { resourceId: r.id, image: 'fakecloud-test/redis:7-crash' }, 60_000)
      .finally(() => (hammering = false));
    await hammer;
    assert.equal(res.outcome, 'rolled-back', JSON.stringify(res));
    const during = reports.slice(from).flatMap((rep) => rep.entries.filter((e) => e.name === n('upd')));
    assert.ok(
      during.some((e) => e.action === 'skipped' && /update/.test(e.reason ?? '')),
      JSON.stringify(during),
    );
    assert.ok(!during.some((e) => e.action === 'started' || e.action === 'recreated'), 'never repaired mid-update');
    const same = await byName(n('upd'), (x) => x.state === 'running' && x.containerId === r.containerId);
    assert.equal(same.image, IMAGES.redis);
    const named = (await docker.listContainers({ all: true, filters: JSON.stringify({ name: [n('upd')] }) })).length;
    assert.equal(named, 1, 'no second container, no archive left');
  });

  it("a dead server's containers are leftovers: marked so, neither drift nor restarted", async () => {
    // A pid that surely ran and ended: a server that died.
    const gone = spawnSync(process.execPath, ['-e', '']).pid ?? 0;
    assert.ok(gone > 0);
    const ctr = await createFakecloudContainer({
      labels: { 'fakecloud-elasticache': n('left') },
      image: IMAGES.busybox,
      cmd: ['sh', '-c', 'exit 2'],
      serverPid: gone,
    });
    const r = await byName(n('left'), (x) => x.state === 'exited');
    assert.equal(r.leftover, true);
    const from = reports.length;
    await waitFor('two passes', () => (reports.length >= from + 2 ? true : undefined), (INTERVAL_S * 3 + 2) * 1000);
    assert.ok(!reports.slice(from).some((rep) => rep.entries.some((e) => e.name === n('left'))), 'no drift for a leftover');
    assert.equal((await ctr.inspect()).RestartCount, 0);
    await ctr.remove({ force: true });
  });

  it('a fakecloud server’s exited container, with no server listed, is neither drift nor touched: its own state decides', async () => {
    // Its server's API is not known here (no server answers): a stopped instance or a container being made looks
    // the same from its container alone. The server-listed case is in fakecloudResources.test.ts.
    const ctr = await createFakecloudContainer({
      labels: { 'fakecloud-elasticache': n('theirs') },
      image: IMAGES.busybox,
      cmd: ['sh', '-c', 'exit 2'],
      serverPid: process.pid,
    });
    await byName(n('theirs'), (x) => x.state === 'exited');
    const from = reports.length;
    await waitFor('two passes', () => (reports.length >= from + 2 ? true : undefined), (INTERVAL_S * 3 + 2) * 1000);
    assert.ok(!reports.slice(from).some((rep) => rep.entries.some((e) => e.name === n('theirs'))), 'no drift entry');
    const after = await ctr.inspect();
    assert.equal(after.State.Status, 'exited');
    assert.equal(after.RestartCount, 0);
    await ctr.remove({ force: true });
  });
});
