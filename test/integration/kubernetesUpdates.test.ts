// Update Image on Kubernetes through the bundled service and the API stand-in (its
// kubelet runs Pods on the real Docker engine): a replacement Pod beside the old
// one, gated on its state and on Redis answering PING, the old Pod deleted only
// then. Builds of one Redis image whose redis-server crashes, or runs and never
// answers, must roll back with the old Pod and its data untouched.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import type { ServiceClient } from '../../src/client/serviceClient';
import type { Resource } from '../../src/protocol/model';
import { IMAGES, RUN, docker, requireDocker, waitFor } from '../support/docker';
import { kubernetesConnected, startStandInCluster, type StandInCluster } from '../support/kube/cluster';
import { cleanupLocation, client, pidAlive, requireBundle, tempLocation } from '../support/service';

const CRASH = 'fakecloud-test/redis:7-crash-server';
const MUTE = 'fakecloud-test/redis:7-mute';
const lower = RUN.toLowerCase();
/** The same image under another name: an update to it is a real change of image reference. */
const NEXT = `fakecloud-test/redis:7-next-${lower}`;

describe('health-gated update on Kubernetes (the API stand-in, Pods on the real Docker engine)', function () {
  this.timeout(120_000);
  const location = tempLocation('k8s-updates');
  let cluster: StandInCluster;
  let c: ServiceClient;
  const settings = (kubeconfig: string, healthTimeoutSeconds = 8) => ({
    redisImage: IMAGES.redis,
    memcachedImage: IMAGES.memcached,
    instanceImage: IMAGES.instance,
    kubernetes: { enabled: true, kubeconfig, stagingImage: IMAGES.busybox },
    update: {
      healthTimeoutSeconds,
      graceSeconds: 1,
      pollMillis: 200,
      removeReplacedImage: false,
      pruneDanglingImages: false,
      pullPolicy: 'missing' as const,
    },
  });
  const find = (pred: (r: Resource) => boolean, what = 'the resource') =>
    waitFor(what, () => c.snapshot?.resources.find((r) => r.backend === 'kubernetes' && pred(r)), 30_000);
  const redis = async (id: string, line: string) => (await c.request('cache/command', { resourceId: id, line }, 30_000)).stdout.trim();
  const pods = () => cluster.api.list().filter((p) => p.metadata?.namespace === cluster.namespace);
  const desired = () =>
    JSON.parse(fs.readFileSync(path.join(location.stateDir, 'desired-state.json'), 'utf8')) as {
      caches: Record<string, { image: string; podName: string }>;
      instances: Record<string, { image: string; podName: string }>;
    };
  const name = `upd-${lower}`.slice(0, 40);

  before(async function () {
    await requireDocker(this);
    requireBundle();
    for (const image of [CRASH, MUTE]) await docker.getImage(image).inspect();
    await docker.getImage(IMAGES.redis).tag({ repo: NEXT.split(':')[0], tag: NEXT.split(':')[1] });
    cluster = await startStandInCluster(RUN);
    c = client(location, { serviceArgs: ['--idle-timeout', '60'] });
    await c.connect();
    await c.configure(settings(cluster.kubeconfig));
    await kubernetesConnected(c);
  });

  after(async () => {
    c?.dispose();
    await cleanupLocation(location);
    await cluster?.stop();
    await docker
      .getImage(NEXT)
      .remove()
      .catch(() => undefined);
  });

  it('our cache: a new Pod on the new image, its Redis data carried over, the old Pod deleted, the desired state following', async () => {
    await c.request('cache/create', { name, engine: 'redis', backend: 'kubernetes' }, 90_000);
    const r = await find((x) => x.name === name && x.state === 'running');
    assert.equal(await redis(r.id, 'SET kept "across the update"'), 'OK');
    const res = await c.request('resource/update', { resourceId: r.id, image: NEXT }, 120_000);
    assert.equal(res.outcome, 'updated', JSON.stringify(res));
    assert.notEqual(res.container, r.containerName);
    assert.match(res.container, /^fcx-ec-upd-/);
    assert.ok(
      res.steps.some((s) => s.startsWith(`SAVE in ${r.containerName}`)),
      res.steps.join('\n'),
    );
    assert.ok(
      res.steps.indexOf('health gate') < res.steps.indexOf(`delete ${r.containerName}`),
      'the old Pod is deleted only after the gate',
    );
    await waitFor('the old Pod gone', () => !cluster.api.get(cluster.namespace, r.containerName) || undefined);
    const now = await find((x) => x.name === name && x.state === 'running' && x.containerName === res.container);
    assert.equal(now.image, NEXT);
    assert.equal(await redis(now.id, 'GET kept'), '"across the update"');
    assert.deepEqual([desired().caches[name].image, desired().caches[name].podName], [NEXT, res.container]);
  });

  it('a replacement whose redis-server crashes is deleted; the old Pod never stopped and keeps its data', async () => {
    const r = await find((x) => x.name === name && x.state === 'running');
    assert.equal(await redis(r.id, 'SET later "written after the first update"'), 'OK');
    const before = pods()
      .map((p) => p.metadata!.name)
      .sort();
    const res = await c.request('resource/update', { resourceId: r.id, image: CRASH }, 120_000);
    assert.equal(res.outcome, 'rolled-back', JSON.stringify(res));
    assert.equal(res.reason, 'crashed');
    assert.match(res.detail ?? '', /exited with code 3/);
    assert.equal(res.restoredFrom, `${r.containerName}, which kept running`);
    await waitFor(
      'only the old Pod left',
      () =>
        JSON.stringify(
          pods()
            .map((p) => p.metadata!.name)
            .sort(),
        ) === JSON.stringify(before) || undefined,
    );
    const same = await find((x) => x.name === name && x.state === 'running');
    assert.equal(same.containerName, r.containerName);
    assert.equal(await redis(same.id, 'GET later'), '"written after the first update"');
    assert.equal(desired().caches[name].image, NEXT);
  });

  it('a replacement that runs but never answers PING times out and is deleted', async () => {
    const r = await find((x) => x.name === name && x.state === 'running');
    const res = await c.request('resource/update', { resourceId: r.id, image: MUTE }, 120_000);
    assert.equal(res.outcome, 'rolled-back', JSON.stringify(res));
    assert.equal(res.reason, 'health-timeout', JSON.stringify(res));
    assert.match(res.detail ?? '', /not healthy after 8 s \(starting\)/);
    assert.ok(res.steps.includes('waiting for health (starting)'));
    await waitFor('the mute Pod gone', () => !pods().some((p) => p.spec?.containers[0].image === MUTE) || undefined);
    assert.equal((await find((x) => x.name === name)).containerName, r.containerName);
  });

  it('an image the kubelet cannot run fails with its reason; bad input changes nothing', async () => {
    const r = await find((x) => x.name === name && x.state === 'running');
    const res = await c.request('resource/update', { resourceId: r.id, image: `fakecloud-test/nope-${lower}:1` }, 120_000);
    assert.equal(res.outcome, 'rolled-back', JSON.stringify(res));
    assert.match(res.detail ?? '', /No such image|not found/i);
    await assert.rejects(c.request('resource/update', { resourceId: r.id, image: 'not a ref' }), /is not an image reference/);
    await waitFor(
      'one Pod for the cache',
      () => pods().filter((p) => p.metadata?.annotations?.['fakecloud-explorer.resource-name'] === name).length === 1 || undefined,
    );
    assert.equal((await find((x) => x.name === name)).containerName, r.containerName);
  });

  it("our instance gets a Pod on the new image; a fakecloud server's Pod is copied with only the image changed", async () => {
    const launched = await c.request('instance/launch', { name: `web-${RUN}`, backend: 'kubernetes' }, 60_000);
    const inst = await find((x) => x.kind === 'instance' && x.name === launched.instanceId && x.state === 'running');
    const instImage = `fakecloud-test/instance:next-${lower}`;
    await docker.getImage(IMAGES.instance).tag({ repo: instImage.split(':')[0], tag: instImage.split(':')[1] });
    try {
      const res = await c.request('resource/update', { resourceId: inst.id, image: instImage }, 120_000);
      assert.equal(res.outcome, 'updated', JSON.stringify(res));
      const now = await find((x) => x.kind === 'instance' && x.containerName === res.container && x.state === 'running');
      assert.equal(now.image, instImage);
      assert.equal(desired().instances[launched.instanceId].image, instImage);
      await waitFor('the old instance Pod gone', () => !cluster.api.get(cluster.namespace, inst.containerName) || undefined);
    } finally {
      await docker
        .getImage(instImage)
        .remove({ force: true })
        .catch(() => undefined);
    }

    const theirs: V1Pod = {
      metadata: {
        name: `fakecloud-ec-shop-${lower}-0a1b2c3d4e5f`.slice(-63).replace(/^-+/, ''),
        labels: {
          'fakecloud-managed-by': 'fakecloud',
          'fakecloud-instance': 'fakecloud-31',
          'fakecloud-service': 'elasticache',
          'fakecloud-elasticache': 'shop',
        },
        annotations: { team: 'payments' },
      },
      spec: {
        restartPolicy: 'Never',
        containers: [
          { name: 'cache', image: IMAGES.redis, command: ['redis-server', '--port', '6379'], env: [{ name: 'KEEP', value: 'me' }] },
        ],
      },
    };
    const post = await fetch(`${cluster.api.url}/api/v1/namespaces/${cluster.namespace}/pods`, {
      method: 'POST',
      headers: { authorization: 'Bearer stand-in-token', 'content-type': 'application/json' },
      body: JSON.stringify(theirs),
    });
    assert.equal(post.status, 201);
    const fr = await find((x) => x.containerName === theirs.metadata!.name && x.state === 'running');
    const res = await c.request('resource/update', { resourceId: fr.id, image: NEXT }, 120_000);
    assert.equal(res.outcome, 'updated', JSON.stringify(res));
    assert.match(res.warnings.join(' '), /data lives and dies with its Pod/);
    const copy = cluster.api.get(cluster.namespace, res.container)!;
    assert.deepEqual(copy.metadata!.labels, theirs.metadata!.labels);
    assert.equal(copy.metadata!.annotations!.team, 'payments');
    assert.equal(copy.metadata!.annotations!['fakecloud-explorer.replaces'], theirs.metadata!.name);
    assert.deepEqual({ ...copy.spec!.containers[0], image: IMAGES.redis }, theirs.spec!.containers[0]);
    assert.equal(copy.spec!.containers[0].image, NEXT);
    await waitFor('their old Pod gone', () => !cluster.api.get(cluster.namespace, theirs.metadata!.name!) || undefined);
  });

  it("a fakecloud server's function Pod: the replacement must answer HTTP on its invoke port, not merely accept a connection", async () => {
    // The runtime when the image has one; otherwise something that runs and never answers (a port-forward accepts anyway).
    const fn: V1Pod = {
      metadata: {
        name: `fakecloud-lambda-echo-${lower}`.slice(0, 63),
        labels: {
          'fakecloud-managed-by': 'fakecloud',
          'fakecloud-instance': 'fakecloud-31',
          'fakecloud-service': 'lambda',
          'fakecloud-lambda': 'echo',
        },
      },
      spec: {
        restartPolicy: 'Never',
        containers: [
          {
            name: 'fakecloud-lambda',
            image: IMAGES.lambdaNode,
            command: [
              'sh',
              '-c',
              'if [ -x /lambda-entrypoint.sh ]; then exec /lambda-entrypoint.sh index.handler; else exec sleep 3600; fi',
            ],
          },
        ],
      },
    };
    const post = await fetch(`${cluster.api.url}/api/v1/namespaces/${cluster.namespace}/pods`, {
      method: 'POST',
      headers: { authorization: 'Bearer stand-in-token', 'content-type': 'application/json' },
      body: JSON.stringify(fn),
    });
    assert.equal(post.status, 201);
    const r = await find((x) => x.kind === 'function' && x.containerName === fn.metadata!.name && x.state === 'running');
    const res = await c.request('resource/update', { resourceId: r.id, image: IMAGES.busybox }, 120_000);
    assert.equal(res.outcome, 'rolled-back', JSON.stringify(res));
    assert.equal(res.reason, 'health-timeout', JSON.stringify(res));
    await waitFor(
      'only the old function Pod',
      () => pods().filter((p) => p.metadata?.labels?.['fakecloud-lambda'] === 'echo').length === 1 || undefined,
    );
    const ok = await c.request('resource/update', { resourceId: r.id, image: IMAGES.lambdaNode }, 120_000);
    assert.equal(ok.outcome, 'updated', JSON.stringify(ok));
    await waitFor('the old function Pod gone', () => !cluster.api.get(cluster.namespace, fn.metadata!.name!) || undefined);
  });

  it('a service killed mid-update is followed by one that deletes the unproven Pod and keeps the old one', async () => {
    await c.configure(settings(cluster.kubeconfig, 60));
    const r = await find((x) => x.name === name && x.state === 'running');
    const pid = c.service!.pid;
    const journalDir = path.join(location.stateDir, 'updates-kubernetes');
    const pending = c.request('resource/update', { resourceId: r.id, image: MUTE }, 120_000).catch((e: Error) => e);
    const entry = await waitFor(
      'the replacement created',
      () => {
        try {
          return fs
            .readdirSync(journalDir)
            .map((f) => JSON.parse(fs.readFileSync(path.join(journalDir, f), 'utf8')) as { phase: string; newPod: string })
            .find((e) => e.phase === 'created');
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
    assert.ok(cluster.api.get(cluster.namespace, entry.newPod), 'the unproven Pod is still there');
    c.dispose();

    c = client(location, { serviceArgs: ['--idle-timeout', '60'] });
    await c.connect();
    await c.configure(settings(cluster.kubeconfig));
    await kubernetesConnected(c);
    await waitFor('the unproven Pod deleted', () => !cluster.api.get(cluster.namespace, entry.newPod) || undefined, 15_000);
    await waitFor('the journal settled', () => fs.readdirSync(journalDir).length === 0 || undefined);
    const same = await find((x) => x.name === name && x.state === 'running');
    assert.equal(same.containerName, r.containerName);
    assert.equal(await redis(same.id, 'GET kept'), '"across the update"');
    assert.match(
      fs.readFileSync(location.logPath, 'utf8'),
      new RegExp(`its new Pod ${entry.newPod} deleted, ${r.containerName} \\(${NEXT.replace(/[.]/g, '\\.')}\\) kept`),
    );
  });
});
