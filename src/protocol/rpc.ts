// Method and notification names with their payloads: the contract between the
// extension (client) and the backend service.
import type { FileEntry } from './files';
import type { PlanStep, StackOutcome, StackPlan, StackProblem } from './stack';
import type { AwsAction, Invocation } from './aws';
import type { DashboardSample, DashboardSnapshot, DashboardTarget } from './dashboard';
import type { DbKeys, KeyPage, KeyRef, KeyType, OpenedKey } from './keys';
import type { MemcachedItemPage, MemcachedStats, MemcachedValue } from './memcached';
import type { CacheCreateParams, CacheCreateResult, CacheSnapshotResult, CommandResult } from './caches';
import type { FunctionDeployParams, FunctionDeployResult, InvokeResult } from './functions';
import type { InstanceLaunchParams, InstanceLaunchResult } from './instances';
import type { BackendStatus, ModelDiff, ModelSnapshot, ServerStatus } from './model';
import type { ReconcileReport } from './reconcile';
import type { UpdateResultPayload } from './updates';

/** Bumped on any incompatible change of the messages below. */
export const PROTOCOL_VERSION = 1;

export interface HelloParams {
  token: string;
  protocolVersion: number;
  clientVersion: string;
  clientBuild: string;
  /** Shown in the service log. */
  clientName: string;
  /** VS Code's display language ("de", "pt-br"): the service's words come back in it where it has them. */
  language?: string;
}

export interface HelloResult {
  protocolVersion: number;
  serviceVersion: string;
  serviceBuild: string;
  pid: number;
  /** The desired state could not be used as it was (kept aside, entries left out, read-only): what and why. */
  stateProblem?: string;
}

export interface ServiceSettings {
  /** fakecloud.docker.host; empty means resolve from the environment. */
  dockerHost?: string;
  /** fakecloud.docker.networkMode for containers we create. */
  networkMode?: 'bridge' | 'host';
  redisImage?: string;
  memcachedImage?: string;
  readinessTimeoutSeconds?: number;
  /** fakecloud.images.instance */
  instanceImage?: string;
  /** fakecloud.images.functionRuntimes: runtime → image. */
  functionImages?: Record<string, string>;
  invokeTimeoutSeconds?: number;
  reconcile?: { intervalSeconds: number; repairFakecloudResources: boolean };
  update?: {
    healthTimeoutSeconds: number;
    graceSeconds: number;
    pollMillis: number;
    removeReplacedImage: boolean;
    pruneDanglingImages: boolean;
    pullPolicy: 'always' | 'missing';
  };
  /** Seconds between fallback re-lists while a view is visible. */
  fallbackPollSeconds?: number;
  /** fakecloud.dashboard.sampleSeconds: how often a visible dashboard is sampled. */
  dashboardSampleSeconds?: number;
  /** fakecloud.servers: the endpoints of fakecloud servers to look for. */
  servers?: string[];
  /** fakecloud.kubernetes.*: off unless enabled. */
  kubernetes?: KubernetesConnectionSettings;
}

export interface KubernetesConnectionSettings {
  enabled: boolean;
  /** Empty: KUBECONFIG, else ~/.kube/config. */
  kubeconfig?: string;
  /** Empty: the kubeconfig's current-context. */
  context?: string;
  /** Empty: the context's namespace, else "default". */
  namespace?: string;
  /** The image that stages code and snapshots into Pods (sh, head, tar). */
  stagingImage?: string;
  /** imagePullSecrets for our Pods. */
  pullSecret?: string;
  /** Scheduling for all our Pods: { nodeSelector, tolerations, annotations } (checked by the service). */
  scheduling?: unknown;
  /** The same per service (elasticache, ec2, lambda), over the global one. */
  schedulingByService?: Record<string, unknown>;
}

