// The service's AWS half (the real AWS SDK clients, as bundled) against the fakecloud stand-in speaking the AWS wire
// protocols: query/XML for ElastiCache, EC2 and RDS, REST-JSON for Lambda; answers full of fields no client knows;
// AWS errors with their codes; a server that goes away mid-call.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createSdkServerApi } from '../../src/service/fakecloud/aws/awsSdkApi';
import { AwsApiError, type ServerApi } from '../../src/service/fakecloud/serverApi';
import { zipFolder } from '../../src/service/fakecloud/zipCode';
import { listCode } from '../../src/service/runtime/functions/codeArchive';
import { docker, removeTestContainers, requireDocker, waitFor } from '../support/docker';
import { FakecloudAws } from '../support/fakecloudAws';
import { FakecloudStandIn } from '../support/fakecloudStandIn';

describe('a fakecloud server’s AWS API through the AWS SDK (stand-in with real containers)', function () {
  this.timeout(90_000);
  const aws = new FakecloudAws({ unknownFields: true, pageSize: 2 });
  const standIn = new FakecloudStandIn(0, aws);
  let api: ServerApi;

  before(async function () {
    await requireDocker(this);
    await standIn.start();
    api = createSdkServerApi({ endpoint: standIn.endpoint, region: 'us-east-1', requestTimeoutMs: 5_000, invokeTimeoutMs: 30_000 });
  });

  after(async () => {
    api?.close();
    await aws.close().catch(() => undefined);
    await standIn.stop();
    await removeTestContainers();
  });

  it('lists clusters, replication groups, instances and DB instances over query/XML, page by page, ignoring unknown fields', async () => {
    await aws.createReplicationGroup('orders', 2);
    await aws.createCluster('sessions', 'valkey');
    await aws.createCluster('carts');
    await aws.createCluster('tokens');
    aws.dbs.set('users-db', {
      id: 'users-db',
      engine: 'postgres',
      engineVersion: '16.3',
      instanceClass: 'db.t3.micro',
      status: 'available',
      port: 5432,
    });
    const clusters = await api.listCacheClusters();
    // Three clusters at two a page: the Marker was followed. A group's members are not described (as fakecloud 0.51).
    assert.deepEqual(clusters.map((c) => c.id).sort(), ['carts', 'sessions', 'tokens']);
    const sessions = clusters.find((c) => c.id === 'sessions')!;
    assert.equal(sessions.engine, 'valkey');
    assert.equal(sessions.endpoint?.host, '127.0.0.1');
    assert.equal(sessions.endpoint?.port, aws.clusters.get('sessions')!.port);
    assert.equal(sessions.arn, 'arn:aws:elasticache:us-east-1:123456789012:cluster:sessions');
    const groups = await api.listReplicationGroups();
    assert.deepEqual(
      groups.map((g) => [g.id, g.members]),
      [['orders', ['orders-001', 'orders-002']]],
    );
    assert.deepEqual(groups[0].endpoint, { host: '127.0.0.1', port: aws.groups.get('orders')!.port });
    const dbs = await api.listDbInstances();
    assert.deepEqual(
      dbs.map((d) => [d.id, d.engine, d.endpoint?.port]),
      [['users-db', 'postgres', 5432]],
    );
    assert.ok(aws.actions.filter((a) => a === 'elasticache:DescribeCacheClusters').length >= 2, 'paged');
  });

  it('creates a function from a folder zipped as Lambda takes it, lists it, invokes it cold with the log tail, deletes it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-fn-'));
    fs.writeFileSync(
      path.join(dir, 'index.js'),
      'exports.handler = async (e) => { console.log("got", JSON.stringify(e)); return { echo: e }; };\n',
    );
    fs.mkdirSync(path.join(dir, 'lib'));
    fs.writeFileSync(path.join(dir, 'lib', 'x.txt'), 'x');
    const { entries } = await listCode(dir);
    const made = await api.createFunction({ name: 'echo', runtime: 'nodejs20.x', handler: 'index.handler', zip: await zipFolder(entries) });
    assert.equal(made.name, 'echo');
    // The server unzipped what it got: the folder's files, as they were.
    const unzipped = aws.functions.get('echo')!.codeDir!;
    assert.equal(fs.readFileSync(path.join(unzipped, 'lib', 'x.txt'), 'utf8'), 'x');
    const fns = await api.listFunctions();
    assert.deepEqual(
      fns.map((f) => [f.name, f.runtime, f.handler]),
      [['echo', 'nodejs20.x', 'index.handler']],
    );
    const out = await api.invoke('echo', '{"a":1}');
    assert.equal(out.statusCode, 200);
    assert.deepEqual(JSON.parse(out.payload), { echo: { a: 1 } });
    assert.match(out.logTail ?? '', /got \{"a":1\}/);
    assert.equal(aws.functions.get('echo')!.warm.length, 1, 'a cold invoke starts a warm container');
    await api.deleteFunction('echo');
    assert.equal((await api.listFunctions()).length, 0);
  });

  it('runs, stops, starts and terminates an instance; a stopped one keeps its container, exited, its sidecar gone', async () => {
    const i = await api.runInstance({ imageId: 'ami-test', userData: 'echo hi > /tmp/hi', name: 'web' });
    assert.equal(i.tags.Name, 'web');
    const listed = await api.listInstances();
    assert.deepEqual(
      listed.map((x) => [x.id, x.state, x.privateIp]),
      [[i.id, 'running', '10.0.0.12']],
    );
    await api.stopInstance(i.id);
    const st = await docker.getContainer(aws.instances.get(i.id)!.containerId!).inspect();
    assert.equal(st.State.Status, 'exited');
    assert.equal(aws.instances.get(i.id)!.sidecarId, undefined);
    await api.startInstance(i.id);
    assert.equal((await api.listInstances())[0].state, 'running');
    await api.terminateInstance(i.id);
    assert.equal((await api.listInstances())[0].state, 'terminated');
  });

  it('keeps an AWS error’s code and message', async () => {
    await assert.rejects(api.deleteCacheCluster('nope'), (e: unknown) => {
      assert.ok(e instanceof AwsApiError);
      assert.equal(e.code, 'CacheClusterNotFound');
      assert.match(e.message, /CacheClusterNotFound: CacheCluster nope not found/);
      return true;
    });
    await assert.rejects(api.deleteFunction('nope'), /ResourceNotFoundException: Function not found/);
    await assert.rejects(api.stopInstance('i-nope'), /InvalidInstanceID.NotFound: The instance ID 'i-nope' does not exist/);
    aws.failNext.set('lambda:ListFunctions', { code: 'ServiceException', message: 'the server broke', status: 500 });
    await assert.rejects(api.listFunctions(), /ServiceException: the server broke/);
  });

  it('a server without the AWS APIs (only its health route) is said so plainly', async () => {
    const bare = new FakecloudStandIn();
    await bare.start();
    const other = createSdkServerApi({ endpoint: bare.endpoint, region: 'us-east-1', requestTimeoutMs: 5_000, invokeTimeoutMs: 5_000 });
    try {
      await assert.rejects(other.listCacheClusters(), /^Error: DescribeCacheClusters: HTTP 404, not an AWS API answer/);
      await assert.rejects(other.listFunctions(), /^Error: ListFunctions: HTTP 404, not an AWS API answer/);
    } finally {
      other.close();
      await bare.stop();
    }
  });

  it('a server that goes away mid-call fails the call with a clear error within its deadline', async () => {
    standIn.delayMs = 10_000;
    const started = Date.now();
    const pending = api.listCacheClusters();
    await waitFor('the request to arrive', () => standIn.requests.length > 0 || undefined);
    await standIn.stop();
    await assert.rejects(pending, /DescribeCacheClusters: /);
    assert.ok(Date.now() - started < 6_000, 'within the 5 s deadline');
    standIn.delayMs = 0;
    await standIn.start();
  });
});
