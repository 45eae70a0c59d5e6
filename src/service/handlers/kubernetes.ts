// What the context and namespace pickers need: the kubeconfig's contexts, and
// the connected cluster's namespaces.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { kubeconfigPaths, mergeKubeconfigs } from '../backends/kubernetes/kubeconfig';
import { loadKubernetesModule } from '../backends/kubernetes/lazyKubernetes';
import { withTimeout } from '../support/timeout';
import type { Handler } from '../serviceContext';
import { num, optStr, str } from './params';
import { RpcError } from '../../protocol/jsonRpcPeer';
import { ErrorCodes } from '../../protocol/rpc';

/** The port a kind of resource serves on, in its Pod. */
function defaultPort(kind: string, engine: string | undefined): number | undefined {
  if (kind === 'cache') return engine === 'memcached' ? 11211 : 6379;
  if (kind === 'function') return 8080;
  return undefined;
}

export const kubernetesHandlers: Record<string, Handler> = {
  async 'resource/portForward'(ctx, session, params) {
    const r = ctx.model.get(str(params, 'resourceId'));
    if (!r) throw new RpcError(ErrorCodes.InvalidParams, 'that resource is gone');
    if (r.backend !== 'kubernetes')
      throw new RpcError(
        ErrorCodes.InvalidParams,
        `${r.name} runs on Docker: its ports are published already${r.endpoint ? ` (${r.endpoint.host}:${r.endpoint.port})` : ''}`,
      );
    if (!r.containerId || r.state !== 'running') throw new RpcError(ErrorCodes.InvalidParams, `${r.displayName ?? r.name} is not running`);
    const asked = (params as { port?: unknown }).port;
    const remotePort = asked === undefined ? defaultPort(r.kind, r.engine) : num(params, 'port', 1, 65535);
    if (!remotePort) throw new RpcError(ErrorCodes.InvalidParams, 'which port? (an instance has no default)');
    const forward = await ctx.kubernetes.pods().portForward(r.containerId, remotePort);
    const forwardId = `pf-${r.containerId}-${remotePort}-${forward.port}`;
    // Closed when asked, or when this window goes away.
    session.own(`forward:${forwardId}`, () => forward.close());
    ctx.log.info(`port-forward 127.0.0.1:${forward.port} → ${r.containerId}:${remotePort} (${r.name})`);
    return { localPort: forward.port, remotePort, forwardId };
  },

  async 'resource/stopPortForward'(_ctx, session, params) {
    session.release(`forward:${str(params, 'forwardId')}`);
    return { ok: true };
  },

  async 'kubernetes/contexts'(ctx, _session, params) {
    const setting = optStr(params, 'kubeconfig') ?? ctx.settings.kubernetes?.kubeconfig;
    const where = kubeconfigPaths({
      setting,
      env: process.env,
      homedir: os.homedir(),
      delimiter: path.delimiter,
      exists: (p) => fs.existsSync(p),
    });
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
    return {
      namespaces: list.items
        .map((n) => n.metadata?.name ?? '')
        .filter(Boolean)
        .sort(),
    };
  },
};
