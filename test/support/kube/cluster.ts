// A cluster for a test: the API stand-in with its Docker-backed kubelet, a
// kubeconfig pointing at it, and one call that takes it all down again.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ServiceClient } from '../../../src/client/serviceClient';
import { waitFor } from '../docker';
import { KubeApiStandIn } from './apiStandIn';
import { StandInKubelet } from './kubelet';

export interface StandInCluster {
  api: KubeApiStandIn;
  kubelet: StandInKubelet;
  kubeconfig: string;
  namespace: string;
  stop(): Promise<void>;
}

export async function startStandInCluster(run: string, namespace = 'fakecloud', dockerSocket?: string): Promise<StandInCluster> {
  const api = new KubeApiStandIn();
  await api.start();
  const kubelet = new StandInKubelet(api, run, dockerSocket);
  api.kubelet = kubelet;
  const kubeconfig = api.writeKubeconfig(namespace);
  return {
    api,
    kubelet,
    kubeconfig,
    namespace,
    stop: async () => {
      await api.stop();
      await kubelet.cleanup();
      fs.rmSync(path.dirname(kubeconfig), { recursive: true, force: true });
    },
  };
}

/** Until the service says it is connected to the cluster. */
export function kubernetesConnected(c: ServiceClient): Promise<true> {
  return waitFor(
    'Kubernetes connected',
    () => c.snapshot?.backends.find((b) => b.backend === 'kubernetes')?.state === 'connected' || undefined,
    10_000,
  );
}
