// Kubernetes benchmarks against the API stand-in on loopback (no cluster can be
// installed here): how soon a Pod change reaches the client after the watch
// event, and a full re-list of 500 Pods against `kubectl get pods -o json` on the
// same server.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { V1Pod } from '@kubernetes/client-node';
import type { ServiceClient } from '../src/client/serviceClient';
import { resolveCluster } from '../src/service/backends/kubernetes/kubeClient';
import { KubernetesDiscovery } from '../src/service/backends/kubernetes/kubernetesDiscovery';
import { LiveModel } from '../src/service/model/liveModel';
import { ServiceLog } from '../src/service/support/log';
import { KubeApiStandIn } from '../test/support/kube/apiStandIn';
import { median, ms, percentile, type BenchResult } from './stats';

const NS = 'fakecloud';

function pod(i: number): V1Pod {
  const kinds = [
    ['elasticache', 'cache', 'redis:7-alpine'],
    ['ec2', 'instance', 'amazonlinux:2023'],
    ['lambda', 'fakecloud-lambda', 'public.ecr.aws/lambda/nodejs:20'],
  ] as const;
  const [service, container, image] = kinds[i % 3];
  return {
    metadata: {
      name: `fakecloud-bench-${i}`,
      namespace: NS,
      labels: {
        'fakecloud-managed-by': 'fakecloud',
        'fakecloud-instance': 'fakecloud-1',
        'fakecloud-service': service,
        [`fakecloud-${service}`]: `bench-${i}`,
      },
    },
    spec: { restartPolicy: 'Never', containers: [{ name: container, image }] },
    status: {
      phase: 'Running',
      containerStatuses: [{ name: container, image, imageID: '', ready: true, restartCount: 0, state: { running: {} } }],
    },
  };
}

export async function kubernetesBench(client: ServiceClient, count = 500, samples = 30): Promise<BenchResult[]> {
  const api = new KubeApiStandIn();
  api.anonymous = true;
  await api.start();
  const kubeconfig = api.writeKubeconfig(NS);
  try {
    for (let i = 0; i < count; i++) api.put(pod(i));
    await client.configure({ kubernetes: { enabled: true, kubeconfig } });
    const k8sCount = () => client.snapshot?.resources.filter((r) => r.backend === 'kubernetes').length ?? 0;
    const deadline = Date.now() + 30_000;
    while (k8sCount() < count) {
      if (Date.now() > deadline) throw new Error(`the model did not reach ${count} Pods (${k8sCount()})`);
      await new Promise((r) => setTimeout(r, 50));
    }

    // The watch event is written by the stand-in as the Pod changes; the clock starts there.
    const lat: number[] = [];
    for (let i = 0; i < samples; i++) {
      const name = `fakecloud-bench-${i}`;
      const id = `kubernetes:${NS}/${name}`;
      const t0 = performance.now();
      api.setPhase(NS, name, 'Failed', 1);
      for (;;) {
        if (client.snapshot?.resources.find((r) => r.id === id)?.state === 'exited') break;
        if (performance.now() - t0 > 5_000) throw new Error('the change did not arrive');
        await new Promise((r) => setImmediate(r));
      }
      lat.push(performance.now() - t0);
    }
    const p95 = percentile(lat, 95);

    // A full re-list, the service's way (list + map to resources), in-process against kubectl.
    const model = new LiveModel();
    const discovery = new KubernetesDiscovery(model, new ServiceLog(), () => resolveCluster({ kubeconfig }));
    discovery.start();
    while (model.backendStatus('kubernetes')?.state !== 'connected') await new Promise((r) => setTimeout(r, 20));
    const ours: number[] = [];
    const kubectl: number[] = [];
    for (let i = 0; i < 10; i++) {
      let t = performance.now();
      await discovery.refresh();
      ours.push(performance.now() - t);
      t = performance.now();
      // Asynchronously: the stand-in answers from this same process.
      const { stdout } = await promisify(execFile)(
        'kubectl',
        ['--kubeconfig', kubeconfig, '-n', NS, 'get', 'pods', '-l', 'fakecloud-service', '-o', 'json'],
        { maxBuffer: 64 * 1024 * 1024 },
      );
      kubectl.push(performance.now() - t);
      if ((JSON.parse(stdout) as { items: unknown[] }).items.length !== count) throw new Error('kubectl saw another count');
    }
    discovery.stop();
    if (model.snapshot().resources.length !== 0) throw new Error('stop left resources');
    await client.configure({ kubernetes: { enabled: false, kubeconfig } });
    const ratio = median(ours) / median(kubectl);
    return [
      {
        name: 'Kubernetes: Pod change delivered to a client after the watch event (p95)',
        measured: `p50 ${ms(median(lat))}, p95 ${ms(p95)} (${samples} changes, ${count} Pods watched)`,
        ratio: p95 / 250,
        goal: '≤ 1.0× of 250 ms',
        ok: p95 <= 250,
      },
      {
        name: `Kubernetes: full re-list of ${count} Pods`,
        measured: `ours ${ms(median(ours))} vs kubectl get pods -o json ${ms(median(kubectl))} (median of 10, same server)`,
        ratio,
        goal: '≤ 1.0× kubectl',
        ok: ratio <= 1.0,
      },
    ];
  } finally {
    await api.stop();
  }
}
