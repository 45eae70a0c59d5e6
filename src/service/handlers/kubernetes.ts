// What the context and namespace pickers need: the kubeconfig's contexts, and
// the connected cluster's namespaces.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { kubeconfigPaths, mergeKubeconfigs } from '../backends/kubernetes/kubeconfig';
import { loadKubernetesModule } from '../backends/kubernetes/lazyKubernetes';
import { withTimeout } from '../support/timeout';
import { z } from 'zod';
import { RpcError } from '../../protocol/jsonRpcPeer';
import { ErrorCodes } from '../../protocol/rpc';
import { handlers, noParams, nonEmpty, resourceRef, wholeNumber } from './handlerTable';
import { l10n } from '../../protocol/l10n';

/** The port a kind of resource serves on, in its Pod. */
function defaultPort(kind: string, engine: string | undefined): number | undefined {
  if (kind === 'cache') return engine === 'memcached' ? 11211 : 6379;
  if (kind === 'function') return 8080;
  return undefined;
}

export const kubernetesHandlers = handlers({
  'resource/portForward': {
    params: resourceRef.extend({ port: wholeNumber(1, 65535).optional() }),
    handle: async (ctx, session, params) => {
      const r = ctx.model.get(params.resourceId);
      if (!r) throw new RpcError(ErrorCodes.InvalidParams, l10n.t('that resource is gone'));
      if (r.backend !== 'kubernetes')
        throw new RpcError(
          ErrorCodes.InvalidParams,
          l10n.t(
            '{0} runs on Docker: its ports are published already{1}',
            r.name,
            r.endpoint ? ` (${r.endpoint.host}:${r.endpoint.port})` : '',
          ),
        );
      if (!r.containerId || r.state !== 'running')
        throw new RpcError(ErrorCodes.InvalidParams, l10n.t('{0} is not running', r.displayName ?? r.name));
      const remotePort = params.port ?? defaultPort(r.kind, r.engine);
      if (!remotePort) throw new RpcError(ErrorCodes.InvalidParams, l10n.t('which port? (an instance has no default)'));
      const forward = await ctx.kubernetes.pods().portForward(r.containerId, remotePort);
      const forwardId = `pf-${r.containerId}-${remotePort}-${forward.port}`;
      // Closed when asked, or when this window goes away.
      session.own(`forward:${forwardId}`, () => forward.close());
      ctx.log.info(`port-forward 127.0.0.1:${forward.port} → ${r.containerId}:${remotePort} (${r.name})`);
      return { localPort: forward.port, remotePort, forwardId };
    },
  },

  'resource/stopPortForward': {
    params: z.object({ forwardId: nonEmpty }),
    handle: async (_ctx, session, params) => {
      session.release(`forward:${params.forwardId}`);
      return { ok: true };
    },
  },

  'kubernetes/contexts': {
    params: z.object({ kubeconfig: z.string().optional() }),
    handle: async (ctx, _session, params) => {
      const setting = params.kubeconfig ?? ctx.settings.kubernetes?.kubeconfig;
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
  },

  'kubernetes/namespaces': {
    params: noParams,
    handle: async (ctx) => {
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
  },
});
