// What a health-gated update on Kubernetes creates and how it judges it. A Pod's
// image cannot change in place, so the update starts a replacement Pod beside the
// old one: the old Pod's spec with the main container on the new image, under a
// fresh name (a Terminating Pod never collides). Pure.
import { createHash } from 'node:crypto';
import type { V1Pod } from '@kubernetes/client-node';
import type { RuntimeState } from './healthGate';
import { dnsSlug, MAX_NAME } from '../backends/kubernetes/names';

/** Says which Pod an update's replacement stands in for. */
export const REPLACES_ANNOTATION = 'fakecloud-explorer.replaces';

/** `<old name without its hash>-<hex12>`: the same family of name, a new Pod. */
export function replacementPodName(oldName: string, unique: string): string {
  const hash = createHash('sha256').update(`${oldName}/${unique}`).digest('hex').slice(0, 12);
  const stem = oldName.replace(/-[0-9a-f]{6,}$/, '');
  return `${dnsSlug(stem, MAX_NAME - hash.length - 1)}-${hash}`;
}

/** A controller (ReplicaSet, StatefulSet, Job…) that owns the Pod: it, not us, decides what replaces it. */
export function controllerOf(pod: V1Pod): string | undefined {
  const c = pod.metadata?.ownerReferences?.find((o) => o.controller);
  return c ? `${c.kind} ${c.name}` : undefined;
}

/**
 * The old Pod's spec with `container` on `image`, named `name`. What the cluster
 * filled in for the old Pod is left out, so it fills it in afresh: the node it
 * was scheduled to, the service-account token volume, status and identity.
 */
export function replacementPod(old: V1Pod, container: string, image: string, name: string): V1Pod {
  if (!old.spec) throw new Error('the Pod has no spec to copy');
  const spec = structuredClone(old.spec);
  delete spec.nodeName;
  const injected = new Set((spec.volumes ?? []).filter((v) => v.name.startsWith('kube-api-access-')).map((v) => v.name));
  if (spec.volumes) spec.volumes = spec.volumes.filter((v) => !injected.has(v.name));
  for (const c of [...spec.containers, ...(spec.initContainers ?? [])]) {
    if (c.volumeMounts) c.volumeMounts = c.volumeMounts.filter((m) => !injected.has(m.name));
  }
  const main = spec.containers.find((c) => c.name === container);
  if (!main) throw new Error(`the Pod has no container named ${container}`);
  main.image = image;
  const annotations: Record<string, string> = { ...(old.metadata?.annotations ?? {}), [REPLACES_ANNOTATION]: old.metadata?.name ?? '' };
  delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      ...(old.metadata?.namespace ? { namespace: old.metadata.namespace } : {}),
      labels: { ...(old.metadata?.labels ?? {}) },
      annotations,
    },
    spec,
  };
}

/** Waiting reasons that mean the container will not start by waiting longer. */
const HOPELESS = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'ErrImageNeverPull',
  'CreateContainerError',
  'CreateContainerConfigError',
  'RunContainerError',
  'CrashLoopBackOff',
]);

/**
 * The replacement Pod as the health gate sees it. Pending is "starting"; a
 * container with a readinessProbe is healthy once ready; one without counts as
 * running (healthy after the grace period, as a container without a HEALTHCHECK).
 */
export function podRuntimeState(pod: V1Pod | undefined, container: string): RuntimeState {
  if (!pod || pod.metadata?.deletionTimestamp) return { kind: 'gone' };
  const spec = pod.spec?.containers.find((c) => c.name === container);
  const st = pod.status?.containerStatuses?.find((c) => c.name === container);
  const waiting = [...(pod.status?.initContainerStatuses ?? []), ...(st ? [st] : [])]
    .map((c) => c.state?.waiting)
    .find((w) => w?.reason && HOPELESS.has(w.reason));
  if (waiting) return { kind: 'failed', detail: `${waiting.reason ?? 'waiting'}${waiting.message ? `: ${waiting.message}` : ''}` };
  const restartCount = st?.restartCount ?? 0;
  switch (pod.status?.phase) {
    case 'Failed':
    case 'Succeeded': {
      const t = st?.state?.terminated ?? st?.lastState?.terminated;
      if (t) return { kind: 'exited', exitCode: t.exitCode };
      return {
        kind: 'failed',
        detail:
          `the Pod ${pod.status.phase === 'Failed' ? 'failed' : 'ended'}` +
          (pod.status.reason ? ` (${pod.status.reason})` : '') +
          (pod.status.message ? `: ${pod.status.message}` : ''),
      };
    }
    case 'Running': {
      if (st?.state?.terminated) return { kind: 'exited', exitCode: st.state.terminated.exitCode };
      const restarting = st?.state?.waiting !== undefined && restartCount > 0;
      if (!st?.state?.running) return { kind: 'running', health: 'starting', restarting, restartCount };
      if (spec?.readinessProbe) return { kind: 'running', health: st.ready ? 'healthy' : 'starting', restarting, restartCount };
      return { kind: 'running', restarting, restartCount };
    }
    default:
      return { kind: 'running', health: 'starting', restarting: false, restartCount };
  }
}
