// hello, shutdown, status, and per-client settings and view visibility.
import { z } from 'zod';
import { BUILD, VERSION } from '../../protocol/buildInfo';
import { RpcError } from '../../protocol/jsonRpcPeer';
import { podConfigFromSettings } from '../backends/kubernetes/podConfig';
import { ErrorCodes, PROTOCOL_VERSION } from '../../protocol/rpc';
import { handlers, noParams } from './handlerTable';
import { serviceSettingsSchema } from './settingsSchema';

export const sessionHandlers = handlers({
  hello: {
    // The token and protocol were checked by the session before this runs.
    params: z.object({
      token: z.string(),
      protocolVersion: z.number(),
      clientVersion: z.string(),
      clientBuild: z.string(),
      clientName: z.string(),
      language: z.string().max(35).optional(),
    }),
    handle: async (ctx, session) => {
      ctx.log.info(`client connected: ${session.name} (${ctx.sessions().length} connected)`);
      const stateProblem = ctx.stateProblem();
      return {
        protocolVersion: PROTOCOL_VERSION,
        serviceVersion: VERSION,
        serviceBuild: BUILD,
        pid: process.pid,
        ...(stateProblem ? { stateProblem } : {}),
      };
    },
  },

  shutdown: {
    params: z.object({ reason: z.string().default('asked') }),
    handle: async (ctx, session, p) => {
      ctx.log.info(`shutdown requested by ${session.name}: ${p.reason}`);
      ctx.shutdownSoon(p.reason);
      return { ok: true };
    },
  },

  'service/status': {
    params: noParams,
    handle: async (ctx) => ctx.status(),
  },

  'client/configure': {
    params: serviceSettingsSchema,
    handle: async (ctx, _session, p) => {
      // Scheduling is checked here, so a wrong shape is an error to the window, not a failed create later.
      if (p.kubernetes) {
        try {
          podConfigFromSettings(p.kubernetes.scheduling, 'fakecloud.kubernetes.scheduling');
          for (const [svc, v] of Object.entries(p.kubernetes.schedulingByService ?? {}))
            podConfigFromSettings(v, `fakecloud.kubernetes.schedulingByService.${svc}`);
        } catch (err) {
          throw new RpcError(ErrorCodes.InvalidParams, (err as Error).message);
        }
      }
      // Everything is checked: from here on the settings are applied.
      const s = ctx.settings;
      if (p.functionImages !== undefined) s.functionImages = { ...p.functionImages };
      if (p.invokeTimeoutSeconds !== undefined) s.invokeTimeoutSeconds = p.invokeTimeoutSeconds;
      if (p.update !== undefined) s.update = { ...p.update };
      if (p.reconcile !== undefined) {
        s.reconcile = { ...p.reconcile };
        ctx.reconciler.setIntervalMs(p.reconcile.intervalSeconds * 1000);
      }
      if (p.networkMode !== undefined) s.networkMode = p.networkMode;
      if (p.servers !== undefined) {
        s.servers = [...p.servers];
        ctx.servers.setEndpoints(p.servers);
      }
      if (p.redisImage !== undefined) s.redisImage = p.redisImage;
      if (p.memcachedImage !== undefined) s.memcachedImage = p.memcachedImage;
      if (p.instanceImage !== undefined) s.instanceImage = p.instanceImage;
      if (p.readinessTimeoutSeconds !== undefined) s.readinessTimeoutSeconds = p.readinessTimeoutSeconds;
      const hostChanged = p.dockerHost !== undefined && (p.dockerHost || '') !== (s.dockerHost || '');
      if (p.dockerHost !== undefined) s.dockerHost = p.dockerHost;
      if (p.fallbackPollSeconds !== undefined && p.fallbackPollSeconds !== s.fallbackPollSeconds) {
        s.fallbackPollSeconds = p.fallbackPollSeconds;
        ctx.docker.setFallbackPollMs(p.fallbackPollSeconds * 1000);
        ctx.servers.setPollMs(p.fallbackPollSeconds * 1000);
      }
      if (p.dashboardSampleSeconds !== undefined && p.dashboardSampleSeconds !== s.dashboardSampleSeconds) {
        s.dashboardSampleSeconds = p.dashboardSampleSeconds;
        ctx.dashboards.setIntervalMs(p.dashboardSampleSeconds * 1000);
      }
      if (p.kubernetes !== undefined) {
        const k = p.kubernetes;
        const next = {
          enabled: k.enabled,
          kubeconfig: k.kubeconfig?.trim() ?? '',
          context: k.context?.trim() ?? '',
          namespace: k.namespace?.trim() ?? '',
        };
        const prev = s.kubernetes;
        s.kubernetes = {
          ...next,
          stagingImage: k.stagingImage?.trim() ?? '',
          pullSecret: k.pullSecret?.trim() ?? '',
          scheduling: k.scheduling,
          schedulingByService: k.schedulingByService ?? {},
        };
        // How Pods are made needs no reconnect; where the cluster is does.
        const prevWhere = prev
          ? { enabled: prev.enabled, kubeconfig: prev.kubeconfig, context: prev.context, namespace: prev.namespace }
          : undefined;
        if (JSON.stringify(prevWhere) !== JSON.stringify(next)) {
          if (next.enabled) {
            ctx.log.info(`Kubernetes: ${prev?.enabled ? 'settings changed; reconnecting' : 'enabled'}`);
            void ctx.kubernetes.reconnectNow();
          } else if (prev?.enabled) {
            ctx.log.info('Kubernetes: disabled');
            ctx.kubernetes.stop();
          }
        }
      }
      if (hostChanged) {
        ctx.log.info(`Docker host setting is now "${s.dockerHost || '(from the environment)'}"; reconnecting`);
        void ctx.docker.reconnectNow();
      }
      return { ok: true };
    },
  },

  'client/viewVisible': {
    params: z.object({ visible: z.boolean() }),
    handle: async (ctx, session, p) => {
      session.viewVisible = p.visible;
      ctx.visibilityChanged();
      return { ok: true };
    },
  },
});
