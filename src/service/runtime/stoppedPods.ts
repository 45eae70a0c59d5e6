// Ours stopped on Kubernetes have no Pod (Stop deletes it): the model shows them
// from the desired state, so they stay in the tree, stopped, with Start on them —
// those of the namespace connected now.
import type { Resource } from '../../protocol/model';
import { inScope, type KubeScope, type Placement } from '../backends/podBackend';
import type { DesiredStateStore } from '../store/desiredState';

/** What the model shows for one of ours stopped on Kubernetes: it has no Pod, so it comes from the desired state. */
function stoppedResource(
  kind: 'instance' | 'function',
  name: string,
  service: string,
  image: string,
  createdAt: string,
  extra: Partial<Resource>,
): Resource {
  return {
    id: `kubernetes:stopped/${kind}/${name}`,
    backend: 'kubernetes',
    kind,
    name,
    service,
    image,
    containerId: '',
    containerName: '(no Pod while stopped)',
    state: 'exited',
    status: 'Stopped (no Pod)',
    owner: { type: 'extension' },
    created: Math.floor(Date.parse(createdAt) / 1000) || 0,
    labels: {},
    ...extra,
  };
}

/** Ours, stopped, and on this cluster and namespace: stopped on Kubernetes means its Pod is deleted. */
function stoppedHere(s: Placement & { desired: 'running' | 'stopped' }, here: KubeScope | undefined): boolean {
  return s.backend === 'kubernetes' && s.desired === 'stopped' && inScope(s, here);
}

/** Our instances stopped on Kubernetes. */
export function stoppedPodInstances(store: DesiredStateStore, here: KubeScope | undefined): Resource[] {
  return store
    .instances()
    .filter((s) => stoppedHere(s, here))
    .map((s) => stoppedResource('instance', s.instanceId, 'ec2', s.image, s.createdAt, { displayName: s.name }));
}

/** Our functions stopped on Kubernetes. */
export function stoppedPodFunctions(store: DesiredStateStore, here: KubeScope | undefined): Resource[] {
  return store
    .functions()
    .filter((s) => stoppedHere(s, here))
    .map((s) =>
      stoppedResource('function', s.name, 'lambda', s.image, s.createdAt, {
        engine: s.runtime,
        labels: { 'fakecloud-explorer.deploy-id': s.deployId },
      }),
    );
}
