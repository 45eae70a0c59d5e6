// Acting on a fakecloud server's resources through its API, so its own state, its invocation log and its users'
// SDK calls stay true: reboot, delete, stop, start, terminate, invoke, evict a warm container, reset a service,
// and making caches, instances and functions on it. Each ends by listing the server again, so the tree shows the
// outcome as the server sees it.
import { AWS_ACTIONS, AWS_TYPE_NAMES, type AwsAction, type AwsResource, type Invocation } from '../../protocol/aws';
import type { LiveModel } from '../model/liveModel';
import { UserError } from '../runtime/userError';
import type { OperationContext } from '../runtime/images';
import type { ServerInventories } from './serverInventories';
import type { CacheClusterInfo, CreateFunctionRequest, InstanceInfo, InvokeAnswer, RunInstanceRequest } from './serverApi';
import { AwsApiError } from './serverApi';
import { waitForServerState } from '../runtime/serverWait';
import { SentInvocations } from './sentInvocations';
import { l10n } from '../../protocol/l10n';

/** How long Create Cache waits for the server to call a new cluster available. */
export const CACHE_AVAILABLE_TIMEOUT_MS = 5 * 60_000;

const ACTION_WORDS: Record<AwsAction, string> = {
  reboot: 'reboot',
  delete: 'delete',
  stop: 'stop',
  start: 'start',
  terminate: 'terminate',
  evict: 'evict the warm container of',
};

export class ServerActions {
  private readonly sent = new SentInvocations();

  constructor(
    private readonly model: LiveModel,
    private readonly inventories: ServerInventories,
  ) {}

  /** The resource as the last listing saw it. */
  read(id: string): AwsResource | undefined {
    return this.model.awsResource(id);
  }

  relist(server: string): Promise<void> {
    return this.inventories.refresh(server);
  }

  private item(id: string): AwsResource {
    const a = this.model.awsResource(id);
    if (!a) throw new UserError(l10n.t('that resource is no longer listed by its fakecloud server (refresh the view)'));
    return a;
  }

  /** A server's API error keeps its code and message; anything else says what was being done. */
  private async through<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      // By name: the SDK half is a bundle of its own, with its own copy of the class.
      if (err instanceof AwsApiError || (err as Error).name === 'AwsApiError')
        throw new UserError(l10n.t('{0}: the fakecloud server answered {1}', what, (err as Error).message));
      throw new UserError(`${what}: ${(err as Error).message}`);
    }
  }

  async act(id: string, action: AwsAction): Promise<{ message: string }> {
    const a = this.item(id);
    if (!AWS_ACTIONS[a.type].includes(action))
      throw new UserError(l10n.t('a {0} cannot be told to {1} through the AWS API', AWS_TYPE_NAMES[a.type], action));
    const what = `${ACTION_WORDS[action]} ${AWS_TYPE_NAMES[a.type]} ${a.awsId}`;
    const api = await this.inventories.api(a.server);
    let message = `${a.displayName ?? a.awsId}: ${action === 'evict' ? 'warm container evicted' : `${action} requested`}`;
    await this.through(what, async () => {
      switch (`${a.type}:${action}`) {
        case 'cache-cluster:reboot':
          return api.rebootCacheCluster(a.awsId);
        case 'cache-cluster:delete':
          return api.deleteCacheCluster(a.awsId);
        case 'replication-group:delete':
          return api.deleteReplicationGroup(a.awsId);
        case 'function:delete':
          return api.deleteFunction(a.awsId);
        case 'function:evict': {
          const evicted = await this.inventories.introspection(a.server).evict(a.awsId);
          if (!evicted) message = `${a.awsId} had no warm container`;
          return;
        }
        case 'instance:stop':
          return api.stopInstance(a.awsId);
        case 'instance:start':
          return api.startInstance(a.awsId);
        case 'instance:reboot':
          return api.rebootInstance(a.awsId);
        case 'instance:terminate':
          return api.terminateInstance(a.awsId);
      }
    });
    await this.inventories.refresh(a.server);
    return { message };
  }

  /** Invokes through the server's Lambda API (cold or warm), with the log tail it returns. */
  async invoke(id: string, payload: string, signal?: AbortSignal): Promise<InvokeAnswer & { durationMs: number }> {
    const a = this.item(id);
    if (a.type !== 'function') throw new UserError(l10n.t('{0} is a {1}, not a function', a.awsId, AWS_TYPE_NAMES[a.type]));
    const api = await this.inventories.api(a.server);
    const t0 = process.hrtime.bigint();
    const at = new Date();
    const answer = await this.through(`invoke ${a.awsId}`, () => api.invoke(a.awsId, payload, signal));
    this.sent.record(a.server, a.arn ?? a.awsId, payload, at);
    const durationMs = Number(process.hrtime.bigint() - t0) / 1e6;
    // A cold start made a warm container: the tree shows it.
    void this.inventories.refresh(a.server).catch(() => undefined);
    return { ...answer, durationMs };
  }

  /**
   * The server's invocation log, of one function when asked, newest last; with the invokes sent from here that the
   * server did not log itself (source `fakecloud-explorer`).
   */
  async invocations(server: string, functionName?: string): Promise<Invocation[]> {
    const all = await this.through('read the invocation log', () => this.inventories.introspection(server).invocations());
    return this.sent.merge(server, all, functionName);
  }

  /** Wipes one service's state on the server (or all), then lists it again. */
  async reset(server: string, service?: string): Promise<void> {
    await this.through(`reset ${service ?? 'every service'}`, () => this.inventories.introspection(server).reset(service));
    if (!service || service === 'lambda') this.sent.forget(server);
    await this.inventories.refresh(server);
  }

  /** CreateCacheCluster, then waits until the server calls it available. */
  async createCache(
    server: string,
    req: { id: string; engine: 'redis' | 'valkey' | 'memcached'; nodeType?: string },
    op: OperationContext,
  ): Promise<CacheClusterInfo> {
    const api = await this.inventories.api(server);
    op.progress(l10n.t('CreateCacheCluster {0} ({1})', req.id, req.engine));
    const made = await this.through(`create cache cluster ${req.id}`, () => api.createCacheCluster(req));
    if (made.status === 'available') {
      await this.inventories.refresh(server);
      return made;
    }
    // The server's listing says when it is available (every second meanwhile, seen or not).
    await this.inventories.refresh(server);
    const listed = () => this.model.awsResources().find((a) => a.server === server && a.type === 'cache-cluster' && a.awsId === req.id);
    await waitForServerState(
      listed,
      () => this.inventories.refresh(server),
      (status) => {
        if (/fail|incompatible|deleted|deleting/i.test(status)) throw new UserError(l10n.t('{0} became {1}', req.id, status));
        return status === 'available';
      },
      op,
      'available',
      CACHE_AVAILABLE_TIMEOUT_MS,
    );
    const a = listed();
    return { ...made, status: a?.status ?? 'available', ...(a?.endpoint ? { endpoint: a.endpoint } : {}) };
  }

  async runInstance(server: string, req: RunInstanceRequest): Promise<InstanceInfo> {
    const api = await this.inventories.api(server);
    const made = await this.through(`run instance of ${req.imageId}`, () => api.runInstance(req));
    await this.inventories.refresh(server);
    return made;
  }

  async createFunction(server: string, req: CreateFunctionRequest): Promise<{ name: string; arn?: string }> {
    const api = await this.inventories.api(server);
    const made = await this.through(`create function ${req.name}`, () => api.createFunction(req));
    await this.inventories.refresh(server);
    return made;
  }
}
