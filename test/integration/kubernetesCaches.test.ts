// A fakecloud server's Redis Pod on Kubernetes, through the bundled service and
// the API stand-in (its kubelet runs the Pod on the real Docker engine): Run Redis
// Command over exec into the "cache" container, redis-cli on a TTY, Port Forward to
// reach it from this machine (and stop it), and Delete; what is not there yet for
// Pods says so instead of failing on Docker.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import type { ServiceClient } from '../../src/client/serviceClient';
import type { DashboardSample } from '../../src/protocol/dashboard';
import type { Resource } from '../../src/protocol/model';
import { IMAGES, RUN, docker, importEmptyImage, requireDocker, waitFor } from '../support/docker';
import { kubernetesConnected, startStandInCluster, type StandInCluster } from '../support/kube/cluster';
import { actLikeATerminal } from '../support/terminal';
import { cleanupLocation, client, requireBundle, tempLocation } from '../support/service';
import { redisPing } from '../support/redisPing';

describe('a fakecloud cache Pod on Kubernetes (the API stand-in, the Pod on the real Docker engine)', function () {
  this.timeout(90_000);
  const location = tempLocation('k8s-caches');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-k8s-cache-'));
  let cluster: StandInCluster;
  let c: ServiceClient;
  const podName = `fakecloud-ec-orders-${RUN.toLowerCase()}`.slice(0, 63);
  const cache = (pred: (r: Resource) => boolean = (r) => r.state === 'running') =>
    waitFor('the cache Pod', () => c.snapshot?.resources.find((r) => r.backend === 'kubernetes' && r.kind === 'cache' && pred(r)), 20_000);

  before(async function () {
    await requireDocker(this);
    requireBundle();
    cluster = await startStandInCluster(RUN);
    c = client(location, { serviceArgs: ['--idle-timeout', '60'] });
    await c.connect();
    await c.configure({
      redisImage: IMAGES.redis,
      memcachedImage: IMAGES.memcached,
      kubernetes: { enabled: true, kubeconfig: cluster.kubeconfig, stagingImage: IMAGES.busybox },
    });
    await kubernetesConnected(c);
    // As fakecloud's ElastiCache Kubernetes backend makes one, created through the API.
    const pod: V1Pod = {
      metadata: {
        name: podName,
        labels: {
          'fakecloud-managed-by': 'fakecloud',
          'fakecloud-instance': 'fakecloud-31',
          'fakecloud-service': 'elasticache',
          'fakecloud-elasticache': 'orders',
        },
      },
      spec: {
        restartPolicy: 'Never',
        containers: [
          {
            name: 'cache',
            image: IMAGES.redis,
            command: ['redis-server', '--port', '6379'],
            env: [{ name: 'REDIS_PASSWORD', value: 'hunter2' }],
          },
        ],
      },
    };
    const res = await fetch(`${cluster.api.url}/api/v1/namespaces/fakecloud/pods`, {
      method: 'POST',
      headers: { authorization: 'Bearer stand-in-token', 'content-type': 'application/json' },
      body: JSON.stringify(pod),
    });
    assert.equal(res.status, 201);
  });

  after(async () => {
    c?.dispose();
    await cleanupLocation(location);
    await cluster?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('runs Redis commands over exec, formatted as redis-cli formats them', async () => {
    const r = await cache();
    assert.equal(r.owner.type, 'fakecloud');
    assert.equal((await c.request('cache/command', { resourceId: r.id, line: 'SET greeting "from a Pod"' }, 30_000)).stdout.trim(), 'OK');
    assert.equal((await c.request('cache/command', { resourceId: r.id, line: 'GET greeting' }, 30_000)).stdout.trim(), '"from a Pod"');
    assert.equal((await c.request('cache/command', { resourceId: r.id, line: 'INCR greeting' }, 30_000)).isError, true);
  });

  it('its dashboard: usage from the cgroup files where no metrics API is served, from the metrics API where it is', async () => {
    const r = await cache();
    const samples: DashboardSample[] = [];
    const sub = c.on('dashboard/sample', (s) => s.key === r.id && samples.push(s));
    try {
      const { snapshot } = await c.request('dashboard/watch', { target: { resourceId: r.id }, watch: true });
      assert.ok(snapshot);
      await waitFor(
        'two rounds with CPU',
        () => (samples.filter((s) => s.values.cpu !== undefined).length >= 1 ? true : undefined),
        20_000,
      );
      const last = samples.at(-1)!;
      // Sources come with a round when they change.
      assert.match(samples.filter((s) => s.sources).at(-1)?.sources?.[0] ?? '', /cgroup files, read through exec/);
      assert.ok((last.values['mem.used'] ?? 0) > 100_000, JSON.stringify(last.values));
      assert.ok(last.values['redis.clients'] !== undefined, 'Redis INFO through the Pod');
      assert.deepEqual(samples.filter((s) => s.problems).at(-1)?.problems, []);
      await c.request('dashboard/watch', { target: { resourceId: r.id }, watch: false });

      cluster.api.serveMetrics = true;
      samples.length = 0;
      const asked = cluster.api.counts.metrics;
      await c.request('dashboard/watch', { target: { resourceId: r.id }, watch: true });
      await waitFor(
        'a round from the metrics API',
        () => (samples.some((s) => s.values['mem.used'] !== undefined) ? true : undefined),
        20_000,
      );
      assert.match(samples.filter((s) => s.sources).at(-1)?.sources?.[0] ?? '', /the metrics API/);
      assert.ok(cluster.api.counts.metrics > asked);
      await c.request('dashboard/watch', { target: { resourceId: r.id }, watch: false });
      const after = cluster.api.counts.metrics;
      await new Promise((res) => setTimeout(res, 3_000));
      assert.equal(cluster.api.counts.metrics, after, 'nothing asked once no window watches');
    } finally {
      cluster.api.serveMetrics = false;
      sub.dispose();
    }
  });

  it('Inspect shows its Pod object, the password in its env masked unless asked for', async () => {
    const r = await cache();
    const seen = await c.request('resource/inspect', { resourceId: r.id });
    assert.equal(seen.kind, 'pod');
    const pod = JSON.parse(seen.json) as V1Pod;
    assert.equal(pod.metadata?.name, podName);
    assert.match(pod.spec?.containers[0].env?.[0].value ?? '', /^••••/);
    assert.ok(!seen.json.includes('hunter2'));
    const shown = await c.request('resource/inspect', { resourceId: r.id, reveal: true });
    assert.equal((JSON.parse(shown.json) as V1Pod).spec?.containers[0].env?.[0].value, 'hunter2');
  });

  it('browses and edits its keys through the Pod, as on a container: a page, a hash opened, edited and saved', async () => {
    const r = await cache();
    await c.request('cache/command', { resourceId: r.id, line: 'HSET pod:cart apples 3' }, 30_000);
    const { dbs } = await c.request('cache/keyspace', { resourceId: r.id });
    assert.ok((dbs.find((d) => d.db === 0)?.keys ?? 0) >= 2, JSON.stringify(dbs));
    const page = await c.request('cache/keys', { resourceId: r.id, db: 0, cursor: '0', count: 200 });
    assert.deepEqual(
      page.keys.find((k) => k.name === 'pod:cart'),
      { name: 'pod:cart', type: 'hash', ttlMs: -1 },
    );
    const opened = await c.request('cache/keyRead', { resourceId: r.id, db: 0, key: { name: 'pod:cart' } });
    assert.equal(opened.document.text, '{\n  "apples": "3"\n}\n');
    await c.request('cache/keyWrite', {
      resourceId: r.id,
      db: 0,
      key: { name: 'pod:cart' },
      text: '{"apples": "7", "pears": "1"}',
      digest: opened.digest,
    });
    assert.equal((await c.request('cache/command', { resourceId: r.id, line: 'HGET pod:cart apples' }, 30_000)).stdout.trim(), '"7"');
    await c.request('cache/keyCreate', { resourceId: r.id, db: 0, key: 'pod:new', type: 'list', text: '["a"]' });
    assert.equal((await c.request('cache/command', { resourceId: r.id, line: 'LLEN pod:new' }, 30_000)).stdout.trim(), '(integer) 1');
    assert.deepEqual(await c.request('cache/keysDeleteMatching', { resourceId: r.id, db: 0, match: 'pod:*' }), { deleted: 2, batches: 1 });
  });

  it('opens redis-cli on a TTY in the Pod', async () => {
    const r = await cache();
    const sessionId = `k8s-cli-${RUN}`;
    const sub = actLikeATerminal(c, sessionId);
    await c.request('terminal/open', { resourceId: r.id, kind: 'cache-cli', cols: 100, rows: 30, sessionId });
    await waitFor('the prompt', () => /127\.0\.0\.1:6379>/.test(sub.text()) || undefined, 10_000).catch((e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify(sub.text())}`);
    });
    c.notify('terminal/input', { sessionId, data: 'GET greeting\r' });
    await waitFor('the answer', () => sub.text().includes('"from a Pod"') || undefined, 10_000);
    c.notify('terminal/input', { sessionId, data: 'quit\r' });
    sub.dispose();
  });

  it('Port Forward reaches the cache from this machine until stopped', async () => {
    const r = await cache();
    const fwd = await c.request('resource/portForward', { resourceId: r.id }, 30_000);
    assert.equal(fwd.remotePort, 6379);
    assert.equal(await redisPing(fwd.localPort), '+PONG');
    await c.request('resource/stopPortForward', { forwardId: fwd.forwardId });
    await assert.rejects(redisPing(fwd.localPort), /ECONNREFUSED/);
  });

  it('snapshots a fakecloud server’s cache Pod; Reboot is that server’s to do; Delete deletes the Pod', async () => {
    const r = await cache((x) => x.state === 'running' && x.owner.type === 'fakecloud');
    const file = path.join(tmp, 'theirs.rdb');
    const snap = await c.request('cache/snapshot', { resourceId: r.id, path: file }, 60_000);
    assert.equal(snap.keys, 1);
    assert.equal(fs.readFileSync(file).subarray(0, 5).toString(), 'REDIS');
    await assert.rejects(c.request('cache/reboot', { resourceId: r.id }), /a fakecloud server's Pod .* which only that server recreates/);
    await c.request('cache/delete', { resourceId: r.id }, 30_000);
    await waitFor('the Pod gone', () => !cluster.api.get('fakecloud', podName) || undefined);
    await waitFor('gone from the model', () => !c.snapshot?.resources.some((x) => x.id === r.id) || undefined);
  });

  it('our own cache as a Pod: create, snapshot, reboot keeping its data, restore into a new cache, delete', async () => {
    const name = `own-${RUN.toLowerCase()}`.slice(0, 40);
    const created = await c.request('cache/create', { name, engine: 'redis', backend: 'kubernetes' }, 90_000);
    assert.match(created.pod ?? '', /^fcx-ec-own-/);
    const r = await cache((x) => x.name === name && x.state === 'running');
    assert.equal(r.owner.type, 'extension');
    await c.request('cache/command', { resourceId: r.id, line: 'SET kept "across the reboot"' }, 30_000);
    const file = path.join(tmp, 'own.rdb');
    assert.equal((await c.request('cache/snapshot', { resourceId: r.id, path: file }, 60_000)).keys, 1);

    await c.request('cache/reboot', { resourceId: r.id }, 90_000);
    const back = await cache((x) => x.name === name && x.state === 'running' && x.containerId !== r.containerId);
    assert.equal(
      (await c.request('cache/command', { resourceId: back.id, line: 'GET kept' }, 30_000)).stdout.trim(),
      '"across the reboot"',
    );

    const restored = `${name}-r`.slice(0, 40);
    await c.request('cache/create', { name: restored, engine: 'redis', rdbPath: file, backend: 'kubernetes' }, 90_000);
    const rr = await cache((x) => x.name === restored && x.state === 'running');
    assert.equal((await c.request('cache/command', { resourceId: rr.id, line: 'GET kept' }, 30_000)).stdout.trim(), '"across the reboot"');

    for (const x of [back, rr]) await c.request('cache/delete', { resourceId: x.id }, 30_000);
    await waitFor('both gone', () => !c.snapshot?.resources.some((x) => x.name === name || x.name === restored) || undefined);
    const state = JSON.parse(fs.readFileSync(path.join(location.stateDir, 'desired-state.json'), 'utf8')) as {
      caches: Record<string, unknown>;
    };
    assert.deepEqual(Object.keys(state.caches), []);
  });

  it('a memcached cache as a Pod: its stats, items and a value through the Pod; a bad staging image fails a restore with its Pod deleted', async () => {
    const name = `mc-${RUN.toLowerCase()}`.slice(0, 40);
    await c.request('cache/create', { name, engine: 'memcached', backend: 'kubernetes' }, 90_000);
    const r = await cache((x) => x.name === name && x.state === 'running');
    // Its contents through the Pod, as on a container.
    await c.request('memcached/set', { resourceId: r.id, key: 'pod:item', value: 'hello', ttlSeconds: 60 });
    assert.deepEqual(await c.request('memcached/get', { resourceId: r.id, key: 'pod:item' }), {
      found: true,
      text: 'hello',
      flags: 0,
      bytes: 5,
    });
    assert.equal((await c.request('memcached/stats', { resourceId: r.id })).items, 1);
    assert.deepEqual(
      (await c.request('memcached/items', { resourceId: r.id, offset: 0 })).items.map((i) => i.key),
      ['pod:item'],
    );
    await c.request('cache/delete', { resourceId: r.id }, 30_000);
    const tag = `fakecloud-test/nosh:${RUN.toLowerCase()}`;
    await importEmptyImage(tag);
    await c.configure({ kubernetes: { enabled: true, kubeconfig: cluster.kubeconfig, stagingImage: tag } });
    try {
      await assert.rejects(
        c.request(
          'cache/create',
          { name: `${name}-bad`, engine: 'redis', rdbPath: path.join(tmp, 'own.rdb'), backend: 'kubernetes' },
          90_000,
        ),
        /could not create cache .* on Kubernetes: could not (start the staging container|stage the snapshot).*the Pod was deleted/,
      );
      await waitFor(
        'no cache Pod left',
        () => !cluster.api.list().some((p) => p.metadata?.labels?.['fakecloud-service'] === 'elasticache') || undefined,
      );
    } finally {
      await c.configure({ kubernetes: { enabled: true, kubeconfig: cluster.kubeconfig, stagingImage: IMAGES.busybox } });
      await docker
        .getImage(tag)
        .remove({ force: true })
        .catch(() => undefined);
    }
  });

  it('a Pod of ours that is not in the desired state is an orphan, left alone by the reconciler, removed on request', async () => {
    const pod: V1Pod = {
      metadata: {
        name: `fcx-ec-stray-${RUN.toLowerCase()}`.slice(0, 63),
        labels: { 'fakecloud-managed-by': 'fakecloud-explorer', 'fakecloud-service': 'elasticache', 'fakecloud-elasticache': 'stray' },
      },
      spec: { restartPolicy: 'Never', containers: [{ name: 'cache', image: IMAGES.redis, command: ['redis-server', '--port', '6379'] }] },
    };
    await fetch(`${cluster.api.url}/api/v1/namespaces/fakecloud/pods`, {
      method: 'POST',
      headers: { authorization: 'Bearer stand-in-token', 'content-type': 'application/json' },
      body: JSON.stringify(pod),
    });
    const r = await cache((x) => x.name === 'stray' && x.orphan === true && x.state === 'running');
    await c.request('reconcile/now', {});
    assert.ok(cluster.api.get('fakecloud', pod.metadata!.name!), 'left alone');
    await c.request('cache/removeOrphan', { resourceId: r.id, removeData: false });
    await waitFor('the Pod deleted', () => !cluster.api.get('fakecloud', pod.metadata!.name!) || undefined);
  });
});
