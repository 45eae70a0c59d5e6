// What the context and namespace pickers need: the kubeconfig's contexts, and
// the connected cluster's namespaces.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { kubeconfigPaths, mergeKubeconfigs } from '../backends/kubernetes/kubeconfig';
import { loadKubernetesModule } from '../backends/kubernetes/lazyKubernetes';
import { withTimeout } from '../support/timeout';
import type { Handler } from '../serviceContext';
import { optStr } from './params';

export const kubernetesHandlers: Record<string, Handler> = {
  async 'kubernetes/contexts'(ctx, _session, params) {
    const setting = optStr(params, 'kubeconfig') ?? ctx.settings.kubernetes?.kubeconfig;
    const where = kubeconfigPaths({ setting, env: process.env, homedir: os.homedir(), delimiter: path.delimiter, exists: (p) => fs.existsSync(p) });
    if ('error' in where) throw new Error(where.error);
    // Loaded here, on first use: the client is large and a Docker-only service never needs it.
    const { KubeConfig } = await loadKubernetesModule();
    const merged = mergeKubeconfigs(
      where.paths.map((file) => {
        const kc = new KubeConfig();
        kc.loadFromFile(file);
        return { clusters: kc.clusters, users: kc.users, contexts: kc.contexts, currentContext: kc.currentContext };
      }),
    );
    return {
      contexts: merged.contexts.map((c) => ({ name: c.name, cluster: c.cluster, ...(c.namespace ? { namespace: c.namespace } : {}) })),
      current: ctx.settings.kubernetes?.context || merged.currentContext,
      source: where.source,
    };
  },

  async 'kubernetes/namespaces'(ctx) {
    const cluster = ctx.kubernetes.connected();
    const { CoreV1Api } = await loadKubernetesModule();
    const api = cluster.kc.makeApiClient(CoreV1Api);
    const list = await withTimeout(api.listNamespace(), 10_000, 'list namespaces');
    return { namespaces: list.items.map((n) => n.metadata?.name ?? '').filter(Boolean).sort() };
  },
};
