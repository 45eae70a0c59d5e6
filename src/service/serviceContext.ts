// What request handlers can reach: the model, the log, the backends and the
// service's own lifecycle. Handlers stay thin: validate, call, map errors.
import type { ServiceSettings, ServiceStatus } from '../protocol/rpc';
import type { DockerDiscovery } from './backends/docker/dockerDiscovery';
import type { LazyKubernetes } from './backends/kubernetes/lazyKubernetes';
import type { ClientSession } from './clientSession';
import type { LiveModel } from './model/liveModel';
import type { CacheRuntime } from './runtime/caches/cacheRuntime';
import type { FunctionRuntime } from './runtime/functions/functionRuntime';
import type { InstanceRuntime } from './runtime/instances/instanceRuntime';
import type { Adoption } from './runtime/adoption';
import type { Backends } from './runtime/resourceAccess';
import type { ServiceLog } from './support/log';
import type { Operations } from './support/operations';
import type { UpdateService } from './update/updateService';
import type { Reconciler } from './reconcile/reconciler';
import type { ServerWatcher } from './fakecloud/serverWatcher';
import type { ServerInventories } from './fakecloud/serverInventories';
import type { ServerActions } from './fakecloud/serverActions';
import type { KeyBrowser } from './runtime/caches/keyBrowser';
import type { FileBrowser } from './runtime/files/fileBrowser';
import type { MemcachedBrowser } from './runtime/caches/memcachedBrowser';
import type { KeyWatches } from './runtime/caches/keyWatches';
import type { Dashboards } from './metrics/dashboards';
import type { DesiredStateStore } from './store/desiredState';
import type { StackJournal } from './stacks/stackJournal';
import type { Creations } from './runtime/creations';

/** The service's parts, made once in main.ts and handed to the server as they are. */
export interface ServiceParts {
  model: LiveModel;
  log: ServiceLog;
  docker: DockerDiscovery;
  kubernetes: LazyKubernetes;
  caches: CacheRuntime;
  instances: InstanceRuntime;
  functions: FunctionRuntime;
  adoption: Adoption;
  updates: UpdateService;
  reconciler: Reconciler;
  operations: Operations;
  /** fakecloud servers: found by their health route. */
  servers: ServerWatcher;
  /** Their resources, listed through their AWS API. */
  inventories: ServerInventories;
  /** Acting on those resources through that API. */
  serverActions: ServerActions;
  /** A running resource's files: browsing, editing, downloads and uploads. */
  files: FileBrowser;
  /** What is inside a Redis cache. */
  keys: KeyBrowser;
  memcached: MemcachedBrowser;
  keyWatches: KeyWatches;
  /** Live charts: sampled only while a window watches them. */
  dashboards: Dashboards;
  settings: ServiceSettings;
  /** What the service keeps running (read here; each kind's runtime writes it). */
  desiredState: Pick<DesiredStateStore, 'caches' | 'instances' | 'functions'>;
  /** What a stack made on fakecloud servers. */
  stackJournal: StackJournal;
  /** Creates that have not finished (what they left is not there for a stack's plan). */
  creations: Pick<Creations, 'unfinishedContainers'>;
  /** What was wrong with the desired state when it was read, if anything. */
  stateProblem(): string | undefined;
}

/** What request handlers can reach: the parts, and what the server adds. */
export interface ServiceContext extends ServiceParts {
  /** How to reach a resource's process, wherever it runs. */
  backends: Backends;
  sessions(): ClientSession[];
  status(): ServiceStatus;
  /** Reply first, then stop. */
  shutdownSoon(reason: string): void;
  /** A client's view visibility changed: recompute whether any view is visible. */
  visibilityChanged(): void;
}
