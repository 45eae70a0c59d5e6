// A fakecloud server's own view through the bundled service: its resources as its AWS API lists them (the stand-in
// speaks query/XML and REST-JSON, with real containers made as the server makes them), tied to their containers;
// actions through its API; drift from its own state; making resources on it; its errors; it going away.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ServiceClient } from '../../src/client/serviceClient';
import type { AwsResource } from '../../src/protocol/aws';
import type { DashboardSample } from '../../src/protocol/dashboard';
import type { Resource } from '../../src/protocol/model';
import type { ReconcileReport } from '../../src/protocol/reconcile';
import { createSdkServerApi } from '../../src/service/fakecloud/aws/awsSdkApi';
import { zipFolder } from '../../src/service/fakecloud/zipCode';
import { listCode } from '../../src/service/runtime/functions/codeArchive';
import { createFakecloudContainer, docker, IMAGES, RUN, removeTestContainers, requireDocker, waitFor } from '../support/docker';
import { FakecloudAws } from '../support/fakecloudAws';
import { FakecloudStandIn } from '../support/fakecloudStandIn';
import { applyStack, cleanupLocation, connectedClient, requireBundle, tempLocation, writeServerStack } from '../support/service';

const lower = RUN.toLowerCase();
const n = (s: string) => `${s}-${lower}`.slice(0, 40);

function codeFolder(body: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-code-'));
  fs.writeFileSync(path.join(dir, 'index.js'), body);
  return dir;
}

