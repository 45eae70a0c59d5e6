// A Pod list → resources: the same classification by label as containers
// (fakecloud's Pods carry the same per-service labels), Pod phase and container
// state mapped onto the model's states. Pure.
import type { V1Pod } from '@kubernetes/client-node';
import type { Resource, ResourceState } from '../../../protocol/model';
import { classify, engineOf, ownerOf } from '../../model/labels';
import { CONTAINER, DISPLAY_NAME_ANNOTATION, NAME_ANNOTATION } from './podSpecs';

export function podResourceId(namespace: string, name: string): string {
  return `kubernetes:${namespace}/${name}`;
}

/** The model's state and Docker-like status text for a Pod. */
export function podState(pod: V1Pod): { state: ResourceState; status: string; exitCode?: number } {
  if (pod.metadata?.deletionTimestamp) return { state: 'removing', status: 'Terminating' };
  const main =
    pod.status?.containerStatuses?.find((c) => Object.values(CONTAINER).includes(c.name as never)) ?? pod.status?.containerStatuses?.[0];
  const terminated = main?.state?.terminated;
  switch (pod.status?.phase) {
    case 'Pending': {
      const waiting =
        main?.state?.waiting?.reason ?? pod.status?.initContainerStatuses?.find((c) => c.state?.running || c.state?.waiting)?.name;
      return { state: 'created', status: `Pending${waiting ? `: ${waiting}` : ''}` };
    }
    case 'Running':
      if (terminated) return { state: 'exited', status: `Exited (${terminated.exitCode})`, exitCode: terminated.exitCode };
      return { state: 'running', status: main?.ready ? 'Running (ready)' : 'Running' };
    case 'Succeeded':
      return { state: 'exited', status: 'Succeeded (0)', exitCode: terminated?.exitCode ?? 0 };
    case 'Failed': {
      const code = terminated?.exitCode;
      return {
        state: 'exited',
        status: `Failed${terminated?.reason ? `: ${terminated.reason}` : ''}${code !== undefined ? ` (${code})` : ''}`,
        ...(code !== undefined ? { exitCode: code } : {}),
      };
    }
    default:
      return { state: 'unknown', status: pod.status?.phase ?? 'Unknown' };
  }
}

export function resourcesFromPods(pods: V1Pod[]): Resource[] {
  const out: Resource[] = [];
  for (const pod of pods) {
    const labels = pod.metadata?.labels ?? {};
    const cls = classify(labels);
    if (!cls || !pod.metadata?.name) continue;
    const namespace = pod.metadata.namespace ?? 'default';
    const annotations = pod.metadata.annotations ?? {};
    const main = pod.spec?.containers.find((c) => Object.values(CONTAINER).includes(c.name as never)) ?? pod.spec?.containers[0];
    const image = main?.image ?? '';
    const { state, status, exitCode } = podState(pod);
    const r: Resource = {
      id: podResourceId(namespace, pod.metadata.name),
      backend: 'kubernetes',
      kind: cls.kind,
      name: annotations[NAME_ANNOTATION] ?? cls.name,
      service: cls.service,
      image,
      containerId: pod.metadata.name,
      containerName: pod.metadata.name,
      state,
      status,
      owner: ownerOf(labels),
      created: pod.metadata.creationTimestamp ? Math.floor(new Date(pod.metadata.creationTimestamp).getTime() / 1000) : 0,
      labels,
    };
    const engine = engineOf(cls.kind, cls.service, image, labels);
    if (engine) r.engine = engine;
    if (annotations[DISPLAY_NAME_ANNOTATION]) r.displayName = annotations[DISPLAY_NAME_ANNOTATION];
    if (exitCode !== undefined) r.exitCode = exitCode;
    out.push(r);
  }
  return out;
}
