// The opt-in suite against a real cluster: the bundled service, driven as the
// extension drives it, on the cluster of your kubeconfig. Not part of `npm test`
// (there is no cluster on a fresh machine); run it with
//
//   FAKECLOUD_K8S_E2E=1 KUBECONFIG=~/.kube/config npm run test:cluster
//
// It works in the context's namespace (or FAKECLOUD_K8S_E2E_NAMESPACE), creates
// only Pods labelled as ours with this run's id in their names, and deletes them
// at the end. The cluster pulls the images, so they must be pullable there:
// FAKECLOUD_K8S_E2E_REDIS_IMAGE (redis:7-alpine), _INSTANCE_IMAGE (amazonlinux:2023),
// _LAMBDA_IMAGE (public.ecr.aws/lambda/nodejs:20), _STAGING_IMAGE (busybox:1.36).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import type { ServiceClient } from '../../src/client/serviceClient';
import type { Resource } from '../../src/protocol/model';
import { RUN, waitFor } from '../support/docker';
import { cleanupLocation, client, requireBundle, tempLocation } from '../support/service';
import { redisPing } from '../support/redisPing';

const env = process.env;
const images = {
  redis: env.FAKECLOUD_K8S_E2E_REDIS_IMAGE || 'redis:7-alpine',
  instance: env.FAKECLOUD_K8S_E2E_INSTANCE_IMAGE || 'amazonlinux:2023',
  lambda: env.FAKECLOUD_K8S_E2E_LAMBDA_IMAGE || 'public.ecr.aws/lambda/nodejs:20',
  staging: env.FAKECLOUD_K8S_E2E_STAGING_IMAGE || 'busybox:1.36',
};
/** Pods on a real cluster may wait for a node and an image pull. */
const SLOW = 300_000;

