// Dashboards through the bundled service against the real engine, which it reaches through a counting proxy: a
// Redis cache under load shows its commands/s rise, its CPU and memory from Docker's stats stream, its slowlog; a
// memcached cache its gets and sets; a function its invocations and durations. When the last watch ends the stats
// stream and the relay close and no more requests reach the engine; a watch begun later gets the history.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ServiceClient } from '../../src/client/serviceClient';
import type { DashboardSample, DashboardSnapshot } from '../../src/protocol/dashboard';
import type { Resource } from '../../src/protocol/model';
import { CountingProxy, STATS } from '../support/countingProxy';
import { IMAGES, RUN, docker, execFileP, removeNamed, requireDocker, waitFor } from '../support/docker';
import { cleanupLocation, client, connectedClient, requireBundle, tempLocation } from '../support/service';

const lower = RUN.toLowerCase();
const n = (s: string) => `${s}-${lower}`;
const RUNTIME = 'nodejs20.x';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('dashboards (a real engine, through a counting proxy)', function () {
  this.timeout(180_000);
  const location = tempLocation('dashboards');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-dash-'));
  let c: ServiceClient;
  let proxy: CountingProxy;
  const samples: DashboardSample[] = [];

  const resource = (name: string) =>
    waitFor(name, () => c.snapshot?.resources.find((r) => r.name === name && r.state === 'running' && !r.orphan), 20_000);
  const watch = async (r: Resource): Promise<DashboardSnapshot> => {
    const { snapshot } = await c.request('dashboard/watch', { target: { resourceId: r.id }, watch: true });
    assert.ok(snapshot);
    return snapshot;
  };
  const unwatch = (r: Resource) => c.request('dashboard/watch', { target: { resourceId: r.id }, watch: false });
  const of = (r: Resource, id: string) => samples.filter((s) => s.key === r.id && s.values[id] !== undefined).map((s) => s.values[id]);

  before(async function () {
    await requireDocker(this);
    requireBundle();
    proxy = await CountingProxy.start();
    c = await connectedClient(location, {
      dockerHost: proxy.url,
      networkMode: 'host',
      redisImage: IMAGES.redis,
      memcachedImage: IMAGES.memcached,
      functionImages: { [RUNTIME]: IMAGES.lambdaNode },
      readinessTimeoutSeconds: 20,
      dashboardSampleSeconds: 1,
      reconcile: { intervalSeconds: 1, repairFakecloudResources: false },
    });
    c.on('dashboard/sample', (s) => samples.push(s));
  });

  after(async () => {
    c?.dispose();
    await cleanupLocation(location);
    await removeNamed(lower);
    await proxy?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('a Redis cache: commands/s rises under load; CPU and memory from the stats stream; its slowlog; all closed after', async () => {
    const created = await c.request('cache/create', { name: n('busy'), engine: 'redis' }, 60_000);
    const r = await resource(n('busy'));
    // Every command goes to the slowlog, so the table has rows.
    await c.request('cache/command', { resourceId: r.id, line: 'CONFIG SET slowlog-log-slower-than 0' });
    const snap = await watch(r);
    assert.deepEqual(
      snap.charts.map((x) => x.id),
      [
        'cpu',
        'memory',
        'network',
        'restarts',
        'redis.commands',
        'redis.hits',
        'redis.memory',
        'redis.clients',
        'redis.keys',
        'redis.expiry',
      ],
    );
    assert.ok(snap.sources.some((s) => s.includes("Docker's stats stream")));
    await waitFor('idle rounds', () => (of(r, 'redis.cmds').length >= 2 ? true : undefined), 15_000);
    const idle = Math.max(...of(r, 'redis.cmds'));
    const port = String(created.endpoint.port);
    await execFileP('redis-benchmark', ['-h', '127.0.0.1', '-p', port, '-n', '3000000', '-c', '8', '-P', '16', '-q', '-t', 'set,get']);
    const busy = await waitFor(
      'commands/s to rise',
      () => {
        const v = Math.max(...of(r, 'redis.cmds'));
        return v > 10_000 ? v : undefined;
      },
      20_000,
    );
    assert.ok(busy > idle * 10, `${busy} commands/s under load, ${idle} idle`);
    assert.ok(Math.max(...of(r, 'cpu')) > 5, `CPU ${Math.max(...of(r, 'cpu'))} %`);
    assert.ok(
      of(r, 'mem.used').every((v) => v > 100_000),
      'memory used',
    );
    assert.ok(of(r, 'redis.mem.used').length > 0);
    assert.ok((of(r, 'redis.keys.db0').at(-1) ?? 0) > 0, 'keys of db0');
    const hit = of(r, 'redis.hitRatio');
    assert.ok(
      hit.some((v) => v > 0 && v <= 1),
      `hit ratio ${hit.join(',')}`,
    );
    const slow = samples.filter((s) => s.key === r.id && s.tables?.slowlog?.length).at(-1)?.tables?.slowlog ?? [];
    assert.ok(slow.length > 0 && slow[0].command.length > 0, 'the slowlog has rows');
    assert.equal(proxy.openStreams(STATS), 1, 'one stats stream while watched');
    assert.ok(
      samples.filter((s) => s.key === r.id).every((s) => (s.problems ?? []).length === 0),
      JSON.stringify(samples.at(-1)?.problems),
    );

    const EXEC_STREAM = /\/exec\/[^/]+\/start$/;
    const execsOpen = proxy.openStreams(EXEC_STREAM);
    await unwatch(r);
    await waitFor('the stats stream closed', () => (proxy.openStreams(STATS) === 0 ? true : undefined), 5_000);
    const closedAt = Date.now();
    const rounds = samples.length;
    await sleep(5_000);
    assert.equal(proxy.count(STATS, closedAt), 0, 'no stats request after the last watch ended');
    assert.equal(proxy.count(/\/containers\/[^/]+\/exec$/, closedAt), 0, 'no exec after the last watch ended');
    // The dashboard's relay is closed; a Run Redis Command session of the cache may stay.
    assert.equal(proxy.openStreams(EXEC_STREAM), execsOpen - 1, 'the relay closed');
    assert.equal(samples.length, rounds, 'no samples pushed');

    // Later: the history is there.
    const later = await watch(r);
    const cmds = later.series.find((s) => s.id === 'redis.cmds');
    assert.ok(cmds && cmds.points.some(([, v]) => v > 10_000), 'history of the busy minutes');
    assert.ok(later.historyBytes > 0);
    await unwatch(r);
  });

  it('a memcached cache: gets and sets per second, bytes and items from its stats', async () => {
    const created = await c.request('cache/create', { name: n('mc'), engine: 'memcached' }, 60_000);
    const r = await resource(n('mc'));
    await watch(r);
    await waitFor('a first round', () => (of(r, 'mc.items').length >= 1 ? true : undefined), 15_000);
    const s = net.connect(created.endpoint.port, '127.0.0.1');
    let batch = '';
    for (let i = 0; i < 2000; i++) batch += `set k${i} 0 0 5 noreply\r\nhello\r\nget k${i}\r\n`;
    s.write(batch);
    await waitFor('sets/s', () => (Math.max(0, ...of(r, 'mc.sets')) > 100 ? true : undefined), 15_000);
    s.destroy();
    await waitFor('2000 items', () => ((of(r, 'mc.items').at(-1) ?? 0) >= 2000 ? true : undefined), 10_000);
    assert.ok(Math.max(...of(r, 'mc.gets')) > 100);
    assert.ok((of(r, 'mc.bytes').at(-1) ?? 0) > 0);
    // A second window sees the same minutes, and the same rounds from then on.
    const c2 = client(location, { serviceArgs: ['--idle-timeout', '60'] });
    try {
      await c2.connect();
      const theirs: DashboardSample[] = [];
      c2.on('dashboard/sample', (s) => s.key === r.id && theirs.push(s));
      const second = (await c2.request('dashboard/watch', { target: { resourceId: r.id }, watch: true })).snapshot;
      const sets = second?.series.find((s) => s.id === 'mc.sets')?.points ?? [];
      assert.ok(
        sets.some(([, v]) => v > 100),
        'the busy seconds are in the history of the second window',
      );
      await waitFor('a round in both windows', () => (theirs.length > 0 ? true : undefined), 10_000);
      const t = theirs[0].t;
      await waitFor('the same round in the first', () => (samples.some((s) => s.key === r.id && s.t === t) ? true : undefined), 5_000);
    } finally {
      c2.dispose();
    }
    await unwatch(r);
  });

  it('a function: invocations, durations, errors and a cold start from its log', async () => {
    const dir = path.join(tmp, 'fn');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'index.js'),
      "exports.handler = async (e) => { if (e.fail) throw new Error('asked to'); return 'ok'; };\n",
    );
    await c.request(
      'function/deploy',
      { name: n('fn'), runtime: RUNTIME, handler: 'index.handler', codePath: dir, environment: { API_TOKEN: 's3cret', STAGE: 'dev' } },
      60_000,
    );
    const r = await resource(n('fn'));
    // Inspect: the container's document, its token masked unless asked for.
    const seen = await c.request('resource/inspect', { resourceId: r.id });
    assert.equal(seen.kind, 'container');
    assert.ok(seen.masked >= 1);
    const env = (JSON.parse(seen.json) as { Config: { Env: string[] } }).Config.Env;
    assert.ok(env.includes('STAGE=dev') && env.some((e) => e.startsWith('API_TOKEN=••••')) && !seen.json.includes('s3cret'), env.join(' '));
    const shown = await c.request('resource/inspect', { resourceId: r.id, reveal: true });
    assert.ok((JSON.parse(shown.json) as { Config: { Env: string[] } }).Config.Env.includes('API_TOKEN=s3cret'));
    await watch(r);
    await waitFor('a first round', () => (samples.some((s) => s.key === r.id) ? true : undefined), 15_000);
    for (let i = 0; i < 3; i++) await c.request('function/invoke', { resourceId: r.id, payload: '{}' }, 30_000);
    await c.request('function/invoke', { resourceId: r.id, payload: '{"fail":true}' }, 30_000);
    const sum = (id: string) => of(r, id).reduce((a, b) => a + b, 0);
    await waitFor('4 invocations counted', () => (sum('fn.invocations') === 4 ? true : undefined), 10_000);
    await waitFor('the error counted', () => (sum('fn.errors') === 1 ? true : undefined), 10_000);
    assert.equal(sum('fn.cold'), 1, 'the first invocation of a fresh container is cold');
    assert.ok((of(r, 'fn.p95').at(-1) ?? 0) > 0, 'a p95 duration');
    await unwatch(r);
  });

  it("the overview: the reconciler's passes as points, a killed cache's repair in the timeline", async () => {
    const r = await resource(n('mc'));
    const got: DashboardSample[] = [];
    const sub = c.on('dashboard/sample', (s) => s.key === 'overview' && got.push(s));
    try {
      const { snapshot } = await c.request('dashboard/watch', { target: { overview: true }, watch: true });
      assert.ok(snapshot);
      assert.ok((snapshot.series.find((s) => s.id === 'reconcile.duration')?.points.length ?? 0) > 0, 'passes so far');
      const statsBefore = proxy.count(STATS);
      await docker.getContainer(r.containerId).kill();
      const event = await waitFor(
        'the repair in the timeline',
        () => got.flatMap((s) => s.tables?.timeline ?? []).find((e) => e.kind === 'repair' && e.resource === n('mc')),
        20_000,
      );
      assert.match(event.text, /started|restarted|recreated/);
      assert.ok(got.some((s) => (s.values['reconcile.repaired'] ?? 0) >= 1));
      // Watching the overview asks nothing of the engine by itself.
      assert.equal(proxy.count(STATS), statsBefore);
      await c.request('dashboard/watch', { target: { overview: true }, watch: false });
    } finally {
      sub.dispose();
    }
  });

  it('a resource that is not there: a clear error, and nothing is watched', async () => {
    await assert.rejects(c.request('dashboard/watch', { target: { resourceId: 'docker|nope' }, watch: true }), /no resource docker\|nope/);
  });
});