describe('a fakecloud server’s resources, through its AWS API (stand-in, real containers, bundled service)', function () {
  this.timeout(120_000);
  const location = tempLocation('aws');
  const aws = new FakecloudAws({ unknownFields: true });
  const standIn = new FakecloudStandIn(0, aws);
  let c: ServiceClient;
  const reports: ReconcileReport[] = [];
  const awsOf = (awsId: string, pred: (a: AwsResource) => boolean = () => true, ms = 10_000) =>
    waitFor(`${awsId} listed`, () => c.snapshot?.aws?.find((a) => a.awsId === awsId && pred(a)), ms);
  const containerOf = (pred: (r: Resource) => boolean, what: string, ms = 10_000) =>
    waitFor(what, () => c.snapshot?.resources.find(pred), ms);

  before(async function () {
    await requireDocker(this);
    requireBundle();
    await standIn.start();
    await aws.createReplicationGroup(n('rg'), 2);
    await aws.createCluster(n('solo'));
    const fn = await listCode(
      codeFolder('exports.handler = async (e) => { console.log("hello", JSON.stringify(e)); return { ok: e }; };\n'),
    );
    await aws.createFunction(n('cold'), 'nodejs20.x', 'index.handler', await zipFolder(fn.entries));
    aws.dbs.set('users-db', {
      id: 'users-db',
      engine: 'postgres',
      engineVersion: '16.3',
      instanceClass: 'db.t3.micro',
      status: 'available',
      port: 5432,
    });
    aws.serverless.set('sl', { name: 'sl', status: 'available', engine: 'valkey' });
    c = await connectedClient(location, {
      servers: [standIn.endpoint],
      fallbackPollSeconds: 5,
      reconcile: { intervalSeconds: 1, repairFakecloudResources: true },
    });
    c.on('reconcile/report', (r) => reports.push(r));
    c.setViewVisible(true);
  });

  after(async () => {
    c?.dispose();
    await aws.close().catch(() => undefined);
    await standIn.stop();
    await cleanupLocation(location);
    await removeTestContainers();
  });

  it('lists its resources by AWS resource: clusters tied to containers, a replication group with members, a cold function, RDS, serverless', async () => {
    // As fakecloud 0.51 runs one: a single container labelled with the group's id, its members named only.
    const group = await awsOf(n('rg'), (a) => a.containers.length === 1);
    assert.equal(group.type, 'replication-group');
    assert.equal(group.memberCount, 2);
    assert.deepEqual(group.endpoint, { host: '127.0.0.1', port: aws.groups.get(n('rg'))!.port });
    const groupCtr = await containerOf((r) => r.aws?.id === group.id, 'the group’s container tied to it');
    assert.equal(groupCtr.aws?.expectsRunning, true);
    const solo = await awsOf(n('solo'), (a) => a.status === 'available' && a.containers.length === 1);
    assert.equal(solo.engine, 'redis 7.1');
    assert.deepEqual(solo.endpoint, { host: '127.0.0.1', port: aws.clusters.get(n('solo'))!.port });
    assert.equal(solo.arn, `arn:aws:elasticache:us-east-1:123456789012:cluster:${n('solo')}`);
    assert.equal(solo.account, '123456789012');
    assert.ok(solo.details.some(([k, v]) => k === 'Node type' && v === 'cache.t3.micro'));
    // Its container carries the tie: every container action still works on it, and acts through the server.
    const ctr = await containerOf((r) => r.aws?.id === solo.id, 'the cluster’s container tied');
    assert.equal(ctr.containerId, aws.clusters.get(n('solo'))!.containerId);
    assert.equal(ctr.aws?.expectsRunning, true);
    const cold = await awsOf(n('cold'));
    assert.deepEqual([cold.type, cold.status, cold.engine, cold.containers], ['function', 'cold', 'nodejs20.x', []]);
    assert.ok(cold.details.some(([k, v]) => k === 'Handler' && v === 'index.handler'));
    assert.deepEqual((await awsOf('users-db')).engine, 'postgres 16.3');
    assert.equal((await awsOf('sl')).type, 'serverless-cache');
    const s = c.snapshot?.servers?.find((x) => x.endpoint === standIn.endpoint);
    assert.equal(c.snapshot?.servers?.length, 1, 'the configured server alone: the default one is not shown');
    assert.equal(s?.listed, true);
    assert.equal(s?.listingErrors, undefined, JSON.stringify(s?.listingErrors));
  });

  it('a server that changes nothing changes nothing in the model while it is listed again and again', async () => {
    await awsOf(n('solo'), (a) => a.status === 'available' && a.containers.length === 1);
    await new Promise((r) => setTimeout(r, 2_000));
    // What the listing decides: the AWS resources, the servers, and each container's tie (Docker's own status
    // text, "Up 4 seconds", changes with time and is the engine's, not the listing's).
    const view = () =>
      JSON.stringify({
        aws: c.snapshot?.aws,
        servers: c.snapshot?.servers,
        ties: c.snapshot?.resources.map((r) => [r.id, r.aws, r.stray]),
      });
    const listings = (await c.request('service/status', {})).serverListings;
    const before = view();
    let changes = 0;
    let last = before;
    const off = c.onModel.on(() => {
      const now = view();
      if (now !== last) changes++;
      last = now;
    });
    await new Promise((r) => setTimeout(r, 4_000));
    off.dispose();
    assert.ok((await c.request('service/status', {})).serverListings >= listings + 2, 'listed meanwhile');
    assert.equal(changes, 0, 'the listing changed nothing: the tree is not redrawn for it');
    assert.equal(view(), before);
  });

  it('a container with the server’s labels but no AWS resource is a stray', async () => {
    await createFakecloudContainer({
      labels: { 'fakecloud-elasticache': n('ghost') },
      image: IMAGES.busybox,
      cmd: ['tail', '-f', '/dev/null'],
      serverPid: process.pid,
    });
    const ghost = await containerOf((r) => r.name === n('ghost') && r.stray !== undefined, 'the stray marked');
    assert.equal(ghost.stray, standIn.endpoint);
    assert.equal(ghost.aws, undefined);
  });

  it('invokes a cold function through the server: a warm container appears under it, the invocation is in its log; Evict drops it', async () => {
    const cold = await awsOf(n('cold'));
    const out = await c.request('aws/invoke', { id: cold.id, payload: '{"n":1}' });
    assert.equal(out.statusCode, 200);
    assert.deepEqual(JSON.parse(out.body), { ok: { n: 1 } });
    assert.ok(
      out.logs.some((l) => l.includes('hello {"n":1}')),
      out.logs.join('\n'),
    );
    const warm = await awsOf(n('cold'), (a) => a.status === 'warm' && a.containers.length === 1);
    const ctr = await containerOf((r) => r.id === warm.containers[0], 'the warm container in the model');
    assert.equal(ctr.aws?.type, 'function');
    assert.equal(ctr.aws?.expectsRunning, false, 'a warm container is the server’s to keep or drop');
    // Invoke on the warm container itself goes through the server too (its log grows).
    await c.request('function/invoke', { resourceId: ctr.id, payload: '{"n":2}' });
    aws.logDelivery(n('cold'), '{"Records":[]}', 'sqs');
    const { invocations } = await c.request('aws/invocations', { server: standIn.endpoint, functionName: n('cold') });
    // The server logs only what its event sources deliver (as fakecloud 0.51): the two invokes sent from here are added.
    assert.deepEqual(
      invocations.map((i) => [i.payload, i.source]),
      [
        ['{"n":1}', 'fakecloud-explorer'],
        ['{"n":2}', 'fakecloud-explorer'],
        ['{"Records":[]}', 'sqs'],
      ],
    );
    // Stopping its warm container would act behind the server’s back: refused, with the server’s way.
    await assert.rejects(c.request('function/stop', { resourceId: ctr.id }), /use Evict Warm Container/);
    const ev = await c.request('aws/act', { id: warm.id, action: 'evict' });
    assert.match(ev.message, /warm container evicted/);
    await awsOf(n('cold'), (a) => a.status === 'cold' && a.containers.length === 0);
    await waitFor('the warm container gone', async () =>
      (await docker
        .getContainer(ctr.containerId)
        .inspect()
        .catch(() => undefined))
        ? undefined
        : true,
    );
  });

  it('a warm pool is one function with its containers beneath, each tied to it, none a function of its own', async () => {
    const code = await listCode(
      codeFolder('exports.handler = async () => { await new Promise((r) => setTimeout(r, 1500)); return 1; };\n'),
    );
    await aws.createFunction(n('pool'), 'nodejs20.x', 'index.handler', await zipFolder(code.entries));
    const fn = await awsOf(n('pool'), (a) => a.status === 'cold');
    // Three at once: each finds the others' containers busy, so the server starts one for each.
    await Promise.all([1, 2, 3].map((i) => c.request('aws/invoke', { id: fn.id, payload: `{"i":${i}}` })));
    const pool = await awsOf(n('pool'), (a) => a.status === '3 warm' && a.containers.length === 3);
    const tied = await waitFor('three containers tied to the one function', () => {
      const rs = c.snapshot?.resources.filter((r) => pool.containers.includes(r.id)) ?? [];
      return rs.length === 3 && rs.every((r) => r.aws?.id === pool.id) ? rs : undefined;
    });
    assert.equal(new Set(tied.map((r) => r.containerId)).size, 3);
    assert.equal(c.snapshot?.aws?.filter((a) => a.awsId === n('pool')).length, 1, 'one function, not one per container');
    await c.request('aws/act', { id: pool.id, action: 'evict' });
    await awsOf(n('pool'), (a) => a.status === 'cold' && a.containers.length === 0);
  });

  it("a cold function's dashboard counts its invocations from the server's invocation log", async () => {
    const cold = await awsOf(n('cold'), (a) => a.status === 'cold');
    const got: DashboardSample[] = [];
    const sub = c.on('dashboard/sample', (s) => s.key === cold.id && got.push(s));
    try {
      const { snapshot } = await c.request('dashboard/watch', { target: { resourceId: cold.id }, watch: true });
      assert.match(snapshot?.sources[0] ?? '', /invocation log/);
      await waitFor('a first round', () => (got.length > 0 ? true : undefined), 10_000);
      await c.request('aws/invoke', { id: cold.id, payload: '{"n":3}' });
      await c.request('aws/invoke', { id: cold.id, payload: '{"n":4}' });
      const sum = () => got.reduce((a, s) => a + (s.values['fn.serverInvocations'] ?? 0), 0);
      await waitFor('two invocations counted', () => (sum() === 2 ? true : undefined), 10_000);
      await c.request('dashboard/watch', { target: { resourceId: cold.id }, watch: false });
    } finally {
      sub.dispose();
    }
  });

  it('reboots and deletes a cluster through the server: its API is asked, its listing loses the cluster, its container goes', async () => {
    const solo = await awsOf(n('solo'), (a) => a.containers.length === 1);
    const ctr = await containerOf((r) => r.aws?.id === solo.id, 'tied container');
    const before = aws.actions.length;
    const rebooted = await c.request('cache/reboot', { resourceId: ctr.id });
    assert.ok(rebooted.waitedMs >= 0);
    assert.ok(aws.actions.slice(before).includes('elasticache:RebootCacheCluster'), aws.actions.slice(before).join(','));
    await c.request('cache/delete', { resourceId: ctr.id });
    assert.ok(aws.actions.includes('elasticache:DeleteCacheCluster'));
    const api = createSdkServerApi({ endpoint: standIn.endpoint, region: 'us-east-1', requestTimeoutMs: 5_000, invokeTimeoutMs: 5_000 });
    try {
      assert.ok(!(await api.listCacheClusters()).some((x) => x.id === n('solo')), 'the server no longer describes it');
    } finally {
      api.close();
    }
    await waitFor('gone from the model', () => (c.snapshot?.aws?.some((a) => a.awsId === n('solo')) ? undefined : true));
    await waitFor('its container gone', () => (c.snapshot?.resources.some((r) => r.id === ctr.id) ? undefined : true));
  });

  it('shows an AWS error with its code and message, and changes nothing', async () => {
    const group = await awsOf(n('rg'), (a) => a.containers.length === 1);
    aws.failNext.set('elasticache:DeleteReplicationGroup', {
      code: 'InvalidReplicationGroupState',
      message: `Replication group ${n('rg')} is not in available state.`,
    });
    await assert.rejects(
      c.request('aws/act', { id: group.id, action: 'delete' }),
      /the fakecloud server answered InvalidReplicationGroupState: Replication group .* is not in available state/,
    );
    assert.ok(aws.groups.has(n('rg')));
    // Reboot is a cluster's: a group's container is not rebooted behind the server's back either.
    await assert.rejects(c.request('cache/reboot', { resourceId: group.containers[0] }), /a replication group cannot be told to reboot/);
    await c.request('cache/delete', { resourceId: group.containers[0] });
    await waitFor('the group and its container gone', () =>
      c.snapshot?.aws?.some((a) => a.awsId.startsWith(n('rg'))) || c.snapshot?.resources.some((r) => r.id === group.containers[0])
        ? undefined
        : true,
    );
  });

  it('a server’s stopped instance is not drift and is never started by us; a container stopped behind its back is', async () => {
    const made = await c.request('aws/runInstance', { server: standIn.endpoint, imageId: 'ami-test', name: n('web'), userData: 'echo hi' });
    const inst = await awsOf(made.instanceId, (a) => a.status === 'running' && a.containers.length === 1);
    assert.equal(inst.displayName, n('web'));
    // The sidecar may be made (and grouped) a moment after the instance's own container.
    const ctr = await containerOf(
      (r) => r.aws?.id === inst.id && (r.helpers?.some((h) => h.role === 'metadata') ?? false),
      'the instance’s container tied, its metadata sidecar grouped with it',
    );
    await c.request('instance/stop', { resourceId: ctr.id });
    assert.ok(aws.actions.includes('ec2:StopInstances'));
    await awsOf(made.instanceId, (a) => a.status === 'stopped');
    const stopped = await containerOf(
      (r) => r.id === ctr.id && r.state === 'exited' && r.aws?.expectsRunning === false,
      'stopped, not expected to run',
    );
    assert.equal(stopped.helpers?.length ?? 0, 0, 'the sidecar went with the stop');
    // Passes go by: no drift for it, and it stays stopped even with repairs of the server's resources on.
    const from = reports.length;
    await waitFor('three passes', () => (reports.length >= from + 3 ? true : undefined), 10_000);
    assert.ok(!reports.slice(from).some((r) => r.entries.some((e) => e.name === made.instanceId)), 'no entry for a stopped instance');
    assert.equal((await docker.getContainer(ctr.containerId).inspect()).State.Running, false);
    await c.request('instance/start', { resourceId: ctr.id });
    await awsOf(made.instanceId, (a) => a.status === 'running');
    await c.request('instance/terminate', { resourceId: ctr.id });
    await awsOf(made.instanceId, (a) => a.status === 'terminated' && a.containers.length === 0);
  });

  it('a cluster’s container sitting created while the server makes it is neither drift nor started by us', async () => {
    aws.makingMs = 4_000;
    try {
      const from = reports.length;
      const made = await aws.createCluster(n('making'));
      const ctr = await containerOf((r) => r.containerId === made.containerId, 'its container, created');
      assert.equal(ctr.state, 'created');
      await waitFor('two passes while it is made', () => (reports.length >= from + 2 ? true : undefined), 10_000);
      assert.equal((await docker.getContainer(ctr.containerId).inspect()).State.Status, 'created', 'left to the server to start');
      assert.ok(!reports.slice(from).some((r) => r.entries.some((e) => e.name === n('making'))), 'no drift while it is made');
      await awsOf(n('making'), (a) => a.status === 'available' && a.containers.length === 1, 10_000);
    } finally {
      aws.makingMs = 300;
    }
  });

  it('makes a cache cluster on the server and waits for it to be available; refuses Update Image on it', async () => {
    const made = await c.request('aws/createCache', { server: standIn.endpoint, id: n('made'), engine: 'redis' });
    assert.equal(made.status, 'available');
    const a = await awsOf(n('made'), (x) => x.containers.length === 1);
    const ctr = await containerOf((r) => r.aws?.id === a.id && r.state === 'running', 'its container running');
    assert.equal(ctr.labels['fakecloud-elasticache-resource'], aws.clusters.get(n('made'))!.incarnation);
    await assert.rejects(c.request('resource/update', { resourceId: ctr.id }), /the server tracks its container by id/);
    // Stopped behind the server's back while it says "available": drift, and repaired as asked.
    await docker.getContainer(ctr.containerId).stop({ t: 1 });
    await waitFor(
      'drift or a restart reported',
      () =>
        reports.some((r) => r.entries.some((e) => e.name === n('made') && (e.action === 'restarted' || e.action === 'drift'))) || undefined,
      10_000,
    );
    await assert.rejects(
      c.request('aws/createCache', { server: standIn.endpoint, id: n('made'), engine: 'redis' }),
      /CacheClusterAlreadyExists/,
    );
  });

  it('deploys a function on the server from a folder, zipped as Lambda takes it', async () => {
    const dir = codeFolder('exports.handler = async () => "made here";\n');
    const out = await c.request('aws/createFunction', {
      server: standIn.endpoint,
      name: n('deployed'),
      runtime: 'nodejs20.x',
      handler: 'index.handler',
      codePath: dir,
    });
    assert.equal(out.files, 1);
    const f = await awsOf(n('deployed'));
    const res = await c.request('aws/invoke', { id: f.id, payload: '' });
    assert.equal(JSON.parse(res.body), 'made here');
    await c.request('aws/act', { id: f.id, action: 'delete' });
    await waitFor('gone', () => (c.snapshot?.aws?.some((a) => a.awsId === n('deployed')) ? undefined : true));
  });

  it('a service that fails to list says so with its code; the others still show', async () => {
    aws.failNext.set('lambda:ListFunctions', { code: 'ServiceException', message: 'lambda is down', status: 500 });
    await waitFor(
      'the error shown',
      () =>
        c.snapshot?.servers?.[0]?.listingErrors?.some((e) => e.service === 'lambda' && /ServiceException: lambda is down/.test(e.error)) ||
        undefined,
    );
    assert.ok(
      c.snapshot?.aws?.some((a) => a.type === 'db-instance'),
      'RDS still listed',
    );
    await waitFor('the error cleared on the next listing', () => (c.snapshot?.servers?.[0]?.listingErrors ? undefined : true));
  });

  it('lists nothing while every view is hidden; shows a function made through the SDK within 2 s while visible', async () => {
    c.setViewVisible(false);
    await new Promise((r) => setTimeout(r, 300));
    const quiet = (await c.request('service/status', {})).serverListings;
    const asked = standIn.requests.length;
    await new Promise((r) => setTimeout(r, 4_000));
    assert.equal((await c.request('service/status', {})).serverListings, quiet, 'no listing while hidden');
    assert.equal(standIn.requests.length, asked, 'not one request to the server while hidden');
    c.setViewVisible(true);
    const api = createSdkServerApi({ endpoint: standIn.endpoint, region: 'us-east-1', requestTimeoutMs: 5_000, invokeTimeoutMs: 5_000 });
    try {
      await new Promise((r) => setTimeout(r, 500));
      const dir = codeFolder('exports.handler = async () => 1;\n');
      const t0 = Date.now();
      await api.createFunction({
        name: n('sdk'),
        runtime: 'nodejs20.x',
        handler: 'index.handler',
        zip: await zipFolder((await listCode(dir)).entries),
      });
      await awsOf(n('sdk'), () => true, 2_000);
      assert.ok(Date.now() - t0 <= 2_000);
    } finally {
      api.close();
    }
  });

  it("a stack's on: server items are made through the server's API, kept on a second Apply, and taken down through it", async () => {
    const dir = codeFolder('exports.handler = async () => "from the stack";\n');
    const file = writeServerStack(dir, `${standIn.endpoint}/`, n('stk'), n('stkfn'));
    const applied = await applyStack(c, file, false, 120_000);
    assert.deepEqual(
      applied.outcomes.map((o) => [o.kind, o.result]),
      [
        ['cache', 'done'],
        ['function', 'done'],
      ],
      applied.text,
    );
    assert.ok(aws.actions.includes('elasticache:CreateCacheCluster') && aws.actions.includes('lambda:CreateFunction'));
    await awsOf(n('stk'), (a) => a.status === 'available');
    const fn = await awsOf(n('stkfn'));
    assert.equal(JSON.parse((await c.request('aws/invoke', { id: fn.id, payload: '{}' })).body), 'from the stack');
    const again = await c.request('stack/plan', { file });
    assert.deepEqual(
      again.plan?.steps.map((st) => st.action),
      ['keep', 'keep'],
    );
    // Exported from what the server's API lists: as on: server items, a function's code folder said to be the user's.
    const exported = await c.request('stack/export', { folder: dir });
    assert.match(exported.text, new RegExp(`${n('stk')}:\\n\\s+engine: redis\\n\\s+on: server`));
    assert.match(exported.text, new RegExp(`# code: the folder holding ${n('stkfn')}’s code[^\\n]*\\n\\s+${n('stkfn')}:`));
    assert.match(exported.text, new RegExp(`^server: ${standIn.endpoint}$`, 'm'));
    const members = await c.request('stack/members', { file });
    assert.deepEqual(
      members.steps.map((st) => [st.kind, st.awsId]),
      [
        ['cache', n('stk')],
        ['function', n('stkfn')],
      ],
    );
    const down = await c.request('stack/down', { file, removeData: false }, 60_000);
    assert.deepEqual(
      down.outcomes.map((o) => o.result),
      ['done', 'done'],
      down.text,
    );
    assert.ok(aws.actions.includes('elasticache:DeleteCacheCluster') && aws.actions.includes('lambda:DeleteFunction'));
    assert.ok(!aws.clusters.has(n('stk')) && !aws.functions.has(n('stkfn')), "gone from the server's own state");
    assert.equal((await c.request('stack/members', { file })).steps.length, 0, 'the journal forgets them');
  });

  it('Reset Service wipes one service on the server', async () => {
    await c.request('aws/reset', { server: standIn.endpoint, service: 'lambda' });
    await waitFor('no functions', () => (c.snapshot?.aws?.some((a) => a.type === 'function') ? undefined : true));
    assert.ok(
      c.snapshot?.aws?.some((a) => a.type === 'db-instance'),
      'RDS untouched',
    );
  });

  it('a server that goes away: unreachable, its AWS resources gone from the model, its containers untied', async () => {
    await standIn.stop();
    const { servers } = await c.request('servers/check', {});
    assert.equal(servers[0].state, 'unreachable');
    await waitFor('no AWS resources', () => (c.snapshot?.aws?.length ? undefined : true));
    await waitFor('containers untied', () => (c.snapshot?.resources.some((r) => r.aws || r.stray) ? undefined : true));
    await standIn.start();
    await c.request('servers/check', {});
    await awsOf('users-db');
  });
});
