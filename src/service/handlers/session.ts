// hello, shutdown, status, and per-client settings and view visibility.
import { BUILD, VERSION } from '../../protocol/buildInfo';
import { RpcError } from '../../protocol/jsonRpcPeer';
import { podConfigFromSettings } from '../backends/kubernetes/podConfig';
import { ErrorCodes, PROTOCOL_VERSION, type HelloResult, type ServiceSettings } from '../../protocol/rpc';
import type { Handler } from '../serviceContext';
import { type LimitedSetting, outOfRange } from '../../protocol/settingLimits';

export const sessionHandlers: Record<string, Handler> = {
  async hello(ctx, session): Promise<HelloResult> {
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

  async shutdown(ctx, session, params) {
    const reason = typeof (params as { reason?: unknown })?.reason === 'string' ? (params as { reason: string }).reason : 'asked';
    ctx.log.info(`shutdown requested by ${session.name}: ${reason}`);
    ctx.shutdownSoon(reason);
    return { ok: true };
  },

  async 'service/status'(ctx) {
    return ctx.status();
  },

  async 'client/configure'(ctx, _session, params) {
    const p = (params ?? {}) as ServiceSettings;
    if (p.dockerHost !== undefined && typeof p.dockerHost !== 'string') {
      throw new RpcError(ErrorCodes.InvalidParams, 'dockerHost must be a string');
    }
    const check = (setting: LimitedSetting, value: unknown) => {
      const bad = value === undefined ? undefined : outOfRange(setting, value);
      if (bad) throw new RpcError(ErrorCodes.InvalidParams, bad);
    };
    check('discovery.fallbackPollSeconds', p.fallbackPollSeconds);
    if (p.networkMode !== undefined && p.networkMode !== 'bridge' && p.networkMode !== 'host') {
      throw new RpcError(ErrorCodes.InvalidParams, 'networkMode must be "bridge" or "host"');
    }
    if (p.functionImages !== undefined) {
      const f = p.functionImages;
      if (typeof f !== 'object' || f === null || Object.values(f).some((v) => typeof v !== 'string' || v === '')) {
        throw new RpcError(ErrorCodes.InvalidParams, 'functionImages must map runtimes to image references');
      }
      ctx.settings.functionImages = { ...f };
    }
    check('functions.invokeTimeoutSeconds', p.invokeTimeoutSeconds);
    if (p.invokeTimeoutSeconds !== undefined) ctx.settings.invokeTimeoutSeconds = p.invokeTimeoutSeconds;
    for (const key of ['redisImage', 'memcachedImage', 'instanceImage'] as const) {
      if (p[key] !== undefined && (typeof p[key] !== 'string' || p[key] === ''))
        throw new RpcError(ErrorCodes.InvalidParams, `${key} must be an image reference`);
    }
    check('caches.readinessTimeoutSeconds', p.readinessTimeoutSeconds);
    if (p.update !== undefined) {
      const u = p.update;
      if (!u || typeof u !== 'object') throw new RpcError(ErrorCodes.InvalidParams, 'update settings must be an object');
      check('update.healthTimeoutSeconds', u.healthTimeoutSeconds);
      check('update.graceSeconds', u.graceSeconds);
      check('update.pollMillis', u.pollMillis);
      if (u.pullPolicy !== 'always' && u.pullPolicy !== 'missing')
        throw new RpcError(ErrorCodes.InvalidParams, 'fakecloud.update.pullPolicy must be "always" or "missing"');
      ctx.settings.update = {
        ...u,
        removeReplacedImage: u.removeReplacedImage === true,
        pruneDanglingImages: u.pruneDanglingImages === true,
      };
    }
    if (p.reconcile !== undefined) {
      const r = p.reconcile;
      if (!r || typeof r !== 'object') throw new RpcError(ErrorCodes.InvalidParams, 'reconcile settings must be an object');
      check('reconcile.intervalSeconds', r.intervalSeconds);
      ctx.settings.reconcile = { intervalSeconds: r.intervalSeconds, repairFakecloudResources: r.repairFakecloudResources === true };
      ctx.reconciler.setIntervalMs(r.intervalSeconds * 1000);
    }
    if (p.networkMode !== undefined) ctx.settings.networkMode = p.networkMode;
    if (p.redisImage !== undefined) ctx.settings.redisImage = p.redisImage;
    if (p.memcachedImage !== undefined) ctx.settings.memcachedImage = p.memcachedImage;
    if (p.instanceImage !== undefined) ctx.settings.instanceImage = p.instanceImage;
    if (p.readinessTimeoutSeconds !== undefined) ctx.settings.readinessTimeoutSeconds = p.readinessTimeoutSeconds;
    const hostChanged = p.dockerHost !== undefined && (p.dockerHost || '') !== (ctx.settings.dockerHost || '');
    if (p.dockerHost !== undefined) ctx.settings.dockerHost = p.dockerHost;
    if (p.fallbackPollSeconds !== undefined && p.fallbackPollSeconds !== ctx.settings.fallbackPollSeconds) {
      ctx.settings.fallbackPollSeconds = p.fallbackPollSeconds;
      ctx.docker.setFallbackPollMs(p.fallbackPollSeconds * 1000);
    }
    if (p.kubernetes !== undefined) {
      const k = p.kubernetes;
      const okStr = (v: unknown) => v === undefined || typeof v === 'string';
      if (
        !k ||
        typeof k.enabled !== 'boolean' ||
        !okStr(k.kubeconfig) ||
        !okStr(k.context) ||
        !okStr(k.namespace) ||
        !okStr(k.stagingImage)
      ) {
        throw new RpcError(
          ErrorCodes.InvalidParams,
          'kubernetes settings: { enabled: boolean, kubeconfig?, context?, namespace?: string }',
        );
      }
      const next = {
        enabled: k.enabled,
        kubeconfig: k.kubeconfig?.trim() ?? '',
        context: k.context?.trim() ?? '',
        namespace: k.namespace?.trim() ?? '',
      };
      const prev = ctx.settings.kubernetes;
      // Scheduling is checked here, so a wrong shape is an error to the window, not a failed create later.
      try {
        podConfigFromSettings(k.scheduling, 'fakecloud.kubernetes.scheduling');
        for (const [svc, v] of Object.entries(k.schedulingByService ?? {}))
          podConfigFromSettings(v, `fakecloud.kubernetes.schedulingByService.${svc}`);
      } catch (err) {
        throw new RpcError(ErrorCodes.InvalidParams, (err as Error).message);
      }
      ctx.settings.kubernetes = {
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
      ctx.log.info(`Docker host setting is now "${ctx.settings.dockerHost || '(from the environment)'}"; reconnecting`);
      void ctx.docker.reconnectNow();
    }
    return { ok: true };
  },

  async 'client/viewVisible'(ctx, session, params) {
    session.viewVisible = (params as { visible?: unknown })?.visible === true;
    ctx.visibilityChanged();
    return { ok: true };
  },
};
