// The real fakecloud server (scripts/install-fakecloud.sh installs it from crates.io), on loopback, on a Docker engine
// of this suite's own with a bridge (ports published on 127.0.0.1 only), driven through the bundled service as the
// extension drives it. Everything is made through the server's own API, as a user's app or the extension does.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { CreateReplicationGroupCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import type { ServiceClient } from '../../src/client/serviceClient';
import type { AwsResource } from '../../src/protocol/aws';
import type { Resource } from '../../src/protocol/model';
import type { ReconcileReport } from '../../src/protocol/reconcile';
import { PrivateDockerd, RUN, waitFor } from '../support/docker';
import { FAKECLOUD_VERSION, FakecloudServer, requireFakecloud, SERVER_IMAGES } from '../support/fakecloudServer';
import { applyStack, cleanupLocation, connectedClient, requireBundle, tempLocation, writeServerStack } from '../support/service';
import { actLikeATerminal } from '../support/terminal';

const execFileP = promisify(execFile);
const lower = RUN.toLowerCase();
/** ElastiCache ids: at most 40 characters (a replication group's members add `-00N`). */
const n = (s: string) => `${s}-${lower}`.slice(0, 30);

function codeFolder(body: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-real-code-'));
  fs.writeFileSync(path.join(dir, 'index.js'), body);
  return dir;
}

