// Kubernetes discovery and the service's cluster pickers against a real Kubernetes API server (kube-apiserver 1.37
// with etcd, built by scripts/install-kubernetes.sh), not our stand-in: Pods made as fakecloud makes them listed by
// label with their kind, engine, state and owner; the watch carrying a new Pod, a status change (written as a kubelet
// writes it) and a deletion; an API server that crashes seen as disconnected and reconnected when it is back, with
// what changed meanwhile. There is no kubelet here (docs/testing.md says why), so Pods are not run.
import * as assert from 'node:assert/strict';
import type { V1Pod } from '@kubernetes/client-node';
import { fakecloudPod } from '../support/kube/fakecloudPods';
import type { ServiceClient } from '../../src/client/serviceClient';
import type { Resource } from '../../src/protocol/model';
import { resolveCluster } from '../../src/service/backends/kubernetes/kubeClient';
import { KubernetesDiscovery } from '../../src/service/backends/kubernetes/kubernetesDiscovery';
import { LiveModel } from '../../src/service/model/liveModel';
import { ServiceLog } from '../../src/service/support/log';
import { waitFor } from '../support/docker';
import { KUBERNETES_VERSION, RealApiServer, requireRealApiServer } from '../support/kube/realApiServer';
import { cleanupLocation, connectedClient, requireBundle, tempLocation } from '../support/service';

const NS = 'fakecloud';

