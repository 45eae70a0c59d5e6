// Keeps the live model in step with one namespace of a cluster: one list builds
// it, a watch keeps it current (each event patches the model at once), and the
// watch restarts by itself — at once after a clean end, with backoff after an
// error, with a fresh list after 410 Gone — while a watchdog restarts a watch
// that has gone quiet for too long (a silently dropped connection). No per-Pod
// polling. Never throws to callers; failures become the backend's status.
import { CoreV1Api, Watch, type V1Pod } from '@kubernetes/client-node';
import type { BackendStatus } from '../../../protocol/model';
import type { LiveModel } from '../../model/liveModel';
import { backoffDelay } from '../../../protocol/backoff';
import type { ServiceLog } from '../../support/log';
import { withTimeout } from '../../support/timeout';
import type { ResolvedCluster } from './kubeClient';
import { resourcesFromPods } from './podResources';
import { SERVICE_LABEL } from './podSpecs';

export interface KubernetesDiscoveryOptions {
  callTimeoutMs: number;
  /** A watch with no event (bookmarks included) for this long is restarted. */
  watchdogMs: number;
}

export const DEFAULT_KUBERNETES_OPTIONS: KubernetesDiscoveryOptions = { callTimeoutMs: 10_000, watchdogMs: 5 * 60_000 };

/** Both fakecloud's Pods and ours carry fakecloud-service=<service>. */
export const POD_SELECTOR = SERVICE_LABEL;

export class KubernetesDiscovery {
  private cluster: ResolvedCluster | undefined;
  private pods = new Map<string, V1Pod>();
  private resourceVersion = '';
  private generation = 0;
  private failures = 0;
  private abort: AbortController | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private lastEventAt = 0;
  /** Watches in a row that ended in an error; reset by any event. */
  private watchErrors = 0;
  private stopped = true;
  /** Requests sent (lists and watches), for tests and benchmarks. */
  requests = 0;
  /** Resources with no Pod that the model still shows (an instance stopped on Kubernetes). */
  constructor(
    private readonly model: LiveModel,
    private readonly log: ServiceLog,
    private readonly resolve: () => ResolvedCluster,
    private readonly options: KubernetesDiscoveryOptions = { ...DEFAULT_KUBERNETES_OPTIONS },
  ) {}

  private readonly connectedHooks: (() => void)[] = [];

  /** Called at every (re)connect, once the first list is in the model. */
  onConnected(hook: () => void): void {
    this.connectedHooks.push(hook);
  }

  /** The server and namespace of the cluster resolved from the settings, connected or not (yet). */
  scope(): { server: string; namespace: string } | undefined {
    return this.cluster ? { server: this.cluster.server, namespace: this.cluster.namespace } : undefined;
  }

  /** The namespace and KubeConfig in use; a clear error while not connected. */
  connected(): ResolvedCluster {
    const st = this.model.backendStatus('kubernetes');
    if (!this.cluster || st?.state !== 'connected') throw new Error(`Kubernetes is not connected${st?.error ? `: ${st.error}` : ''}`);
    return this.cluster;
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  /** Kubernetes switched off: no watch, no status, no resources. */
  stop(): void {
    this.stopped = true;
    this.generation++;
    this.teardown();
    this.pods.clear();
    this.model.replaceBackendResources('kubernetes', []);
    this.model.setBackendStatus({ backend: 'kubernetes', state: 'disabled', target: '', source: '' });
  }

  /** Settings changed (context, namespace, kubeconfig) or the user asked: connect again now. */
  reconnectNow(): Promise<void> {
    this.failures = 0;
    this.stopped = false;
    return this.connect();
  }

  /** Re-list now (the Refresh button). */
  async refresh(): Promise<void> {
    if (this.model.backendStatus('kubernetes')?.state !== 'connected') return this.reconnectNow();
    await this.list(this.generation).catch(() => undefined);
  }

  /** Shows what the service changed on its side (a stop, a busy mark) without asking the cluster. */
  republish(): void {
    if (this.model.backendStatus('kubernetes')?.state === 'connected') this.publish();
  }

  private teardown(): void {
    this.abort?.abort();
    this.abort = undefined;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.watchdog) clearInterval(this.watchdog);
    this.retryTimer = undefined;
    this.watchdog = undefined;
  }

  private status(state: BackendStatus['state'], extra: Partial<BackendStatus> = {}): void {
    const c = this.cluster;
    this.model.setBackendStatus({
      backend: 'kubernetes',
      state,
      target: c ? `${c.server} (namespace ${c.namespace})` : '',
      source: c?.source ?? '',
      ...extra,
    });
  }

  private async connect(): Promise<void> {
    const gen = ++this.generation;
    this.teardown();
    try {
      this.cluster = this.resolve();
    } catch (err) {
      this.cluster = undefined;
      this.fail(gen, err);
      return;
    }
    this.status('connecting');
    try {
      await this.list(gen);
      if (gen !== this.generation) return;
      this.failures = 0;
      this.status('connected', { version: `context ${this.cluster.context}` });
      this.log.info(
        `Kubernetes: connected to ${this.cluster.server}, namespace ${this.cluster.namespace} (${this.cluster.source}); ${this.pods.size} Pods`,
      );
      for (const h of this.connectedHooks) h();
      await this.watch(gen);
      this.armWatchdog(gen);
    } catch (err) {
      this.fail(gen, err);
    }
  }