export interface ServiceStatus {
  pid: number;
  version: string;
  build: string;
  clients: number;
  uptimeMs: number;
  operationsInFlight: number;
  idleShutdownMs: number;
  /** Docker API requests the service has sent, for the idle-traffic benchmark. */
  dockerRequests: number;
  /** Listings of fakecloud servers' AWS resources the service has made, for the same benchmark. */
  serverListings: number;
  /** How long the last of those listings took, in ms. */
  serverListingMs: number;
  rssBytes: number;
}

export interface LogLine {
  time: number;
  level: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  message: string;
}

export interface AdoptResult {
  kind: string;
  name: string;
  /** What the user should know (its data volume, its code, its state). */
  notes: string[];
}

/** Requests: name → [params, result]. */
export interface Methods {
  hello: [HelloParams, HelloResult];
  shutdown: [{ reason: string }, { ok: true }];
  'service/status': [Record<string, never>, ServiceStatus];
  'client/configure': [ServiceSettings, { ok: true }];
  'client/viewVisible': [{ visible: boolean }, { ok: true }];
  'model/subscribe': [Record<string, never>, ModelSnapshot];
  'model/refresh': [Record<string, never>, ModelSnapshot];
  'backend/reconnect': [Record<string, never>, { backends: BackendStatus[] }];
  'log/subscribe': [Record<string, never>, { lines: LogLine[] }];
  'cache/create': [CacheCreateParams, CacheCreateResult];
  /** timeoutMs: how long it may run before it is stopped in the container (default 30 s). */
  'cache/command': [{ resourceId: string; line: string; timeoutMs?: number }, CommandResult];
  'cache/reboot': [{ resourceId: string; operationId?: string }, { waitedMs: number }];
  'cache/snapshot': [{ resourceId: string; path: string; operationId?: string }, CacheSnapshotResult];
  'cache/checkSnapshot': [{ path: string }, { size: number }];
  /** Keys per database of a Redis cache (`INFO keyspace`). */
  'cache/keyspace': [{ resourceId: string }, { dbs: DbKeys[] }];
  /** A page of a Redis cache's keys (`SCAN` from `cursor`, "0" to begin), with their types and times to live. */
  'cache/keys': [{ resourceId: string; db: number; cursor: string; match?: string; count?: number }, KeyPage];
  /** A key read whole, as a document (refused with its size when too large to open). */
  'cache/keyRead': [{ resourceId: string; db: number; key: KeyRef }, OpenedKey];
  /** An edited document written back as its type, refused when the key changed since it was read (`digest`). */
  'cache/keyWrite': [{ resourceId: string; db: number; key: KeyRef; text: string; digest: string }, { digest: string }];
  /** A new key from a document in its type's shape; refused when the name is taken. */
  'cache/keyCreate': [
    { resourceId: string; db: number; key: string; type: KeyType; text: string; ttlSeconds?: number },
    Record<string, never>,
  ];
  /** A key renamed; refused when the new name is taken. */
  'cache/keyRename': [{ resourceId: string; db: number; key: KeyRef; to: string }, Record<string, never>];
  /** A key's time to live set (seconds > 0) or removed (0). */
  'cache/keyExpire': [{ resourceId: string; db: number; key: KeyRef; ttlSeconds: number }, { ttlMs: number }];
  /** The given keys removed (UNLINK). */
  'cache/keysDelete': [{ resourceId: string; db: number; keys: KeyRef[] }, { deleted: number }];
  /** How many keys match a pattern (SCAN over the whole keyspace). */
  'cache/keysCount': [{ resourceId: string; db: number; match: string; operationId?: string }, { count: number }];
  /** Every key matching a pattern removed, SCAN batch by UNLINK batch; cancellable between batches. */
  'cache/keysDeleteMatching': [
    { resourceId: string; db: number; match: string; operationId?: string },
    { deleted: number; batches: number },
  ];
  /**
   * Keys of a database watched while it is expanded (keyspace notifications, when the cache has them on), or no
   * longer; `live` says whether changes will be pushed, `reason` why not.
   */
  'cache/watchKeys': [{ resourceId: string; db: number; watch: boolean }, { live: boolean; reason?: string }];
  /** The memory a key takes (MEMORY USAGE). */
  'cache/keyMemory': [{ resourceId: string; db: number; key: KeyRef }, { bytes: number }];
  /**
   * Starts (`watch`) or stops a window's watch of a dashboard. Sampling runs only while some window watches it; the
   * answer to a start holds the history kept so far, and `dashboard/sample` follows each interval.
   */
  'dashboard/watch': [{ target: DashboardTarget; watch: boolean }, { snapshot?: DashboardSnapshot }];
  /** A memcached cache's `stats`. */
  'memcached/stats': [{ resourceId: string }, MemcachedStats];
  /** A page of a memcached cache's items (`lru_crawler metadump all`), from `offset`. */
  'memcached/items': [{ resourceId: string; offset: number; count?: number }, MemcachedItemPage];
  'memcached/get': [{ resourceId: string; key: string }, MemcachedValue];
  'memcached/set': [{ resourceId: string; key: string; value: string; ttlSeconds?: number }, Record<string, never>];
  'memcached/delete': [{ resourceId: string; key: string }, { deleted: boolean }];
  /**
   * Images on the Docker engine: those of a repository ("redis" lists redis:7, redis:7.2-alpine…), and of a list of
   * references which are here. What a picker offers, and marks when it would need a pull.
   */
  'images/local': [{ repository?: string; refs?: string[] }, { images: LocalImage[]; present: string[] }];
  'cache/delete': [{ resourceId: string }, { removedVolume?: string; keptVolumes: string[] }];
  'cache/removeOrphan': [{ resourceId: string; removeData: boolean }, { removedVolume?: string }];
  /** Adopt Orphan: the desired-state entry of a container of ours, rebuilt from it. */
  'resource/adopt': [{ resourceId: string }, AdoptResult];
  'instance/launch': [InstanceLaunchParams, InstanceLaunchResult];
  'instance/stop': [{ resourceId: string }, { ok: true }];
  'instance/start': [{ resourceId: string }, { ok: true }];
  'instance/reboot': [{ resourceId: string }, { ok: true }];
  'instance/terminate': [{ resourceId: string }, { ok: true }];
  'function/deploy': [FunctionDeployParams, FunctionDeployResult];
  /** codePath: a folder to take the code from instead of the one it was deployed from. */
  /** `notFrom`: folders of a workspace in Restricted Mode; code inside them is not deployed. */
  'function/redeploy': [{ resourceId: string; operationId?: string; codePath?: string; notFrom?: string[] }, FunctionDeployResult];
  'function/invoke': [{ resourceId: string; payload: string }, InvokeResult];
  'function/stop': [{ resourceId: string }, { ok: true }];
  'function/start': [{ resourceId: string; operationId?: string }, { waitedMs: number }];
  'function/delete': [{ resourceId: string }, { ok: true }];
  /** The log so far (Console Output): at most `tail` lines. */
  'logs/read': [{ resourceId: string; tail: number }, { text: string; truncated: boolean }];
  /** A container's inspect document or a Pod object as JSON; secret-looking env values masked unless `reveal`. */
  'resource/inspect': [{ resourceId: string; reveal?: boolean }, { kind: 'container' | 'pod'; json: string; masked: number }];
  /** A stack file read and planned against what exists: its problems (with positions), or its plan as steps and text. */
  /** `digest`: what an Apply of this plan sends back, so it applies what was shown or refuses. */
  'stack/plan': [{ file: string; text?: string }, { problems?: StackProblem[]; plan?: StackPlan; text?: string; digest?: string }];
  /** Planned again and applied step by step; remove: also take away what the stack made and the file no longer lists. */
  'stack/apply': [{ file: string; remove: boolean; digest: string; operationId?: string }, { outcomes: StackOutcome[]; text: string }];
  /** What the stack made, as its file's folder and name say, taken away; a cache's data kept unless removeData. */
  'stack/down': [{ file: string; removeData: boolean; operationId?: string }, { outcomes: StackOutcome[]; text: string }];
  /** What the stack made, before a Down: each resource, so a window can say what goes. */
  'stack/members': [{ file: string }, { stack: string; scope: string; steps: PlanStep[] }];
  /** A stack file's text from what exists now (ours, and fakecloud servers' through their API), for a folder. */
  'stack/export': [{ folder: string; format?: 'yaml' | 'json' }, { text: string; count: number; left: string[] }];
  /** A running resource's files; a failure carries data.fileError (a FileErrorCode) for the file system. */
  'files/list': [{ resourceId: string; path: string }, { entries: FileEntry[] }];
  'files/stat': [{ resourceId: string; path: string }, FileEntry];
  'files/read': [{ resourceId: string; path: string }, { base64: string }];
  'files/write': [{ resourceId: string; path: string; base64: string; create: boolean; overwrite: boolean }, { ok: true }];
  'files/delete': [{ resourceId: string; path: string; recursive: boolean }, { ok: true }];
  'files/mkdir': [{ resourceId: string; path: string }, { ok: true }];
  'files/rename': [{ resourceId: string; from: string; to: string; overwrite: boolean }, { ok: true }];
  /**
   * Into dest (a folder of this machine) under the source's name made a safe file name, whole or not at all; a name
   * there already is a FileExists error naming the real target, unless `overwrite`.
   */
  'files/download': [
    { resourceId: string; path: string; dest: string; overwrite: boolean; operationId?: string },
    { files: number; bytes: number; skipped: number; renamed?: number; target: string },
  ];
  /** Local files and folders into a folder of the resource, each under its own name. */
  'files/upload': [
    { resourceId: string; sources: string[]; path: string; overwrite: boolean; operationId?: string },
    { files: number; bytes: number },
  ];
  /** The kubeconfig's contexts (and which is in use), for the context picker. */
  'kubernetes/contexts': [
    { kubeconfig?: string },
    { contexts: { name: string; cluster: string; namespace?: string }[]; current: string; source: string },
  ];
  /** The namespaces of the connected cluster, for the namespace picker. */
  'kubernetes/namespaces': [Record<string, never>, { namespaces: string[] }];
  /** A loopback port on this machine reaching a port of a resource's Pod, open while this client is connected. */
  'resource/portForward': [{ resourceId: string; port?: number }, { localPort: number; remotePort: number; forwardId: string }];
  'resource/stopPortForward': [{ forwardId: string }, { ok: true }];
  /** `cancelled: false` with a reason when the operation is past its point of no return, or over. */
  'operation/cancel': [{ operationId: string }, { cancelled: boolean; reason?: string }];
  /** The operations running now, with their steps so far: a window opened meanwhile shows them. */
  /** Looks at every fakecloud server endpoint now (Retry), and answers what is shown. */
  'servers/check': [Record<string, never>, { servers: ServerStatus[] }];
  'operations/list': [Record<string, never>, { operations: OperationInfo[]; ended: EndedOperation[] }];
  /** An action on a fakecloud server's resource (by its AWS resource id), through the server's API. */
  'aws/act': [{ id: string; action: AwsAction; operationId?: string }, { message: string }];
  /** Invoke through the server's Lambda API, cold or warm; the log tail it returns. */
  'aws/invoke': [{ id: string; payload: string }, InvokeResult];
  /** The server's invocation log, of one function when named. */
  'aws/invocations': [{ server: string; functionName?: string }, { invocations: Invocation[] }];
  /** Wipes one service's state on the server (`service` omitted: all of it). */
  'aws/reset': [{ server: string; service?: string }, { ok: true }];
  /** CreateCacheCluster, answered once the server calls it available. */
  'aws/createCache': [
    { server: string; id: string; engine: 'redis' | 'valkey' | 'memcached'; nodeType?: string; operationId?: string },
    { id: string; status: string; endpoint?: { host: string; port: number } },
  ];
  'aws/runInstance': [
    { server: string; imageId: string; instanceType?: string; userData?: string; name?: string; operationId?: string },
    { instanceId: string; state: string },
  ];
  /** CreateFunction with the folder zipped as Lambda takes it. */
  'aws/createFunction': [
    {
      server: string;
      name: string;
      runtime: string;
      handler: string;
      codePath: string;
      environment?: Record<string, string>;
      operationId?: string;
    },
    { name: string; arn?: string; files: number; bytes: number },
  ];
  'reconcile/now': [{ name?: string }, { report: ReconcileReport | null }];
  'reconcile/last': [Record<string, never>, { report: ReconcileReport | null }];
  'resource/update': [{ resourceId: string; image?: string; operationId?: string }, UpdateResultPayload];
  /** The client picks the id, so chunks pushed before the reply arrives are not lost. */
  'logs/follow': [{ resourceId: string; tail: number; subscriptionId: string }, { subscriptionId: string }];
  'logs/stop': [{ subscriptionId: string }, { ok: true }];
  /** lineMode: no TTY on the other side; the terminal edits lines itself and sends them with CRLF. */
  'terminal/open': [
    { resourceId: string; kind: 'cache-cli' | 'shell'; cols: number; rows: number; sessionId: string },
    { sessionId: string; title: string; lineMode: boolean },
  ];
  'terminal/resize': [{ sessionId: string; cols: number; rows: number }, { ok: true }];
  'terminal/close': [{ sessionId: string }, { ok: true }];
}