describe('on a real cluster (opt-in: FAKECLOUD_K8S_E2E=1 and a kubeconfig)', function () {
  this.timeout(SLOW);
  const location = tempLocation('k8s-real');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-k8s-real-'));
  const id = RUN.toLowerCase();
  let c: ServiceClient;
  let core: CoreV1Api;
  let namespace = '';
  const find = (pred: (r: Resource) => boolean, what: string, ms = SLOW) =>
    waitFor(what, () => c.snapshot?.resources.find((r) => r.backend === 'kubernetes' && !r.orphan && pred(r)), ms, 500);
  const ourPods = async () =>
    (await core.listNamespacedPod({ namespace, labelSelector: 'fakecloud-managed-by=fakecloud-explorer' })).items.filter((p) =>
      p.metadata?.name?.includes(id),
    );

  before(async function () {
    if (env.FAKECLOUD_K8S_E2E !== '1') {
      throw new Error(
        'this suite runs against a real cluster only when asked: FAKECLOUD_K8S_E2E=1 KUBECONFIG=… npm run test:cluster (see docs/testing.md)',
      );
    }
    requireBundle();
    const kubeconfig =
      env.FAKECLOUD_K8S_E2E_KUBECONFIG || env.KUBECONFIG?.split(path.delimiter)[0] || path.join(os.homedir(), '.kube', 'config');
    if (!fs.existsSync(kubeconfig)) throw new Error(`no kubeconfig at ${kubeconfig}: set KUBECONFIG`);
    const kc = new KubeConfig();
    kc.loadFromFile(kubeconfig);
    namespace = env.FAKECLOUD_K8S_E2E_NAMESPACE || kc.getContextObject(kc.getCurrentContext())?.namespace || 'default';
    core = kc.makeApiClient(CoreV1Api);
    c = client(location, { serviceArgs: ['--idle-timeout', '120'] });
    await c.connect();
    await c.configure({
      redisImage: images.redis,
      instanceImage: images.instance,
      functionImages: { 'nodejs20.x': images.lambda },
      kubernetes: { enabled: true, kubeconfig, namespace, stagingImage: images.staging },
      update: {
        healthTimeoutSeconds: 240,
        graceSeconds: 3,
        pollMillis: 500,
        removeReplacedImage: false,
        pruneDanglingImages: false,
        pullPolicy: 'missing',
      },
    });
    await waitFor(
      'Kubernetes connected',
      () => c.snapshot?.backends.find((b) => b.backend === 'kubernetes' && b.state === 'connected'),
      60_000,
      500,
    );
  });

  after(async () => {
    c?.dispose();
    await cleanupLocation(location);
    fs.rmSync(tmp, { recursive: true, force: true });
    // Whatever a failed test left: only this run's Pods of ours.
    if (core)
      for (const p of await ourPods().catch(() => []))
        await core.deleteNamespacedPod({ namespace, name: p.metadata!.name!, gracePeriodSeconds: 0 }).catch(() => undefined);
  });

  it('a cache: create, commands, port-forward, snapshot, reboot keeping data, a health-gated update, delete', async () => {
    const name = `e2e-${id}`.slice(0, 40);
    await c.request('cache/create', { name, engine: 'redis', backend: 'kubernetes' }, SLOW);
    const r = await find((x) => x.name === name && x.state === 'running', 'the cache running');
    assert.equal(
      (await c.request('cache/command', { resourceId: r.id, line: 'SET kept "on a real cluster"' }, 60_000)).stdout.trim(),
      'OK',
    );
    const fwd = await c.request('resource/portForward', { resourceId: r.id }, 60_000);
    assert.equal(await redisPing(fwd.localPort), '+PONG');
    await c.request('resource/stopPortForward', { forwardId: fwd.forwardId });
    const file = path.join(tmp, 'snap.rdb');
    assert.equal((await c.request('cache/snapshot', { resourceId: r.id, path: file }, SLOW)).keys, 1);
    assert.equal(fs.readFileSync(file).subarray(0, 5).toString(), 'REDIS');

    await c.request('cache/reboot', { resourceId: r.id }, SLOW);
    const back = await find((x) => x.name === name && x.state === 'running' && x.containerId !== r.containerId, 'the rebooted cache');
    assert.equal(
      (await c.request('cache/command', { resourceId: back.id, line: 'GET kept' }, 60_000)).stdout.trim(),
      '"on a real cluster"',
    );

    const upd = await c.request('resource/update', { resourceId: back.id, image: images.redis }, SLOW);
    assert.equal(upd.outcome, 'updated', JSON.stringify(upd));
    const now = await find((x) => x.name === name && x.state === 'running' && x.containerName === upd.container, 'the updated cache');
    assert.equal((await c.request('cache/command', { resourceId: now.id, line: 'GET kept' }, 60_000)).stdout.trim(), '"on a real cluster"');
    const bad = await c.request('resource/update', { resourceId: now.id, image: `${images.redis}-does-not-exist-${id}` }, SLOW);
    assert.equal(bad.outcome, 'rolled-back', JSON.stringify(bad));
    assert.equal((await find((x) => x.name === name, 'the cache after the rollback')).containerName, upd.container);

    await c.request('cache/delete', { resourceId: now.id }, 60_000);
    await waitFor(
      'its Pods gone',
      async () => ((await ourPods()).some((p) => p.metadata!.name!.includes(name)) ? undefined : true),
      60_000,
      1_000,
    );
  });

  it('an instance: launch with user data, console output, stop, start, terminate', async () => {
    const res = await c.request(
      'instance/launch',
      { name: `e2e-${id}`, backend: 'kubernetes', userData: { text: `echo "user data ${id}"\n` } },
      SLOW,
    );
    const r = await find((x) => x.kind === 'instance' && x.name === res.instanceId && x.state === 'running', 'the instance running');
    await waitFor(
      'the user data in the console',
      async () => (await c.request('logs/read', { resourceId: r.id, tail: 200 })).text.includes(`user data ${id}`) || undefined,
      60_000,
      1_000,
    );
    await c.request('instance/stop', { resourceId: r.id }, 60_000);
    const stopped = await find((x) => x.kind === 'instance' && x.name === res.instanceId && x.state === 'exited', 'the instance stopped');
    await c.request('instance/start', { resourceId: stopped.id }, SLOW);
    const again = await find((x) => x.kind === 'instance' && x.name === res.instanceId && x.state === 'running', 'the instance started');
    await c.request('instance/terminate', { resourceId: again.id }, 60_000);
    await waitFor('gone', () => !c.snapshot?.resources.some((x) => x.name === res.instanceId) || undefined, 60_000, 500);
  });

  it('a function: deploy, invoke through a port-forward, delete', async () => {
    fs.writeFileSync(path.join(tmp, 'index.js'), 'exports.handler = async (e) => ({ echoed: e.n * 2 });\n');
    const name = `e2e-${id}`.slice(0, 40);
    await c.request(
      'function/deploy',
      { name, runtime: 'nodejs20.x', handler: 'index.handler', codePath: tmp, backend: 'kubernetes' },
      SLOW,
    );
    const r = await find((x) => x.kind === 'function' && x.name === name && x.state === 'running', 'the function running');
    const res = await c.request('function/invoke', { resourceId: r.id, payload: '{"n":21}' }, 120_000);
    assert.deepEqual(JSON.parse(res.body), { echoed: 42 });
    await c.request('function/delete', { resourceId: r.id }, 60_000);
    await waitFor('gone', () => !c.snapshot?.resources.some((x) => x.kind === 'function' && x.name === name) || undefined, 60_000, 500);
  });
});