  private async list(gen: number): Promise<void> {
    const c = this.cluster;
    if (!c) throw new Error('no cluster resolved');
    const api = c.kc.makeApiClient(CoreV1Api);
    this.requests++;
    const list = await withTimeout(
      api.listNamespacedPod({ namespace: c.namespace, labelSelector: POD_SELECTOR }),
      this.options.callTimeoutMs,
      `list Pods in ${c.namespace}`,
    );
    if (gen !== this.generation) return;
    this.pods = new Map(list.items.map((p) => [p.metadata?.name ?? '', p]));
    this.resourceVersion = list.metadata?.resourceVersion ?? '';
    this.publish();
  }

  private publish(): void {
    this.model.replaceBackendResources('kubernetes', resourcesFromPods([...this.pods.values()]));
  }

  private async watch(gen: number): Promise<void> {
    const c = this.cluster;
    if (!c) throw new Error('no cluster resolved');
    this.lastEventAt = Date.now();
    this.requests++;
    const w = new Watch(c.kc);
    const path = `/api/v1/namespaces/${encodeURIComponent(c.namespace)}/pods`;
    const query = { labelSelector: POD_SELECTOR, resourceVersion: this.resourceVersion, allowWatchBookmarks: true };
    let gone = false;
    const controller = await withTimeout(
      w.watch(
        path,
        query,
        (type: string, obj: V1Pod & { code?: number }) => {
          if (gen !== this.generation) return;
          this.lastEventAt = Date.now();
          this.watchErrors = 0;
          if (type === 'ERROR') {
            // 410 Gone: the resourceVersion is too old; only a new list can tell what changed.
            gone = obj.code === 410;
            if (!gone) this.log.warn(`Kubernetes: watch error ${obj.code ?? ''} ${(obj as { message?: string }).message ?? ''}`);
            return;
          }
          const rv = obj.metadata?.resourceVersion;
          if (rv) this.resourceVersion = rv;
          if (type === 'BOOKMARK') return;
          const name = obj.metadata?.name ?? '';
          if (type === 'DELETED') this.pods.delete(name);
          else this.pods.set(name, obj);
          this.publish();
        },
        (err: unknown) => {
          if (gen !== this.generation || this.stopped) return;
          void this.afterWatch(gen, gone, err);
        },
      ),
      this.options.callTimeoutMs,
      `watch Pods in ${c.namespace}`,
    );
    if (gen !== this.generation) controller.abort();
    else this.abort = controller;
  }

  /**
   * A watch ended: resume it from its resourceVersion (a dropped connection is
   * routine), re-list first after 410; after a few errors in a row the cluster
   * counts as unreachable and the whole connection is retried with backoff.
   */
  private async afterWatch(gen: number, gone: boolean, err: unknown): Promise<void> {
    const aborted = err instanceof Error && err.name === 'AbortError';
    if (err && !aborted) {
      this.watchErrors++;
      if (this.watchErrors > 3) {
        this.watchErrors = 0;
        this.fail(gen, err);
        return;
      }
      await new Promise((r) => setTimeout(r, backoffDelay(this.watchErrors, { initialMs: 100, maxMs: 1_000 })));
      if (gen !== this.generation) return;
    }
    try {
      if (gone) {
        this.log.info('Kubernetes: the watch’s resourceVersion expired (410 Gone); listing again');
        await this.list(gen);
      }
      if (gen === this.generation) await this.watch(gen);
    } catch (e) {
      this.fail(gen, e);
    }
  }

  private armWatchdog(gen: number): void {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = setInterval(
      () => {
        if (gen !== this.generation) return;
        if (Date.now() - this.lastEventAt < this.options.watchdogMs) return;
        this.log.warn(`Kubernetes: no watch event for ${Math.round(this.options.watchdogMs / 1000)} s; listing and watching again`);
        this.abort?.abort();
        this.abort = undefined;
        void this.list(gen)
          .then(() => this.watch(gen))
          .catch((e: unknown) => this.fail(gen, e));
      },
      Math.min(this.options.watchdogMs, 30_000),
    );
  }

  private fail(gen: number, err: unknown): void {
    if (gen !== this.generation || this.stopped) return;
    this.teardown();
    this.failures++;
    const delay = backoffDelay(this.failures);
    const message = err instanceof Error ? err.message : String(err);
    const wasConnected = this.model.backendStatus('kubernetes')?.state === 'connected';
    // What the cluster had can no longer be vouched for: the tree shows the error instead.
    this.pods.clear();
    this.model.replaceBackendResources('kubernetes', []);
    this.status('disconnected', { error: message, nextRetryAt: Date.now() + delay });
    if (wasConnected || this.failures === 1) this.log.warn(`Kubernetes: ${message}; retrying in ${Math.round(delay / 100) / 10} s`);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }
}
