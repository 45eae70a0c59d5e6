// Health-gated update with rollback on the real Docker engine, with three local
// builds of one Redis image: healthy, crashing at start, failing its HEALTHCHECK.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ServiceClient } from '../../src/client/serviceClient';
import type { Resource } from '../../src/protocol/model';
import { IMAGES, RUN, removeNamed, TEST_LABEL, docker, requireDocker, waitFor } from '../support/docker';
import { cleanupLocation, client, pidAlive, requireBundle, tempLocation } from '../support/service';

const lower = RUN.toLowerCase();
const n = (s: string) => `${s}-${lower}`;
const HEALTHY = 'fakecloud-test/redis:7-healthy';
const CRASH = 'fakecloud-test/redis:7-crash';
const UNHEALTHY = 'fakecloud-test/redis:7-unhealthy';

describe('health-gated update (real engine)', function () {
  this.timeout(120_000);
  const location = tempLocation('updates');
  let c: ServiceClient;

  const settings = (healthTimeoutSeconds = 8) => ({
    networkMode: 'host' as const,
    redisImage: IMAGES.redis,
    memcachedImage: IMAGES.memcached,
    update: {
      healthTimeoutSeconds,
      graceSeconds: 2,
      pollMillis: 200,
      removeReplacedImage: false,
      pruneDanglingImages: false,
      pullPolicy: 'missing' as const,
    },
  });
  const byName = (name: string, pred: (r: Resource) => boolean = () => true) =>
    waitFor(name, () => c.snapshot?.resources.find((r) => r.name === name && pred(r)), 15_000);
  const redis = async (id: string, line: string) => (await c.request('cache/command', { resourceId: id, line })).stdout.trim();
  const archives = async () =>
    (await docker.listContainers({ all: true })).flatMap((x) => x.Names).filter((nm) => nm.includes(lower) && /-old-\d+$/.test(nm));

  before(async function () {
    await requireDocker(this);
    requireBundle();
    for (const image of [HEALTHY, CRASH, UNHEALTHY]) await docker.getImage(image).inspect();
    c = client(location, { serviceArgs: ['--idle-timeout', '60'] });
    await c.connect();
    await c.configure(settings());
    await waitFor('Docker connected', () => c.snapshot?.backends.find((b) => b.backend === 'docker')?.state === 'connected');
  });

  after(async () => {
    c?.dispose();
    await cleanupLocation(location);
    await removeNamed(lower);
  });

  it('updates to a healthy image; the Redis data in the volume survives; the desired state follows', async () => {
    await c.request('cache/create', { name: n('upd'), engine: 'redis' }, 60_000);
    const r = await byName(n('upd'), (x) => x.state === 'running');
    assert.equal(await redis(r.id, 'SET kept "across the update"'), 'OK');
    assert.equal(await redis(r.id, 'SAVE'), 'OK');
    const res = await c.request('resource/update', { resourceId: r.id, image: HEALTHY }, 120_000);
    assert.equal(res.outcome, 'updated', JSON.stringify(res));
    const expected = [
      new RegExp(`^inspect ${r.containerName}$`),
      new RegExp(`^pull ${HEALTHY}$`),
      /is on this machine; not pulled \(pull policy "missing"\)$/,
      // A Redis cache writes its data out before the stop, the point of no return.
      new RegExp(`^SAVE on ${r.name}$`),
      new RegExp(`^stop ${r.containerName}$`),
      new RegExp(`^rename ${r.containerName} → ${r.containerName}-old-\\d+$`),
      new RegExp(`^create ${r.containerName} from ${HEALTHY}$`),
      new RegExp(`^start ${r.containerName}$`),
      /^health gate$/,
    ];
    expected.forEach((re, i) => assert.match(res.steps[i], re, `step ${i}: ${res.steps.join(' | ')}`));
    assert.match(res.steps[res.steps.length - 1], /^remove .*-old-\d+$/);
    const after = await byName(n('upd'), (x) => x.image === HEALTHY && x.state === 'running');
    assert.notEqual(after.containerId, r.containerId);
    assert.equal(after.containerName, r.containerName);
    assert.equal(await redis(after.id, 'GET kept'), '"across the update"');
    assert.deepEqual(await archives(), [], 'the archive is removed');
    const state = JSON.parse(fs.readFileSync(path.join(location.stateDir, 'desired-state.json'), 'utf8')) as {
      caches: Record<string, { image: string }>;
    };
    assert.equal(state.caches[n('upd')].image, HEALTHY);
    await waitFor(
      'healthy',
      async () => ((await docker.getContainer(after.containerId).inspect()).State.Health?.Status === 'healthy' ? true : undefined),
      10_000,
      200,
    );
  });

  it('an image that crashes rolls back, and the old container serves the same data', async () => {
    const r = await byName(n('upd'), (x) => x.state === 'running');
    const res = await c.request('resource/update', { resourceId: r.id, image: CRASH }, 120_000);
    assert.equal(res.outcome, 'rolled-back');
    assert.equal(res.reason, 'crashed');
    assert.match(res.detail ?? '', /exited with code 3/);
    assert.equal(res.oldImageRef, HEALTHY);
    assert.match(res.restoredFrom ?? '', new RegExp(`${r.containerName}-old-\\d+`));
    const back = await byName(n('upd'), (x) => x.state === 'running' && x.containerId === r.containerId);
    assert.equal(back.image, HEALTHY);
    assert.equal(await redis(back.id, 'GET kept'), '"across the update"');
    assert.deepEqual(await archives(), []);
  });

  it('an image whose HEALTHCHECK fails rolls back after the grace period', async () => {
    const r = await byName(n('upd'), (x) => x.state === 'running');
    const t0 = Date.now();
    const res = await c.request('resource/update', { resourceId: r.id, image: UNHEALTHY }, 120_000);
    assert.equal(res.outcome, 'rolled-back');
    assert.equal(res.reason, 'health-timeout');
    assert.match(res.detail ?? '', /unhealthy/);
    assert.ok(Date.now() - t0 >= 2_000, 'not before the grace period');
    const back = await byName(n('upd'), (x) => x.state === 'running' && x.containerId === r.containerId);
    assert.equal(await redis(back.id, 'GET kept'), '"across the update"');
  });

  it('refuses to recreate a live fakecloud server’s container, saying why, and changes nothing', async () => {
    const ctr = await docker.createContainer({
      Image: IMAGES.redis,
      name: n('live-server'),
      Cmd: ['redis-server', '--port', '17812', '--bind', '127.0.0.1'],
      // This test process stands for the server: its pid is alive.
      Labels: { 'fakecloud-elasticache': n('live-server'), 'fakecloud-instance': `fakecloud-${process.pid}`, [TEST_LABEL]: RUN },
      HostConfig: { NetworkMode: 'host' },
    });
    await ctr.start();
    const r = await byName(n('live-server'), (x) => x.state === 'running');
    await assert.rejects(
      c.request('resource/update', { resourceId: r.id, image: HEALTHY }, 30_000),
      /is a fakecloud server's \(pid \d+\): the server tracks its container by id/,
    );
    const after = await ctr.inspect();
    assert.equal(after.Config.Image, IMAGES.redis, 'the same container, on its old image');
    assert.equal(after.State.Running, true);
  });

  it('keeps env, labels, volumes (named and anonymous), restart policy, ports and command across a recreate', async () => {
    const vol = `vol-${lower}`;
    await docker.createVolume({ Name: vol });
    const ctr = await docker.createContainer({
      Image: IMAGES.redis,
      name: n('faithful'),
      Cmd: ['redis-server', '--port', '17810', '--bind', '127.0.0.1', '--dir', '/data'],
      Env: ['MY_SETTING=42', 'OTHER=x y'],
      // A dead server's leftover (no pid that high runs): free to update. A live server's is refused (below).
      Labels: { 'fakecloud-elasticache': n('faithful'), 'fakecloud-instance': 'fakecloud-4194303', custom: 'label', [TEST_LABEL]: RUN },
      ExposedPorts: { '6379/tcp': {} },
      Volumes: { '/scratch': {} },
      StopTimeout: 3,
      HostConfig: {
        NetworkMode: 'host',
        Mounts: [{ Type: 'volume', Source: vol, Target: '/data' }],
        RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 2 },
        PortBindings: { '6379/tcp': [{ HostIp: '127.0.0.1', HostPort: '17811' }] },
        Memory: 256 * 1024 * 1024,
      },
    });
    await ctr.start();
    const before = await ctr.inspect();
    const r = await byName(n('faithful'), (x) => x.state === 'running');
    const res = await c.request('resource/update', { resourceId: r.id, image: HEALTHY }, 120_000);
    assert.equal(res.outcome, 'updated', JSON.stringify(res));
    const after = await docker.getContainer(n('faithful')).inspect();
    assert.notEqual(after.Id, before.Id);
    assert.equal(after.Config.Image, HEALTHY);
    assert.deepEqual(after.Config.Cmd, before.Config.Cmd);
    for (const e of ['MY_SETTING=42', 'OTHER=x y']) assert.ok(after.Config.Env.includes(e), e);
    assert.ok(after.Config.Env.includes('VARIANT=healthy'), 'the new image’s own ENV applies');
    for (const k of ['fakecloud-elasticache', 'fakecloud-instance', 'custom'])
      assert.equal(after.Config.Labels[k], before.Config.Labels[k]);
    assert.deepEqual(after.HostConfig.RestartPolicy, before.HostConfig.RestartPolicy);
    assert.deepEqual(after.HostConfig.PortBindings, before.HostConfig.PortBindings);
    assert.equal(after.HostConfig.Memory, before.HostConfig.Memory);
    assert.equal(after.HostConfig.NetworkMode, 'host');
    assert.equal((after.Config as { StopTimeout?: number }).StopTimeout, 3);
    const mounts = (i: typeof before) => i.Mounts.map((m) => `${m.Name}:${m.Destination}`).sort();
    assert.deepEqual(mounts(after), mounts(before), 'the named and the anonymous volume are both re-attached');
  });

  it('a service killed mid-update is followed by one that restores the old container', async () => {
    await c.configure(settings(60));
    const r = await byName(n('upd'), (x) => x.state === 'running');
    const pid = c.service!.pid;
    const journalDir = path.join(location.stateDir, 'updates');
    const pending = c.request('resource/update', { resourceId: r.id, image: UNHEALTHY }, 120_000).catch((e: Error) => e);
    await waitFor(
      'the update past its point of no return',
      () => {
        try {
          return (
            fs
              .readdirSync(journalDir)
              // Records only: a record still being written (its .tmp) is not yet what a new service would read.
              .filter((f) => f.endsWith('.json'))
              .some((f) => (JSON.parse(fs.readFileSync(path.join(journalDir, f), 'utf8')) as { phase?: string }).phase === 'started') ||
            undefined
          );
        } catch {
          return undefined;
        }
      },
      30_000,
      50,
    );
    process.kill(pid, 'SIGKILL');
    await waitFor('the service gone', () => !pidAlive(pid) || undefined, 5_000);
    assert.ok((await pending) instanceof Error);
    assert.equal((await archives()).length, 1, 'the old container waits as an archive');
    c.dispose();

    c = client(location, { serviceArgs: ['--idle-timeout', '60'] });
    await c.connect();
    await c.configure(settings());
    const back = await byName(n('upd'), (x) => x.state === 'running' && x.containerId === r.containerId);
    assert.equal(back.image, HEALTHY);
    assert.equal(await redis(back.id, 'GET kept'), '"across the update"');
    assert.deepEqual(await archives(), []);
    assert.deepEqual(fs.readdirSync(journalDir), [], 'the journal is settled');
    assert.match(fs.readFileSync(location.logPath, 'utf8'), /was interrupted \(started\); rolled back to fakecloud-test\/redis:7-healthy/);
  });

  it('a service killed past the health gate is followed by one that keeps the new image, and the desired state names it', async () => {
    const r = await byName(n('upd'), (x) => x.state === 'running' && x.image === HEALTHY);
    const pid = c.service!.pid;
    c.dispose();
    process.kill(pid, 'SIGKILL');
    await waitFor('the service gone', () => !pidAlive(pid) || undefined, 5_000);
    // What such a service leaves: the journal at its last phase, and a desired state still naming the old image.
    const stateFile = path.join(location.stateDir, 'desired-state.json');
    const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { caches: Record<string, { image: string }> };
    state.caches[n('upd')].image = IMAGES.redis;
    fs.writeFileSync(stateFile, JSON.stringify(state));
    const journalDir = path.join(location.stateDir, 'updates');
    fs.mkdirSync(journalDir, { recursive: true });
    fs.writeFileSync(
      path.join(journalDir, `${r.containerName}.json`),
      JSON.stringify({
        container: r.containerName,
        archive: `${r.containerName}-old-1700000000`,
        oldImageRef: IMAGES.redis,
        newImageRef: HEALTHY,
        wasRunning: true,
        phase: 'healthy',
        startedAt: 0,
        newId: r.containerId,
      }),
    );

    c = client(location, { serviceArgs: ['--idle-timeout', '60'] });
    await c.connect();
    await c.configure(settings());
    await waitFor(
      'the recovery',
      () =>
        /finished an update interrupted after its health gate .*the desired state now names fakecloud-test\/redis:7-healthy/.test(
          fs.readFileSync(location.logPath, 'utf8'),
        ) || undefined,
      15_000,
      50,
    );
    const after = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { caches: Record<string, { image: string }> };
    assert.equal(after.caches[n('upd')].image, HEALTHY, 'a later repair would not go back to the old image');
    // The journal is cleared just after the line is logged.
    await waitFor('the journal settled', () => fs.readdirSync(journalDir).length === 0 || undefined, 10_000, 50);
    const same = await byName(n('upd'), (x) => x.state === 'running');
    assert.equal(same.containerId, r.containerId, 'the new container was kept');
  });

  it('a delete during an update waits for it, then removes what the update left (no "volume is in use")', async () => {
    await c.configure(settings());
    await c.request('cache/create', { name: n('race'), engine: 'redis' }, 60_000);
    const r = await byName(n('race'), (x) => x.state === 'running');
    const update = c.request('resource/update', { resourceId: r.id, image: HEALTHY }, 120_000);
    await waitFor('the update under way', () => c.snapshot?.resources.find((x) => x.name === n('race') && x.busy === 'updating'), 10_000);
    const deleted = await c.request('cache/delete', { resourceId: r.id }, 120_000);
    assert.equal((await update).outcome, 'updated');
    assert.equal(deleted.removedVolume, `fakecloud-explorer-cache-data-${n('race')}`);
    const left = (await docker.listContainers({ all: true })).flatMap((x) => x.Names).filter((nm) => nm.includes(n('race')));
    assert.deepEqual(left, [], 'neither the new container nor an archive is left');
    const state = JSON.parse(fs.readFileSync(path.join(location.stateDir, 'desired-state.json'), 'utf8')) as {
      caches: Record<string, unknown>;
    };
    assert.equal(state.caches[n('race')], undefined);
  });

  it('refuses a bad image reference and an image that can be neither found nor pulled, changing nothing', async () => {
    const r = await byName(n('upd'), (x) => x.state === 'running');
    await assert.rejects(c.request('resource/update', { resourceId: r.id, image: 'not a ref' }), /is not an image reference/);
    await assert.rejects(c.request('resource/update', { resourceId: r.id, image: '127.0.0.1:9/nope:1' }, 60_000), /could not be pulled/);
    const same = await byName(n('upd'));
    assert.equal(same.containerId, r.containerId);
    assert.equal(same.state, 'running');
    assert.deepEqual(await archives(), []);
  });
});
