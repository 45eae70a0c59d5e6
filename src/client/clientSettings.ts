// The settings the service needs from this window, read from the configuration.
import type * as vscode from 'vscode';
import { DEFAULT_FUNCTION_IMAGES } from '../protocol/functions';
import { DEFAULT_SERVER, normaliseEndpoints } from '../protocol/references';
import type { ServiceSettings } from '../protocol/rpc';
import { SETTING_LIMITS, type LimitedSetting } from '../protocol/settingLimits';

/** A numeric setting held to its range (settings.json can hold anything): never a timer that wraps. */
function limited(config: vscode.WorkspaceConfiguration, setting: LimitedSetting, fallback: number): number {
  const v = config.get<number>(setting, fallback);
  const { min, max } = SETTING_LIMITS[setting];
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : fallback;
}

export function serviceSettingsFrom(config: vscode.WorkspaceConfiguration): ServiceSettings {
  return {
    dockerHost: config.get<string>('docker.host', '').trim(),
    fallbackPollSeconds: limited(config, 'discovery.fallbackPollSeconds', 60),
    dashboardSampleSeconds: limited(config, 'dashboard.sampleSeconds', 1),
    networkMode: config.get<string>('docker.networkMode', 'bridge') === 'host' ? 'host' : 'bridge',
    redisImage: config.get<string>('images.redis', 'redis:7-alpine').trim() || 'redis:7-alpine',
    memcachedImage: config.get<string>('images.memcached', 'memcached:1.6-alpine').trim() || 'memcached:1.6-alpine',
    readinessTimeoutSeconds: limited(config, 'caches.readinessTimeoutSeconds', 20),
    instanceImage: config.get<string>('images.instance', 'amazonlinux:2023').trim() || 'amazonlinux:2023',
    functionImages: functionImages(config.get<Record<string, unknown>>('images.functionRuntimes', DEFAULT_FUNCTION_IMAGES)),
    invokeTimeoutSeconds: limited(config, 'functions.invokeTimeoutSeconds', 60),
    servers: serversSetting(config.get<unknown>('servers', [DEFAULT_SERVER])),
    kubernetes: {
      enabled: config.get<boolean>('kubernetes.enabled', false),
      kubeconfig: config.get<string>('kubernetes.kubeconfig', '').trim(),
      context: config.get<string>('kubernetes.context', '').trim(),
      namespace: config.get<string>('kubernetes.namespace', '').trim(),
      stagingImage: config.get<string>('kubernetes.stagingImage', 'busybox:1.36').trim(),
      pullSecret: config.get<string>('kubernetes.imagePullSecret', '').trim(),
      scheduling: config.get<unknown>('kubernetes.scheduling', {}),
      schedulingByService: config.get<Record<string, unknown>>('kubernetes.schedulingByService', {}),
    },
    reconcile: {
      intervalSeconds: limited(config, 'reconcile.intervalSeconds', 30),
      repairFakecloudResources: config.get<boolean>('reconcile.repairFakecloudResources', false),
    },
    update: {
      healthTimeoutSeconds: limited(config, 'update.healthTimeoutSeconds', 120),
      graceSeconds: limited(config, 'update.graceSeconds', 10),
      pollMillis: limited(config, 'update.pollMillis', 1000),
      removeReplacedImage: config.get<boolean>('update.removeReplacedImage', false),
      pruneDanglingImages: config.get<boolean>('update.pruneDanglingImages', false),
      pullPolicy: config.get<string>('update.pullPolicy', 'always') === 'missing' ? 'missing' : 'always',
    },
  };
}

/** Arguments for a service this window starts, so it connects to the right engine from the start. */
export function serviceArgsFrom(config: vscode.WorkspaceConfiguration): string[] {
  const args = ['--idle-timeout', String(limited(config, 'service.idleShutdownSeconds', 300))];
  const host = config.get<string>('docker.host', '').trim();
  if (host) args.push('--docker-host', host);
  return args;
}

/** Runtime → image, with blank or non-text entries left out. */
function functionImages(v: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [runtime, image] of Object.entries(v ?? {})) if (typeof image === 'string' && image.trim()) out[runtime.trim()] = image.trim();
  return Object.keys(out).length ? out : { ...DEFAULT_FUNCTION_IMAGES };
}

/** fakecloud.servers as endpoints the service accepts; anything else in settings.json is left out. */
function serversSetting(v: unknown): string[] {
  return Array.isArray(v) ? normaliseEndpoints(v).slice(0, 20) : [DEFAULT_SERVER];
}
