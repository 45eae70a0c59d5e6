// The resource model both halves share. Pure data, no I/O: the service builds it
// from Docker/Kubernetes, the client renders it.
import type { AwsResource, AwsTie } from './aws';

export type ResourceKind = 'cache' | 'instance' | 'function' | 'other';

export type BackendKind = 'docker' | 'kubernetes';

/** Container states as Docker names them; Pods are mapped onto the same set. */
export type ResourceState = 'created' | 'running' | 'restarting' | 'paused' | 'exited' | 'dead' | 'removing' | 'unknown';

export type Health = 'healthy' | 'unhealthy' | 'starting';

export type Owner =
  /** Created by a fakecloud server (label fakecloud-instance=fakecloud-<pid>). */
  | { type: 'fakecloud'; pid?: number; instance: string }
  /** Created by this extension's service. */
  | { type: 'extension' }
  | { type: 'unknown' };

export interface Endpoint {
  host: string;
  port: number;
  /** How the endpoint was found, e.g. "published" or "host network". */
  via: 'published' | 'host-network' | 'label';
}

export interface Resource {
  /** Stable across refreshes: backend + container id. */
  id: string;
  backend: BackendKind;
  kind: ResourceKind;
  /** The fakecloud resource id (cache id, instance id, function name…). */
  name: string;
  /** A human name when the id is not one (an instance's Name tag). */
  displayName?: string;
  /** The fakecloud service it belongs to: elasticache, ec2, lambda, rds, ecs-task… */
  service: string;
  /** Cache engine (redis, memcached), function runtime, or database engine when known. */
  engine?: string;
  image: string;
  containerId: string;
  containerName: string;
  state: ResourceState;
  /** Docker's own status text ("Up 3 minutes (healthy)"). */
  status: string;
  exitCode?: number;
  health?: Health;
  endpoint?: Endpoint;
  owner: Owner;
  /** Unix seconds. */
  created: number;
  labels: Record<string, string>;
  /** The reconciler's view, when it is not simply fine: backing off, gave up, or its last repair failed. */
  condition?: { state: 'backing off' | 'gave up'; reason?: string };
  /** An operation the service is running on it ("updating"). */
  busy?: string;
  /** Ours and meant to run: the reconciler starts it again when it stops. */
  kept?: boolean;
  /** A fakecloud server's, but that server (its pid) is gone: its next start's reaper removes it. */
  leftover?: boolean;
  /** A fakecloud server's, tied to the AWS resource it runs: acted on through that server's API. */
  aws?: AwsTie;
  /** A connected fakecloud server's (its endpoint) by its labels, but its API describes nothing it runs. */
  stray?: string;
  /** Ours by label, but not in the service's desired state (left over from a crash or another machine). */
  orphan?: boolean;
  /** Helper containers that belong to this resource (EC2 metadata sidecar, port forwarder). */
  helpers?: { role: string; containerId: string; state: ResourceState }[];
}

export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'disabled';

export interface BackendStatus {
  backend: BackendKind;
  state: ConnectionState;
  /** Where it connects, for display ("unix:///var/run/docker.sock"). */
  target: string;
  /** How the target was chosen ("setting fakecloud.docker.host", "DOCKER_HOST", "context foo"…). */
  source: string;
  /** Why it is disconnected. */
  error?: string;
  /** Engine version when connected. */
  version?: string;
  /** Unix ms of the next reconnect attempt while disconnected. */
  nextRetryAt?: number;
}

/** A fakecloud server: found from the settings' endpoints, identified by its health route. */
export interface ServerStatus {
  /** "http://127.0.0.1:4566" */
  endpoint: string;
  state: 'checking' | 'connected' | 'unreachable';
  /** From GET /_fakecloud/health. */
  version?: string;
  services?: string[];
  /** Why it is unreachable, or not a fakecloud server. */
  error?: string;
  /** Its services whose resources could not be listed through its API, and why (code and message). */
  listingErrors?: { service: string; error: string }[];
  /** Whether its AWS resources have been listed at least once (until then its containers show as they are). */
  listed?: boolean;
}

export interface ModelSnapshot {
  revision: number;
  resources: Resource[];
  backends: BackendStatus[];
  /** fakecloud servers worth showing: those that answer, and configured or known-running ones that do not. */
  servers?: ServerStatus[];
  /** The AWS resources of every listed fakecloud server. */
  aws?: AwsResource[];
}

export interface ModelDiff {
  /** The revision this diff produces; it applies to revision - 1. */
  revision: number;
  upserted: Resource[];
  removed: string[];
  /** Present when a backend's status changed. */
  backends?: BackendStatus[];
  /** Present when a server's status changed. */
  servers?: ServerStatus[];
  /** Present when a server's AWS resources changed. */
  aws?: { upserted: AwsResource[]; removed: string[] };
}
