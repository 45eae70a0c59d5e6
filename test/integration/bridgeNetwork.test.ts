// The extension's default network mode, `bridge`, for real: a Docker engine of this suite's own on a bridge it makes
// itself, ports published on 127.0.0.1 only, and every connection made to 127.0.0.1. Our own caches, instances and
// functions made, used, updated, broken and repaired there, as on a stock engine (Docker Desktop, a Linux install).
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { ServiceClient } from '../../src/client/serviceClient';
import type { Resource } from '../../src/protocol/model';
import { IMAGES, PrivateDockerd, RUN, waitFor } from '../support/docker';
import { cleanupLocation, connectedClient, requireBundle, tempLocation } from '../support/service';

const execFileP = promisify(execFile);
const lower = RUN.toLowerCase();
const n = (s: string) => `br-${s}-${lower}`.slice(0, 40);
const HEALTHY = 'fakecloud-test/redis:7-healthy';
const CRASH = 'fakecloud-test/redis:7-crash';

/** What a user's own client sees at the endpoint the tree shows. */
async function redisCliAt(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await execFileP('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 10_000 });
  return stdout.trim();
}

describe('bridge networking, the default (an engine of the suite’s own on its own bridge, bundled service)', function () {
  this.timeout(120_000);
  const engine = new PrivateDockerd('bridge', { bridge: true });
  const location = tempLocation('bridge');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-bridge-'));
  let c: ServiceClient;
  const byName = (name: string, pred: (r: Resource) => boolean = () => true, ms = 30_000) =>
    waitFor(`${name} in the model`, () => c.snapshot?.resources.find((r) => r.name === name && pred(r)), ms, 50);
  /** Running, with its published port known (a start picks a new one, which the re-list after it says). */
  const live = (x: Resource) => x.state === 'running' && !!x.endpoint;
  const redis = async (resourceId: string, line: string) => (await c.request('cache/command', { resourceId, line })).stdout.trim();
  const published = (r: Resource) => {
    assert.equal(r.endpoint?.host, '127.0.0.1');
    assert.ok(r.endpoint?.port && r.endpoint.port !== 6379, `a published port: ${JSON.stringify(r.endpoint)}`);
    return r.endpoint.port;
  };

  before(async function () {
    if (!PrivateDockerd.available()) {
      if (process.env.CI === 'true') throw new Error('an engine of the suite’s own needs root and dockerd');
      this.skip();
    }
    requireBundle();
    this.timeout(240_000);
    await engine.start();
    await engine.loadImages([IMAGES.redis, HEALTHY, CRASH, IMAGES.memcached, IMAGES.instance, IMAGES.lambdaNode]);
    // No networkMode: the default is bridge, as a user gets it.
    c = await connectedClient(location, {
      dockerHost: engine.url,
      redisImage: IMAGES.redis,
      memcachedImage: IMAGES.memcached,
      instanceImage: IMAGES.instance,
      functionImages: { 'nodejs20.x': IMAGES.lambdaNode },
      readinessTimeoutSeconds: 20,
      reconcile: { intervalSeconds: 1, repairFakecloudResources: false },
    });
    c.setViewVisible(true);
  });

  after(async function () {
    this.timeout(120_000);
    c?.dispose();
    await cleanupLocation(location);
    await engine.destroy();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('a cache on the bridge: its endpoint is a port published on 127.0.0.1, and a client there is answered', async () => {
    const made = await c.request('cache/create', { name: n('red'), engine: 'redis' }, 60_000);
    const r = await byName(n('red'), live);
    const port = published(r);
    assert.equal(made.endpoint.port, port);
    const inspect = await engine.client().getContainer(r.containerId).inspect();
    assert.match(inspect.HostConfig.NetworkMode ?? '', /^(default|bridge)$/);
    assert.deepEqual(
      inspect.NetworkSettings.Ports['6379/tcp']?.map((b) => b.HostIp),
      ['127.0.0.1'],
    );
    assert.equal(await redisCliAt(port, 'PING'), 'PONG');
    assert.equal(await redis(r.id, 'SET kept "through everything"'), 'OK');
    assert.equal(await redisCliAt(port, 'GET', 'kept'), 'through everything');
  });

  it('reboots it with its key, snapshots it, and restores the snapshot into a new cache', async () => {
    const r = await byName(n('red'), live);
    await c.request('cache/reboot', { resourceId: r.id }, 60_000);
    const back = await byName(n('red'), live);
    assert.equal(await redisCliAt(published(back), 'GET', 'kept'), 'through everything');
    const file = path.join(tmp, 'red.rdb');
    const snap = await c.request('cache/snapshot', { resourceId: back.id, path: file }, 60_000);
    assert.equal(snap.keys, 1);
    await c.request('cache/create', { name: n('restored'), engine: 'redis', rdbPath: file }, 60_000);
    const restored = await byName(n('restored'), live);
    assert.notEqual(published(restored), published(back));
    assert.equal(await redisCliAt(published(restored), 'GET', 'kept'), 'through everything');
    await c.request('cache/delete', { resourceId: restored.id }, 60_000);
  });

  it('updates it to a healthy build (data kept, answering at its endpoint), and rolls a crashing one back', async () => {
    const r = await byName(n('red'), live);
    const ok = await c.request('resource/update', { resourceId: r.id, image: HEALTHY }, 120_000);
    assert.equal(ok.outcome, 'updated', JSON.stringify(ok));
    const updated = await byName(n('red'), (x) => x.state === 'running' && x.image === HEALTHY);
    assert.equal(await redisCliAt(published(updated), 'GET', 'kept'), 'through everything');
    const bad = await c.request('resource/update', { resourceId: updated.id, image: CRASH }, 120_000);
    assert.equal(bad.outcome, 'rolled-back');
    assert.equal(bad.reason, 'crashed');
    const back = await byName(n('red'), (x) => x.state === 'running' && x.containerId === updated.containerId);
    assert.equal(back.image, HEALTHY);
    assert.equal(await redisCliAt(published(back), 'GET', 'kept'), 'through everything');
  });

  it('the reconciler starts a killed cache and recreates a removed one with its data, published again', async () => {
    const r = await byName(n('red'), live);
    await engine.client().getContainer(r.containerId).kill();
    // Started again, on a new host port (the engine picks one at each start): the tree shows the new one.
    const was = published(r);
    const started = await byName(n('red'), (x) => live(x) && x.containerId === r.containerId && x.endpoint?.port !== was, 15_000);
    assert.equal(await redisCliAt(published(started), 'GET', 'kept'), 'through everything');
    await redisCliAt(published(started), 'SAVE');
    await engine.client().getContainer(r.containerId).remove({ force: true });
    const recreated = await byName(n('red'), (x) => x.state === 'running' && x.containerId !== r.containerId && !!x.endpoint, 30_000);
    assert.equal(await redisCliAt(published(recreated), 'GET', 'kept'), 'through everything');
  });

  it('a memcached cache on the bridge answers at its published port', async () => {
    await c.request('cache/create', { name: n('mc'), engine: 'memcached' }, 60_000);
    const r = await byName(n('mc'), live);
    assert.notEqual(published(r), 11211);
    await c.request('memcached/set', { resourceId: r.id, key: 'k', value: 'v' });
    assert.equal((await c.request('memcached/get', { resourceId: r.id, key: 'k' })).text, 'v');
    await c.request('cache/delete', { resourceId: r.id }, 60_000);
  });

  it('deletes the cache: its container and its volume go', async () => {
    const r = await byName(n('red'), live);
    const del = await c.request('cache/delete', { resourceId: r.id }, 60_000);
    assert.ok(del.removedVolume);
    await waitFor('gone', () => !c.snapshot?.resources.some((x) => x.name === n('red')) || undefined);
    const volumes = (await engine.client().listVolumes()).Volumes ?? [];
    assert.ok(!volumes.some((v) => v.Name === del.removedVolume));
  });

  it('an instance on the bridge: launched, a shell in it, stopped and started, repaired when killed', async () => {
    const res = await c.request('instance/launch', { name: n('web') }, 60_000);
    const r = await waitFor('running', () => c.snapshot?.resources.find((x) => x.name === res.instanceId && x.state === 'running'), 30_000);
    assert.match((await engine.client().getContainer(r.containerId).inspect()).HostConfig.NetworkMode ?? '', /^(default|bridge)$/);
    const sessionId = `br-sh-${RUN}`;
    let out = '';
    const sub = c.on('terminal/output', (p) => {
      if (p.sessionId === sessionId) out += p.data;
    });
    await c.request('terminal/open', { resourceId: r.id, kind: 'shell', cols: 100, rows: 30, sessionId });
    c.notify('terminal/input', { sessionId, data: 'echo $((6*7)) $(hostname)\r' });
    await waitFor('the answer', () => (out.includes(`42 ${res.instanceId}`) ? true : undefined), 10_000);
    c.notify('terminal/input', { sessionId, data: 'exit\r' });
    sub.dispose();
    await c.request('instance/stop', { resourceId: r.id }, 30_000);
    await waitFor('stopped', () => c.snapshot?.resources.find((x) => x.id === r.id && x.state === 'exited'), 15_000);
    await c.request('instance/start', { resourceId: r.id }, 30_000);
    await waitFor('running', () => c.snapshot?.resources.find((x) => x.id === r.id && x.state === 'running'), 15_000);
    await engine.client().getContainer(r.containerId).kill();
    await waitFor(
      'started again by the reconciler',
      () => c.snapshot?.resources.find((x) => x.id === r.id && x.state === 'running'),
      15_000,
    );
    await c.request('instance/terminate', { resourceId: r.id }, 30_000);
  });

  it('a function on the bridge: deployed, invoked through its published port, recreated when removed', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'fn-'));
    fs.writeFileSync(path.join(dir, 'index.js'), 'exports.handler = async (e) => ({ got: e });\n');
    await c.request('function/deploy', { name: n('fn'), runtime: 'nodejs20.x', handler: 'index.handler', codePath: dir }, 60_000);
    const r = await byName(n('fn'), live);
    const port = published(r);
    const out = await c.request('function/invoke', { resourceId: r.id, payload: '{"a":1}' }, 30_000);
    assert.deepEqual(JSON.parse(out.body), { got: { a: 1 } });
    // The same port answers a user's own client (the Lambda invoke API), from outside the container.
    const res = await fetch(`http://127.0.0.1:${port}/2015-03-31/functions/function/invocations`, { method: 'POST', body: '{"b":2}' });
    assert.deepEqual(await res.json(), { got: { b: 2 } });
    await engine.client().getContainer(r.containerId).remove({ force: true });
    const back = await byName(n('fn'), (x) => x.state === 'running' && x.containerId !== r.containerId, 30_000);
    const again = await waitFor(
      'invoke answers',
      async () => await c.request('function/invoke', { resourceId: back.id, payload: '{"c":3}' }, 10_000).catch(() => undefined),
      15_000,
      100,
    );
    assert.deepEqual(JSON.parse(again.body), { got: { c: 3 } });
    await c.request('function/delete', { resourceId: back.id }, 30_000);
  });

  it('published on 127.0.0.1 only, and nothing left behind on the engine', async () => {
    const list = await engine.client().listContainers({ all: true });
    for (const ctr of list) for (const p of ctr.Ports) if (p.PublicPort) assert.equal(p.IP, '127.0.0.1', JSON.stringify(ctr.Ports));
    assert.deepEqual(
      list.map((x) => x.Names[0]),
      [],
      'every cache, instance and function was deleted',
    );
  });
});
