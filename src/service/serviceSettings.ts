// The service's settings: what it starts with before a window configures it, and
// what each part reads from them (in milliseconds, with defaults filled in). Pure.
import { DEFAULT_FUNCTION_IMAGES } from '../protocol/functions';
import type { ServiceSettings } from '../protocol/rpc';
import { DEFAULT_DISCOVERY_OPTIONS } from './backends/docker/dockerDiscovery';
import { mergePodConfig, podConfigFromSettings } from './backends/kubernetes/podConfig';
import type { CacheSettings } from './runtime/caches/cacheRunner';
import type { FunctionSettings } from './runtime/functions/functionRuntime';
import type { InstanceSettings } from './runtime/instances/instanceRuntime';
import type { PodSettings } from './runtime/podSpawn';

const DEFAULT_UPDATE: NonNullable<ServiceSettings['update']> = {
  healthTimeoutSeconds: 120,
  graceSeconds: 10,
  pollMillis: 1000,
  removeReplacedImage: false,
  pruneDanglingImages: false,
  pullPolicy: 'always',
};

/** How long a Pod of ours may take to run and answer. */
const POD_READY_TIMEOUT_MS = 120_000;

/** Until a window sends its settings. */
export function defaultServiceSettings(dockerHost = ''): ServiceSettings {
  return {
    dockerHost,
    fallbackPollSeconds: DEFAULT_DISCOVERY_OPTIONS.fallbackPollMs / 1000,
    dashboardSampleSeconds: 1,
    networkMode: 'bridge',
    redisImage: 'redis:7-alpine',
    memcachedImage: 'memcached:1.6-alpine',
    readinessTimeoutSeconds: 20,
    instanceImage: 'amazonlinux:2023',
    functionImages: { ...DEFAULT_FUNCTION_IMAGES },
    invokeTimeoutSeconds: 60,
    reconcile: { intervalSeconds: 30, repairFakecloudResources: false },
    update: { ...DEFAULT_UPDATE },
  };
}

export function cacheSettingsOf(s: ServiceSettings): CacheSettings {
  return {
    redisImage: s.redisImage ?? 'redis:7-alpine',
    memcachedImage: s.memcachedImage ?? 'memcached:1.6-alpine',
    networkMode: s.networkMode ?? 'bridge',
    readinessTimeoutMs: (s.readinessTimeoutSeconds ?? 20) * 1000,
  };
}

export function instanceSettingsOf(s: ServiceSettings): InstanceSettings {
  return { image: s.instanceImage ?? 'amazonlinux:2023', networkMode: s.networkMode ?? 'bridge' };
}

export function functionSettingsOf(s: ServiceSettings): FunctionSettings {
  return {
    images: s.functionImages ?? DEFAULT_FUNCTION_IMAGES,
    networkMode: s.networkMode ?? 'bridge',
    readinessTimeoutMs: (s.readinessTimeoutSeconds ?? 20) * 1000,
    invokeTimeoutMs: (s.invokeTimeoutSeconds ?? 60) * 1000,
  };
}

export function updateSettingsOf(s: ServiceSettings) {
  const u = s.update ?? DEFAULT_UPDATE;
  return {
    health: { timeoutMs: u.healthTimeoutSeconds * 1000, graceMs: u.graceSeconds * 1000, pollMs: u.pollMillis, maxProbeErrors: 3 },
    cleanup: { removeReplacedImage: u.removeReplacedImage, pruneDangling: u.pruneDanglingImages },
    pullPolicy: u.pullPolicy,
  };
}

export function reconcileSettingsOf(s: ServiceSettings): { intervalMs: number; repairFakecloud: boolean } {
  return {
    intervalMs: (s.reconcile?.intervalSeconds ?? 30) * 1000,
    repairFakecloud: s.reconcile?.repairFakecloudResources ?? false,
  };
}

/** Pod settings for one fakecloud service: the global scheduling with the service's own over it. */
export function podSettingsOf(s: ServiceSettings, service: 'elasticache' | 'ec2' | 'lambda'): PodSettings {
  const k = s.kubernetes;
  const base = mergePodConfig(
    podConfigFromSettings(k?.scheduling, 'scheduling'),
    podConfigFromSettings(k?.schedulingByService?.[service], `scheduling of ${service}`),
  );
  return {
    base,
    readyTimeoutMs: POD_READY_TIMEOUT_MS,
    ...(k?.pullSecret ? { pullSecret: k.pullSecret } : {}),
    ...(k?.stagingImage ? { stagingImage: k.stagingImage } : {}),
  };
}