export interface LocalImage {
  ref: string;
  /** Unix seconds. */
  created: number;
  size: number;
}

/** An operation as every window sees it. */
export interface OperationInfo {
  operationId: string;
  /** "Updating orders", as the progress notification says it. */
  title: string;
  resourceId?: string;
  /** Its name: the channel its steps go to, also once its container was replaced. */
  resourceName?: string;
  steps: string[];
  cancellable: boolean;
  startedAt: number;
}

export interface EndedOperation {
  operationId: string;
  title: string;
  resourceId?: string;
  resourceName?: string;
  outcome: OperationOutcome;
}

export interface OperationOutcome {
  level: 'info' | 'warning' | 'error';
  message: string;
}

/** Notifications the client sends (no reply, so typing is not held up by a round trip). */
export interface ClientNotifications {
  'terminal/input': { sessionId: string; data: string };
}

/** Notifications the service pushes: name → params. */
export interface Notifications {
  'model/changed': ModelDiff;
  'log/line': LogLine;
  /** A step of an operation, to every window; `cancellable: false` once it is past its point of no return. */
  'operation/progress': { operationId: string; message: string; cancellable?: boolean };
  /** An operation began, in any window: the others show its progress too. */
  'operation/started': OperationInfo;
  /** An operation ended: every window that did not start it shows the outcome. */
  'operation/ended': EndedOperation;
  'logs/chunk': { subscriptionId: string; stream: 'stdout' | 'stderr'; text: string };
  'logs/ended': { subscriptionId: string; reason: string };
  'terminal/output': { sessionId: string; data: string };
  'terminal/exited': { sessionId: string; exitCode: number };
  'reconcile/report': ReconcileReport;
  /** Keys of a watched database changed (a keyspace notification); sent at most a few times a second. */
  'cache/keysChanged': { resourceId: string; db: number };
  /** A watched dashboard's newest samples. */
  'dashboard/sample': DashboardSample;
}

export type MethodName = keyof Methods;
export type NotificationName = keyof Notifications;

/**
 * The longest request line the service takes from a client that said hello: an invoke payload (Lambda takes 6 MB)
 * with room for JSON escaping. A client sends nothing longer (it says so instead): the service would close the
 * connection on it.
 */
export const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

export const ErrorCodes = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  Internal: -32603,
  Unauthorized: -32001,
  ProtocolMismatch: -32002,
  Timeout: -32003,
  BackendUnavailable: -32004,
  ShuttingDown: -32005,
  /** Redeploy of a function whose code folder is not known (it was adopted): the client asks for one. */
  CodeFolderUnknown: -32006,
} as const;
