// The Kubernetes backend, loaded on first use: @kubernetes/client-node is large,
// and a service that only talks to Docker should not pay for it at start
// (≈120 ms and ≈25 MB). kubernetesModule.ts is bundled on its own
// (dist/kubernetes.js, see esbuild.mjs) and imported here only when enabled.
import type { LiveModel } from '../../model/liveModel';
import type { ServiceLog } from '../../support/log';
import type { KubernetesSettings, ResolvedCluster } from './kubeClient';
import type { KubernetesDiscovery } from './kubernetesDiscovery';
import type { KubeScope, PodBackend } from '../podBackend';

export type KubernetesModule = typeof import('./kubernetesModule');

export function loadKubernetesModule(): Promise<KubernetesModule> {
  return import('./kubernetesModule');
}

export class LazyKubernetes {
  private impl: KubernetesDiscovery | undefined;
  private module: KubernetesModule | undefined;
  private loading: Promise<KubernetesDiscovery> | undefined;

  constructor(
    private readonly model: LiveModel,
    private readonly log: ServiceLog,
    private readonly settings: () => KubernetesSettings,
  ) {}

  get loaded(): boolean {
    return this.impl !== undefined;
  }

  get requests(): number {
    return this.impl?.requests ?? 0;
  }

  private readonly connectedHooks: (() => void)[] = [];

  /** Called at every (re)connect to the cluster. */
  onConnected(hook: () => void): void {
    this.connectedHooks.push(hook);
    this.impl?.onConnected(hook);
  }

  republish(): void {
    this.impl?.republish();
  }

  private load(): Promise<KubernetesDiscovery> {
    this.loading ??= (async () => {
      this.module = await loadKubernetesModule();
      const { KubernetesDiscovery, resolveCluster } = this.module;
      const d = new KubernetesDiscovery(this.model, this.log, () => resolveCluster(this.settings()));
      for (const h of this.connectedHooks) d.onConnected(h);
      this.impl = d;
      return d;
    })();
    return this.loading;
  }

  async reconnectNow(): Promise<void> {
    await (await this.load()).reconnectNow();
  }

  async refresh(): Promise<void> {
    await this.impl?.refresh();
  }

  stop(): void {
    this.impl?.stop();
  }

  /** Pod operations on the connected cluster and namespace; a clear error while not connected. */
  pods(): PodBackend {
    const cluster = this.connected();
    // Loaded before the discovery that connected() found.
    const module = this.module;
    if (!module) throw new Error('Kubernetes is not loaded');
    return new module.PodOperations(cluster.kc, cluster.namespace, cluster.server);
  }

  /** The server and namespace the settings point at (what the model shows Pods of); undefined until resolved. */
  scope(): KubeScope | undefined {
    return this.impl?.scope();
  }

  /** The namespace and KubeConfig in use; a clear error while not connected (or never enabled). */
  connected(): ResolvedCluster {
    if (!this.impl) throw new Error('Kubernetes is not enabled (fakecloud.kubernetes.enabled)');
    return this.impl.connected();
  }
}