describe(`Kubernetes against a real API server (kube-apiserver ${KUBERNETES_VERSION} with etcd, no kubelet)`, function () {
  this.timeout(60_000);
  const api = new RealApiServer();
  let model: LiveModel;
  let discovery: KubernetesDiscovery;
  let kubeconfig: string;
  const find = (name: string, pred: (r: Resource) => boolean = () => true, ms = 5_000) =>
    waitFor(name, () => model.snapshot().resources.find((r) => r.backend === 'kubernetes' && r.name === name && pred(r)), ms, 20);
  const status = () => model.backendStatus('kubernetes');
  const ok = async (res: Promise<Response>) => {
    const r = await res;
    if (!r.ok) throw new Error(`${r.status}: ${await r.text()}`);
    return r;
  };
  const create = (pod: V1Pod) => ok(api.get(`/api/v1/namespaces/${NS}/pods`, { method: 'POST', body: pod }));
  /** What a kubelet does when a Pod's container starts or ends: its status, through the status subresource. */
  const setStatus = (name: string, status: object) =>
    ok(
      api.get(`/api/v1/namespaces/${NS}/pods/${name}/status`, {
        method: 'PATCH',
        body: { status },
        contentType: 'application/merge-patch+json',
      }),
    );
  const remove = (name: string) => ok(api.get(`/api/v1/namespaces/${NS}/pods/${name}?gracePeriodSeconds=0`, { method: 'DELETE' }));

  before(async function () {
    requireRealApiServer(this);
    this.timeout(120_000);
    await api.start();
    await ok(api.get('/api/v1/namespaces', { method: 'POST', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } } }));
    // What kube-controller-manager would make in a new namespace, and Pods need.
    await ok(
      api.get(`/api/v1/namespaces/${NS}/serviceaccounts`, {
        method: 'POST',
        body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } },
      }),
    );
    kubeconfig = api.writeKubeconfig(NS);
    await create(fakecloudPod(NS, 'fakecloud-ec-orders-0123456789ab', 'elasticache', 'orders', 'redis:7-alpine'));
    await create({
      ...fakecloudPod(NS, 'unrelated', 'elasticache', 'x', 'nginx'),
      metadata: { name: 'unrelated', namespace: NS, labels: { app: 'web' } },
    });
    model = new LiveModel();
    discovery = new KubernetesDiscovery(model, new ServiceLog(), () => resolveCluster({ kubeconfig }), {
      callTimeoutMs: 3_000,
      watchdogMs: 60_000,
    });
    discovery.start();
    await waitFor('connected', () => status()?.state === 'connected' || undefined, 15_000, 50);
  });

  after(async () => {
    discovery?.stop();
    await api.stop();
  });

  it('lists fakecloud’s Pods by label and nothing else, with kind, engine, state and owner', async () => {
    const r = await find('orders');
    assert.equal(r.kind, 'cache');
    assert.equal(r.engine, 'redis');
    assert.equal(r.state, 'created', 'Pending: no kubelet has run it');
    assert.deepEqual(r.owner, { type: 'fakecloud', pid: 777, instance: 'fakecloud-777' });
    assert.equal(model.snapshot().resources.filter((x) => x.backend === 'kubernetes').length, 1);
    assert.match(status()!.target, new RegExp(`^${api.url} \\(namespace ${NS}\\)$`));
  });

  it('the watch carries a new Pod, its status as a kubelet writes it, and its deletion', async () => {
    await create(fakecloudPod(NS, 'fakecloud-lambda-fn-1', 'lambda', 'fn', 'public.ecr.aws/lambda/nodejs:20'));
    assert.equal((await find('fn')).engine, 'nodejs20.x');
    await setStatus('fakecloud-lambda-fn-1', {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'fakecloud-lambda',
          image: 'public.ecr.aws/lambda/nodejs:20',
          imageID: '',
          ready: true,
          restartCount: 0,
          state: { running: { startedAt: new Date().toISOString() } },
        },
      ],
    });
    await find('fn', (x) => x.state === 'running');
    await setStatus('fakecloud-lambda-fn-1', {
      phase: 'Failed',
      containerStatuses: [
        {
          name: 'fakecloud-lambda',
          image: 'public.ecr.aws/lambda/nodejs:20',
          imageID: '',
          ready: false,
          restartCount: 0,
          state: { terminated: { exitCode: 2, startedAt: new Date().toISOString(), finishedAt: new Date().toISOString() } },
        },
      ],
    });
    const failed = await find('fn', (x) => x.state === 'exited');
    assert.equal(failed.exitCode, 2);
    await remove('fakecloud-lambda-fn-1');
    await waitFor('deleted', () => !model.snapshot().resources.some((x) => x.name === 'fn') || undefined, 5_000, 20);
  });

  it('an API server that crashes is "disconnected" with the reason; back, it is reconnected with what changed meanwhile', async () => {
    await api.killApiServer();
    await waitFor('disconnected', () => (status()?.state === 'disconnected' ? status() : undefined), 30_000, 50);
    assert.ok(status()?.error, 'with the reason');
    await api.start();
    await create(fakecloudPod(NS, 'fakecloud-ec-while-away', 'elasticache', 'while-away', 'memcached:1.6'));
    await waitFor('connected again', () => status()?.state === 'connected' || undefined, 30_000, 50);
    assert.equal((await find('while-away', () => true, 15_000)).engine, 'memcached');
    assert.ok(await find('orders'), 'what was there is still listed');
  });

  describe('through the bundled service', () => {
    const location = tempLocation('kube-real');
    let c: ServiceClient;

    before(async function () {
      requireBundle();
      c = await connectedClient(location, { kubernetes: { enabled: true, kubeconfig } });
    });

    after(async () => {
      c?.dispose();
      await cleanupLocation(location);
    });

    it('the pickers list the kubeconfig’s context and the cluster’s namespaces; its Pods are in the model', async () => {
      await waitFor(
        'connected to the cluster',
        () => c.snapshot?.backends.find((b) => b.backend === 'kubernetes')?.state === 'connected' || undefined,
        20_000,
        50,
      );
      const ctx = await c.request('kubernetes/contexts', {});
      assert.ok(JSON.stringify(ctx).includes('real'), JSON.stringify(ctx));
      const { namespaces } = await c.request('kubernetes/namespaces', {});
      for (const ns of ['default', 'kube-system', NS]) assert.ok(namespaces.includes(ns), namespaces.join(','));
      const r = await waitFor(
        'the cache Pod',
        () => c.snapshot?.resources.find((x) => x.backend === 'kubernetes' && x.name === 'orders'),
        15_000,
        50,
      );
      assert.equal(r.kind, 'cache');
    });
  });
});
