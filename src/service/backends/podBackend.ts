// Pods on a cluster, as the Pod runners of each kind use them (runtime/<kind>s/pod*.ts),
// as ContainerBackend is for Docker. Implemented with @kubernetes/client-node in
// kubernetes/podOperations.ts (inside the on-demand Kubernetes bundle).
import type { V1Pod } from '@kubernetes/client-node';
import type { BackendKind } from '../../protocol/model';
import type { InteractiveSession, LogChunk, LogFollower, PipeSession } from './backend';

/** Where on Kubernetes a resource of ours lives: a context can be renamed, the server and namespace are what count. */
export interface KubeScope {
  server: string;
  namespace: string;
}

/** Where one of our resources runs, as its spec records it (caches, instances and functions alike). */
export interface Placement {
  /** Absent: Docker. */
  backend?: 'docker' | 'kubernetes';
  /** Kubernetes: the Pod it runs as now (each spawn makes a new one), and how many it has had. */
  podName?: string;
  spawns?: number;
  /** Kubernetes: the server and namespace its Pods are made in (a switch of context or namespace leaves it there). */
  kube?: KubeScope;
}

/** A spec as its latest spawn left it: the Pod it runs as now, and how many it has had. */
export type Spawned<T> = T & { podName: string; spawns: number };

/** Where a stored resource runs: the backend its implementation is picked by. */
export function placementOf(spec: Placement): BackendKind {
  return spec.backend ?? 'docker';
}

/** A spec without a scope (made before scopes were recorded) counts as here. */
export function inScope(spec: { kube?: KubeScope }, here: KubeScope | undefined): boolean {
  return !spec.kube || !here || (spec.kube.server === here.server && spec.kube.namespace === here.namespace);
}

export interface PodBackend {
  readonly namespace: string;
  /** The cluster's server and this namespace: recorded with what we create here. */
  readonly scope: KubeScope;
  createPod(pod: V1Pod): Promise<V1Pod>;
  /** Gone already counts as deleted. */
  deletePod(name: string): Promise<void>;
  getPod(name: string): Promise<V1Pod | undefined>;
  /** The Pod's figures from the metrics API (metrics.k8s.io); undefined where the cluster does not serve it. */
  podMetrics(name: string): Promise<unknown>;
  /**
   * Until the Pod runs (or, with `init`, until that init container runs); a clear
   * error when it fails, vanishes or the time runs out, with its last log lines.
   */
  waitRunning(name: string, opts: { timeoutMs: number; init?: string; signal?: AbortSignal }): Promise<V1Pod>;
  execInteractive(name: string, container: string, cmd: string[], size: { cols: number; rows: number }): Promise<InteractiveSession>;
  execPipe(name: string, container: string, cmd: string[]): Promise<PipeSession>;
  followLogs(name: string, container: string, tail: number, onChunk: (c: LogChunk) => void): Promise<LogFollower>;
  /** The log so far: the last `tail` lines, or those of the last `sinceSeconds`; timestamped when asked. */
  readLogs(name: string, container: string, opts: { tail?: number; sinceSeconds?: number; timestamps?: boolean }): Promise<string>;
  /** A loopback port on this machine that reaches `port` in the Pod, until closed. */
  portForward(name: string, port: number): Promise<{ port: number; close(): void }>;
}