describe(`the real fakecloud server ${FAKECLOUD_VERSION} (its own bridge engine, bundled service)`, function () {
  this.timeout(180_000);
  const engine = new PrivateDockerd('real', { bridge: true });
  const server = new FakecloudServer(engine, 'real');
  const location = tempLocation('real');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-real-'));
  const reports: ReconcileReport[] = [];
  let c: ServiceClient;
  const awsOf = (awsId: string, pred: (a: AwsResource) => boolean = () => true, ms = 60_000) =>
    waitFor(`${awsId} listed`, () => c.snapshot?.aws?.find((a) => a.awsId === awsId && pred(a)), ms, 100);
  const containerOf = (pred: (r: Resource) => boolean, what: string, ms = 30_000) =>
    waitFor(what, () => c.snapshot?.resources.find(pred), ms, 100);
  const redis = async (resourceId: string, line: string) => (await c.request('cache/command', { resourceId, line })).stdout.trim();
  /** Drift or a repair the reconciler reported for a server's resource: never, through its whole normal life. */
  const driftFor = (name: string) =>
    reports.flatMap((r) => r.entries).filter((e) => e.name.includes(name) && e.action !== 'none' && e.action !== 'skipped');

  before(async function () {
    requireFakecloud(this);
    requireBundle();
    this.timeout(300_000);
    await engine.start();
    await engine.loadImages(Object.keys(SERVER_IMAGES), SERVER_IMAGES);
    try {
      await server.start();
    } catch (err) {
      await engine.destroy();
      throw err;
    }
    c = await connectedClient(location, {
      dockerHost: engine.url,
      servers: [server.endpoint],
      networkMode: 'bridge',
      redisImage: 'redis:7-alpine',
      memcachedImage: 'memcached:1.6-alpine',
      functionImages: { 'nodejs20.x': 'public.ecr.aws/lambda/nodejs:20' },
      instanceImage: 'amazonlinux:2023',
      readinessTimeoutSeconds: 30,
      fallbackPollSeconds: 5,
      reconcile: { intervalSeconds: 1, repairFakecloudResources: true },
    });
    c.on('reconcile/report', (r) => reports.push(r));
    c.setViewVisible(true);
  });

  after(async function () {
    this.timeout(120_000);
    c?.dispose();
    await cleanupLocation(location);
    await server.destroy();
    await engine.destroy();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(`      the server's log, last lines:\n${server.logTail(40)}`);
  });

  it('is identified by its health route: its version, its services, no listing error', async () => {
    const s = await waitFor('listed', () => c.snapshot?.servers?.find((x) => x.endpoint === server.endpoint && x.listed), 30_000, 100);
    assert.equal(s.state, 'connected');
    assert.equal(s.version, FAKECLOUD_VERSION);
    for (const svc of ['elasticache', 'lambda', 'ec2', 'rds']) assert.ok(s.services?.includes(svc), `${svc} in ${String(s.services)}`);
    assert.deepEqual(s.listingErrors ?? [], []);
  });

  it('a Redis cluster made through CreateCacheCluster: tied to its container, its published port answering', async () => {
    const made = await c.request('aws/createCache', { server: server.endpoint, id: n('red'), engine: 'redis' }, 120_000);
    assert.equal(made.status, 'available');
    const a = await awsOf(n('red'), (x) => x.status === 'available' && x.containers.length === 1);
    assert.equal(a.type, 'cache-cluster');
    const ctr = await containerOf((r) => r.aws?.id === a.id && r.state === 'running', 'its container, tied and running');
    assert.equal(ctr.kind, 'cache');
    assert.equal(ctr.aws?.expectsRunning, true);
    // The endpoint the tree shows is the port the engine published on loopback, and a client there is answered.
    assert.equal(a.endpoint?.host, '127.0.0.1');
    assert.equal(ctr.endpoint?.port, a.endpoint?.port);
    const { stdout } = await execFileP('redis-cli', ['-h', '127.0.0.1', '-p', String(a.endpoint?.port), 'PING'], { timeout: 10_000 });
    assert.equal(stdout.trim(), 'PONG');
  });

  it('Run Redis Command, redis-cli on a TTY, Follow Logs and Snapshot on the server’s cache', async () => {
    const a = await awsOf(n('red'), (x) => x.containers.length === 1);
    const id = a.containers[0];
    assert.equal(await redis(id, 'SET greeting "hello from the real server"'), 'OK');
    assert.equal(await redis(id, 'RPUSH list a b c'), '(integer) 3');
    assert.equal(await redis(id, 'GET greeting'), '"hello from the real server"');

    const sessionId = `real-${RUN}`;
    const term = actLikeATerminal(c, sessionId);
    await c.request('terminal/open', { resourceId: id, kind: 'cache-cli', cols: 100, rows: 30, sessionId });
    await waitFor('the prompt', () => /127\.0\.0\.1:\d+>/.test(term.text()) || undefined, 10_000);
    c.notify('terminal/input', { sessionId, data: 'LLEN list\r' });
    await waitFor('the answer', () => term.text().includes('(integer) 3') || undefined, 10_000);
    const exited = new Promise<number>((resolve) => c.on('terminal/exited', (p) => p.sessionId === sessionId && resolve(p.exitCode)));
    c.notify('terminal/input', { sessionId, data: 'quit\r' });
    assert.equal(await exited, 0);
    term.dispose();

    const subscriptionId = `real-logs-${RUN}`;
    let text = '';
    const sub = c.on('logs/chunk', (p) => {
      if (p.subscriptionId === subscriptionId) text += p.text;
    });
    await c.request('logs/follow', { resourceId: id, tail: 200, subscriptionId });
    await waitFor('redis-server’s own start lines', () => /Ready to accept connections/.test(text) || undefined, 10_000);
    await c.request('logs/stop', { subscriptionId });
    sub.dispose();

    const file = path.join(tmp, 'red.rdb');
    const snap = await c.request('cache/snapshot', { resourceId: id, path: file }, 60_000);
    assert.equal(snap.keys, 2);
    assert.equal(fs.readFileSync(file).subarray(0, 5).toString(), 'REDIS');
  });

  it('a memcached cluster made through the API, tied and answering', async () => {
    const made = await c.request('aws/createCache', { server: server.endpoint, id: n('mc'), engine: 'memcached' }, 120_000);
    assert.equal(made.status, 'available');
    const a = await awsOf(n('mc'), (x) => x.containers.length === 1);
    assert.match(a.engine ?? '', /^memcached/);
    const ctr = await containerOf((r) => r.aws?.id === a.id && r.state === 'running', 'its container tied');
    await c.request('memcached/set', { resourceId: ctr.id, key: 'k', value: 'v1' });
    assert.equal((await c.request('memcached/get', { resourceId: ctr.id, key: 'k' })).text, 'v1');
  });

  it('a replication group made through the SDK: tied to the one container that runs it, its members counted', async () => {
    const sdk = new ElastiCacheClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    try {
      await sdk.send(
        new CreateReplicationGroupCommand({
          ReplicationGroupId: n('rg'),
          ReplicationGroupDescription: 'two nodes',
          Engine: 'redis',
          CacheNodeType: 'cache.t3.micro',
          NumCacheClusters: 2,
        }),
      );
    } finally {
      sdk.destroy();
    }
    // fakecloud 0.51 runs a group in one container labelled with the group's id; its members are named, not described.
    const group = await awsOf(n('rg'), (x) => x.status === 'available' && x.containers.length === 1, 120_000);
    assert.equal(group.type, 'replication-group');
    assert.equal(group.memberCount, 2);
    await containerOf((r) => r.aws?.id === group.id && r.aws.expectsRunning, 'the group’s container tied to it, expected to run');
    const ctr = await containerOf((r) => r.aws?.id === group.id && !!r.endpoint, 'its published port known');
    assert.equal(group.endpoint?.port, ctr.endpoint?.port);
    const { stdout } = await execFileP('redis-cli', ['-h', '127.0.0.1', '-p', String(group.endpoint?.port), 'PING'], { timeout: 10_000 });
    assert.equal(stdout.trim(), 'PONG');
    assert.ok(!c.snapshot?.resources.some((r) => r.stray === server.endpoint), 'no container of the server is a stray');
  });

  it('reboots and deletes a cluster through the server: its listing loses it, its container goes', async () => {
    const a = await awsOf(n('red'), (x) => x.containers.length === 1);
    const ctrId = a.containers[0];
    const rebooted = await c.request('cache/reboot', { resourceId: ctrId }, 120_000);
    assert.ok(rebooted.waitedMs >= 0);
    await awsOf(n('red'), (x) => x.status === 'available' && x.containers.length === 1);
    assert.equal(await redis((await awsOf(n('red'), (x) => x.containers.length === 1)).containers[0], 'PING'), 'PONG');
    await c.request('cache/delete', { resourceId: (await awsOf(n('red'), (x) => x.containers.length === 1)).containers[0] }, 120_000);
    await waitFor('gone from the model', () => (c.snapshot?.aws?.some((x) => x.awsId === n('red')) ? undefined : true), 60_000, 200);
    await waitFor('its container gone', () => (c.snapshot?.resources.some((r) => r.id === ctrId) ? undefined : true), 60_000, 200);
  });

  it('a function made through CreateFunction: cold, invoked (a warm container beneath it), its invocation logged, evicted', async () => {
    const dir = codeFolder('exports.handler = async (e) => { console.log("hello", JSON.stringify(e)); return { echo: e }; };\n');
    await c.request('aws/createFunction', {
      server: server.endpoint,
      name: n('fn'),
      runtime: 'nodejs20.x',
      handler: 'index.handler',
      codePath: dir,
    });
    const cold = await awsOf(n('fn'), (x) => x.status === 'cold' && x.containers.length === 0);
    const out = await c.request('aws/invoke', { id: cold.id, payload: '{"n":1}' }, 120_000);
    assert.equal(out.statusCode, 200, out.body);
    assert.deepEqual(JSON.parse(out.body), { echo: { n: 1 } });
    const warm = await awsOf(n('fn'), (x) => x.status === 'warm' && x.containers.length === 1);
    const ctr = await containerOf((r) => r.id === warm.containers[0], 'the warm container in the model');
    assert.equal(ctr.aws?.id, warm.id);
    // fakecloud 0.51 logs what its event sources deliver, not a direct Invoke: the one sent from here is added.
    const { invocations } = await c.request('aws/invocations', { server: server.endpoint, functionName: n('fn') });
    assert.deepEqual(
      invocations.map((i) => [i.payload, i.source]),
      [['{"n":1}', 'fakecloud-explorer']],
    );
    await c.request('aws/act', { id: warm.id, action: 'evict' });
    await awsOf(n('fn'), (x) => x.status === 'cold' && x.containers.length === 0);
  });

  it('a warm pool of three is one function with its three containers beneath it', async () => {
    const dir = codeFolder('exports.handler = async () => { await new Promise((r) => setTimeout(r, 2000)); return 1; };\n');
    await c.request('aws/createFunction', {
      server: server.endpoint,
      name: n('pool'),
      runtime: 'nodejs20.x',
      handler: 'index.handler',
      codePath: dir,
    });
    const fn = await awsOf(n('pool'), (x) => x.status === 'cold');
    await Promise.all([1, 2, 3].map((i) => c.request('aws/invoke', { id: fn.id, payload: `{"i":${i}}` }, 120_000)));
    const pool = await awsOf(n('pool'), (x) => x.containers.length === 3);
    assert.equal(pool.status, '3 warm');
    assert.equal(c.snapshot?.aws?.filter((x) => x.awsId === n('pool')).length, 1, 'one function, not one per container');
    await c.request('aws/act', { id: pool.id, action: 'evict' });
    await awsOf(n('pool'), (x) => x.status === 'cold' && x.containers.length === 0);
  });

  it('EC2: an instance launched through RunInstances, stopped and started as the server does, terminated', async () => {
    const made = await c.request('aws/runInstance', { server: server.endpoint, imageId: 'ami-12345678', name: n('web') }, 120_000);
    const inst = await awsOf(made.instanceId, (x) => x.status === 'running' && x.containers.length >= 1, 120_000);
    assert.equal(inst.displayName, n('web'));
    const ctr = await containerOf((r) => r.aws?.id === inst.id && r.kind === 'instance', 'the instance’s container tied');
    await c.request('instance/stop', { resourceId: ctr.id }, 120_000);
    await awsOf(made.instanceId, (x) => x.status === 'stopped', 120_000);
    await containerOf((r) => r.id === ctr.id && r.state !== 'running' && r.aws?.expectsRunning === false, 'stopped, not expected to run');
    const from = reports.length;
    await waitFor('three passes', () => (reports.length >= from + 3 ? true : undefined), 20_000, 100);
    assert.deepEqual(driftFor(made.instanceId), [], 'a stopped instance is no drift, and never started by us');
    await c.request('instance/start', { resourceId: ctr.id }, 120_000);
    await awsOf(made.instanceId, (x) => x.status === 'running', 120_000);
    await c.request('instance/terminate', { resourceId: ctr.id }, 120_000);
    await awsOf(made.instanceId, (x) => x.status === 'terminated', 120_000);
  });

  it('RDS is listed without an error', async () => {
    await c.request('servers/check', {});
    const s = c.snapshot?.servers?.find((x) => x.endpoint === server.endpoint);
    assert.ok(!(s?.listingErrors ?? []).some((e) => e.service === 'rds'), JSON.stringify(s?.listingErrors));
  });

  it("a stack's on: server items are made through the server's API, and taken down through it", async () => {
    const dir = codeFolder('exports.handler = async () => "from the stack";\n');
    const file = writeServerStack(dir, server.endpoint, n('stk'), n('stkfn'));
    const applied = await applyStack(c, file, false, 180_000);
    assert.deepEqual(
      applied.outcomes.map((o) => [o.kind, o.result]),
      [
        ['cache', 'done'],
        ['function', 'done'],
      ],
      applied.text,
    );
    await awsOf(n('stk'), (x) => x.status === 'available');
    const fn = await awsOf(n('stkfn'));
    assert.equal(JSON.parse((await c.request('aws/invoke', { id: fn.id, payload: '{}' }, 120_000)).body), 'from the stack');
    const down = await c.request('stack/down', { file, removeData: false }, 120_000);
    assert.deepEqual(
      down.outcomes.map((o) => o.result),
      ['done', 'done'],
      down.text,
    );
    await waitFor(
      'gone from the server',
      () => (c.snapshot?.aws?.some((x) => x.awsId.startsWith(n('stk'))) ? undefined : true),
      60_000,
      200,
    );
  });

  it('the reconciler reported no drift for the server’s resources through their whole normal life', () => {
    assert.ok(reports.length > 10, `${reports.length} passes`);
    for (const name of [n('red'), n('mc'), n('rg'), n('fn'), n('pool'), n('stk')]) assert.deepEqual(driftFor(name), [], name);
  });

  it('Reset Service wipes one service on the server, and leaves the others', async () => {
    await c.request('aws/reset', { server: server.endpoint, service: 'lambda' });
    await waitFor('no functions', () => (c.snapshot?.aws?.some((a) => a.type === 'function') ? undefined : true), 30_000, 200);
    assert.ok(
      c.snapshot?.aws?.some((a) => a.awsId === n('mc')),
      'the memcached cluster is still there',
    );
  });

  it('nothing of ours was made on the server’s engine, and only 127.0.0.1 was published', async () => {
    const list = await engine.client().listContainers({ all: true });
    for (const ctr of list) {
      for (const p of ctr.Ports) if (p.PublicPort) assert.equal(p.IP, '127.0.0.1', JSON.stringify(ctr.Ports));
      assert.ok(ctr.Labels['fakecloud-instance']?.startsWith('fakecloud-'), `${ctr.Names[0]} is the server's`);
    }
  });
});
