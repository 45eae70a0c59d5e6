// Kubernetes discovery through the real @kubernetes/client-node against the API
// stand-in on 127.0.0.1: Pods made as fakecloud makes them (and as we do) show up
// with kind, state and owner; the watch carries changes; it resumes after a
// dropped connection, re-lists after 410 Gone, and an unreachable server is a
// disconnected status that recovers by itself.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fakecloudPod } from '../support/kube/fakecloudPods';
import type { Resource } from '../../src/protocol/model';
import { resolveCluster } from '../../src/service/backends/kubernetes/kubeClient';
import { KubernetesDiscovery } from '../../src/service/backends/kubernetes/kubernetesDiscovery';
import { instancePod } from '../../src/service/backends/kubernetes/podSpecs';
import { emptyPodConfig } from '../../src/service/backends/kubernetes/podConfig';
import { LiveModel } from '../../src/service/model/liveModel';
import { ServiceLog } from '../../src/service/support/log';
import { KubeApiStandIn } from '../support/kube/apiStandIn';
import { waitFor } from '../support/docker';

const NS = 'fakecloud';

describe('Kubernetes discovery (client-node against the API stand-in)', function () {
  this.timeout(30_000);
  let api: KubeApiStandIn;
  let model: LiveModel;
  let discovery: KubernetesDiscovery;
  let kubeconfig: string;
  const find = (name: string, pred: (r: Resource) => boolean = () => true, ms = 3_000) =>
    waitFor(name, () => model.snapshot().resources.find((r) => r.backend === 'kubernetes' && r.name === name && pred(r)), ms);
  const status = () => model.backendStatus('kubernetes');

  before(async () => {
    api = new KubeApiStandIn();
    await api.start();
    kubeconfig = api.writeKubeconfig(NS);
    model = new LiveModel();
    discovery = new KubernetesDiscovery(model, new ServiceLog(), () => resolveCluster({ kubeconfig }), {
      callTimeoutMs: 2_000,
      watchdogMs: 60_000,
    });
    api.put(fakecloudPod(NS, 'fakecloud-ec-orders-0123456789ab', 'elasticache', 'orders', 'redis:7-alpine'));
    api.setPhase(NS, 'fakecloud-ec-orders-0123456789ab', 'Running');
    api.put({
      ...fakecloudPod(NS, 'unrelated', 'elasticache', 'x', 'nginx'),
      metadata: { name: 'unrelated', namespace: NS, labels: { app: 'web' } },
    });
    discovery.start();
    await waitFor('connected', () => status()?.state === 'connected', 5_000);
  });

  after(async () => {
    discovery?.stop();
    await api?.stop();
    if (kubeconfig) fs.rmSync(path.dirname(kubeconfig), { recursive: true, force: true });
  });

  it('lists fakecloud’s Pods by label (and nothing else), with kind, engine, state and owner; says where it is connected', async () => {
    const r = await find('orders');
    assert.equal(r.kind, 'cache');
    assert.equal(r.engine, 'redis');
    assert.equal(r.state, 'running');
    assert.deepEqual(r.owner, { type: 'fakecloud', pid: 777, instance: 'fakecloud-777' });
    assert.equal(r.id, `kubernetes:${NS}/fakecloud-ec-orders-0123456789ab`);
    assert.equal(model.snapshot().resources.filter((x) => x.backend === 'kubernetes').length, 1);
    assert.match(status()!.target, new RegExp(`^${api.url} \\(namespace ${NS}\\)$`));
    assert.match(status()!.source, /setting fakecloud\.kubernetes\.kubeconfig, context standin/);
  });

  it('the watch carries new Pods, phase changes and deletions, within a moment', async () => {
    const t0 = Date.now();
    api.put(fakecloudPod(NS, 'fakecloud-lambda-fn-1', 'lambda', 'fn', 'public.ecr.aws/lambda/nodejs:20'));
    const pending = await find('fn');
    assert.equal(pending.state, 'created');
    assert.equal(pending.engine, 'nodejs20.x');
    api.setPhase(NS, 'fakecloud-lambda-fn-1', 'Failed', 2);
    const failed = await find('fn', (x) => x.state === 'exited');
    assert.equal(failed.exitCode, 2);
    api.remove(NS, 'fakecloud-lambda-fn-1');
    await waitFor('deleted', () => !model.snapshot().resources.some((x) => x.name === 'fn') || undefined);
    assert.ok(Date.now() - t0 < 2_000, `took ${Date.now() - t0} ms`);
    // Our own Pods: the exact name and the Name tag from annotations.
    api.put(
      instancePod(
        {
          instanceId: 'i-0ABC',
          name: 'web 1',
          tags: {},
          image: 'amazonlinux:2023',
          networkMode: 'bridge',
          desired: 'running',
          createdAt: '',
        },
        { namespace: NS, base: emptyPodConfig(), spawn: '1' },
        { runUserData: true },
      ),
    );
    const own = await find('i-0ABC');
    assert.equal(own.displayName, 'web 1');
    assert.equal(own.owner.type, 'extension');
  });

  it('resumes after the watch connection drops, without a new list', async () => {
    const lists = api.counts.list;
    const watches = api.counts.watch;
    api.dropWatches();
    await waitFor('a new watch', () => api.counts.watch > watches || undefined, 3_000);
    api.put(fakecloudPod(NS, 'fakecloud-ec-after-drop', 'elasticache', 'after-drop', 'memcached:1.6'));
    const r = await find('after-drop');
    assert.equal(r.engine, 'memcached');
    assert.equal(api.counts.list, lists, 'resumed from its resourceVersion');
  });

  it('re-lists after 410 Gone', async () => {
    const lists = api.counts.list;
    // The watch drops, a Pod changes meanwhile, and the history it would resume from is compacted away.
    api.dropWatches();
    api.put(fakecloudPod(NS, 'fakecloud-ec-after-gone', 'elasticache', 'after-gone', 'redis:7'));
    api.compact();
    await find('after-gone');
    assert.ok(api.counts.list > lists, 'listed again');
  });

  it('an unreachable server is "disconnected" with the reason, and it reconnects by itself', async () => {
    const port = api.port;
    await api.stop();
    await waitFor('disconnected', () => status()?.state === 'disconnected' || undefined, 5_000);
    assert.match(status()!.error ?? '', /ECONNREFUSED|fetch failed|connect/i);
    assert.equal(model.snapshot().resources.filter((x) => x.backend === 'kubernetes').length, 0, 'no stale Pods');
    await api.start(port);
    await waitFor('connected again', () => status()?.state === 'connected' || undefined, 10_000);
    await find('orders');
  });

  it('a kubeconfig that names a missing context is a clear error', () => {
    assert.throws(() => resolveCluster({ kubeconfig, context: 'prod' }), /the context "prod" is not in the kubeconfig \(there: standin\)/);
    assert.throws(() => resolveCluster({ kubeconfig: '/nonexistent/config' }), /does not exist/);
  });
});
