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

export interface ServiceContext {
  /** How to reach a resource's process, wherever it runs. */
  backends: Backends;
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
  settings: ServiceSettings;
  sessions(): ClientSession[];
  /** What was wrong with the desired state when it was read, if anything. */
  stateProblem(): string | undefined;
  status(): ServiceStatus;
  /** Reply first, then stop. */
  shutdownSoon(reason: string): void;
  /** A client's view visibility changed: recompute whether any view is visible. */
  visibilityChanged(): void;
}

export type NotificationHandler = (ctx: ServiceContext, session: ClientSession, params: unknown) => void;
