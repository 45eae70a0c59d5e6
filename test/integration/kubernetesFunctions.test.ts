// Functions as Pods through the bundled service, against the API stand-in whose
// kubelet runs Pods as Docker containers: the code staged into /var/task through
// exec, readiness and Invoke through a port-forward, the invocation's log lines
// from the Pod's log; redeploy into a new Pod; stop (the Pod deleted, the function
// shown stopped) and start from the stored code; delete; bad input leaves nothing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ServiceClient } from '../../src/client/serviceClient';
import type { Resource } from '../../src/protocol/model';
import { IMAGES, RUN, docker, importEmptyImage, requireDocker, waitFor } from '../support/docker';
import type { KubeApiStandIn } from '../support/kube/apiStandIn';
import { kubernetesConnected, startStandInCluster, type StandInCluster } from '../support/kube/cluster';
import { cleanupLocation, client, requireBundle, tempLocation } from '../support/service';

/** The version a test handler says it is. */
const versionOf = (body: string) => (JSON.parse(body) as { version?: number }).version;

const RUNTIME = 'nodejs20.x';

describe('functions on Kubernetes (the API stand-in, Pods run on the real Docker engine)', function () {
  this.timeout(120_000);
  const location = tempLocation('k8s-functions');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-k8s-fn-'));
  const name = `orders-${RUN.toLowerCase()}`.slice(0, 40);
  let cluster: StandInCluster;
  let api: KubeApiStandIn;
  let kubeconfig = '';
  let c: ServiceClient;
  const fn = (pred: (r: Resource) => boolean = (r) => r.state === 'running', ms = 20_000) =>
    waitFor(
      name,
      () =>
        c.snapshot?.resources.find((r) => r.backend === 'kubernetes' && r.kind === 'function' && r.name === name && !r.orphan && pred(r)),
      ms,
    );
  const lambdaPods = () => api.list().filter((p) => p.metadata?.labels?.['fakecloud-service'] === 'lambda');

  before(async function () {
    await requireDocker(this);
    requireBundle();
    cluster = await startStandInCluster(RUN);
    api = cluster.api;
    kubeconfig = cluster.kubeconfig;
    c = client(location, { serviceArgs: ['--idle-timeout', '60'] });
    await c.connect();
    await c.configure({
      functionImages: { [RUNTIME]: IMAGES.lambdaNode },
      kubernetes: { enabled: true, kubeconfig: cluster.kubeconfig, stagingImage: IMAGES.busybox },
    });
    await kubernetesConnected(c);
    fs.writeFileSync(
      path.join(tmp, 'index.js'),
      "exports.handler = async (e) => { console.log('order', e.id); return { accepted: e.id, version: 1 }; };\n",
    );
  });

  after(async () => {
    c?.dispose();
    await cleanupLocation(location);
    await cluster?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('deploy → invoke (result and its log lines) → redeploy → stop → start → delete', async () => {
    const deployed = await c.request(
      'function/deploy',
      { name, runtime: RUNTIME, handler: 'index.handler', codePath: tmp, backend: 'kubernetes' },
      90_000,
    );
    assert.match(deployed.containerName, /^fcx-lambda-orders-/);
    const r = await fn();
    assert.equal(r.owner.type, 'extension');
    const pod = api.get('fakecloud', deployed.containerName)!;
    assert.equal(pod.spec!.initContainers![0].image, IMAGES.busybox);

    const res = await c.request('function/invoke', { resourceId: r.id, payload: '{"id":42}' }, 30_000);
    assert.deepEqual(JSON.parse(res.body), { accepted: 42, version: 1 });
    assert.match(res.logs[0] ?? '', /^START RequestId/);
    assert.ok(
      res.logs.some((l) => /INFO\torder 42/.test(l)),
      res.logs.join('\n'),
    );

    fs.writeFileSync(path.join(tmp, 'index.js'), 'exports.handler = async (e) => ({ accepted: e.id, version: 2 });\n');
    const again = await c.request('function/redeploy', { resourceId: r.id }, 90_000);
    assert.notEqual(again.containerName, deployed.containerName);
    const r2 = await fn((x) => x.state === 'running' && x.containerId === again.containerName);
    await waitFor('the old Pod deleted', () => !api.get('fakecloud', deployed.containerName) || undefined);
    assert.equal(versionOf((await c.request('function/invoke', { resourceId: r2.id, payload: '{"id":1}' }, 30_000)).body), 2);

    await c.request('function/stop', { resourceId: r2.id }, 30_000);
    const stopped = await fn((x) => x.state === 'exited');
    assert.equal(lambdaPods().length, 0, 'stopped: no Pod');
    await c.request('function/start', { resourceId: stopped.id }, 90_000);
    const r3 = await fn();
    assert.equal(
      versionOf((await c.request('function/invoke', { resourceId: r3.id, payload: '{"id":3}' }, 30_000)).body),
      2,
      'started from the stored code',
    );

    await c.request('function/delete', { resourceId: r3.id }, 30_000);
    await waitFor('gone', () => !c.snapshot?.resources.some((x) => x.name === name) || undefined);
    await waitFor('no Pod left', () => lambdaPods().length === 0 || undefined);
    assert.equal(fs.existsSync(path.join(location.stateDir, 'functions', name)), false);
  });

  it('an unknown handler file is refused before any Pod is made', async () => {
    await assert.rejects(
      c.request(
        'function/deploy',
        { name: `${name}-bad`, runtime: RUNTIME, handler: 'main.handler', codePath: tmp, backend: 'kubernetes' },
        30_000,
      ),
      /main\.handler names a file that is not in the code folder/,
    );
    assert.equal(lambdaPods().length, 0);
  });

  it('a staging image that cannot run fails the deploy, says which step, and deletes its Pod', async () => {
    const tag = `fakecloud-test/nosh:${RUN.toLowerCase()}`;
    await importEmptyImage(tag);
    await c.configure({ kubernetes: { enabled: true, kubeconfig, stagingImage: tag } });
    try {
      await assert.rejects(
        c.request(
          'function/deploy',
          { name: `${name}-notar`, runtime: RUNTIME, handler: 'index.handler', codePath: tmp, backend: 'kubernetes' },
          90_000,
        ),
        /could not deploy function .* on Kubernetes: could not (copy the code into \/var\/task|start the staging container).*the Pod was deleted/,
      );
      await waitFor('no Pod left', () => lambdaPods().length === 0 || undefined);
    } finally {
      await c.configure({ kubernetes: { enabled: true, kubeconfig, stagingImage: IMAGES.busybox } });
      await docker
        .getImage(tag)
        .remove({ force: true })
        .catch(() => undefined);
    }
  });
});
