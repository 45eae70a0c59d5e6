// What a window may send as its settings, checked before any of it is applied: a value
// of the wrong type or past its range refuses the whole message, with the setting's
// name and range, and changes nothing.
import { SERVER_ENDPOINT } from '../../protocol/references';
import { z } from 'zod';
import { outOfRange, type LimitedSetting } from '../../protocol/settingLimits';
import type { KubernetesConnectionSettings, ServiceSettings } from '../../protocol/rpc';

/** A number within a setting's range, refused with the message the settings' schema would give. */
const limited = (setting: LimitedSetting) =>
  z.unknown().transform((v, ctx): number => {
    const bad = outOfRange(setting, v);
    if (bad) {
      ctx.addIssue({ code: 'custom', message: bad });
      return z.NEVER;
    }
    return v as number;
  });

const image = z.string().min(1, 'must be an image reference');

const kubernetes: z.ZodType<KubernetesConnectionSettings> = z.object({
  enabled: z.boolean(),
  kubeconfig: z.string().optional(),
  context: z.string().optional(),
  namespace: z.string().optional(),
  stagingImage: z.string().optional(),
  pullSecret: z.string().optional(),
  // Its shape is checked where it is read (podConfigFromSettings), with messages that name the setting.
  scheduling: z.unknown().optional(),
  schedulingByService: z.record(z.string(), z.unknown()).optional(),
});

export const serviceSettingsSchema: z.ZodType<ServiceSettings> = z.object({
  dockerHost: z.string().optional(),
  networkMode: z.enum(['bridge', 'host']).optional(),
  redisImage: image.optional(),
  memcachedImage: image.optional(),
  readinessTimeoutSeconds: limited('caches.readinessTimeoutSeconds').optional(),
  instanceImage: image.optional(),
  functionImages: z.record(z.string(), image).optional(),
  invokeTimeoutSeconds: limited('functions.invokeTimeoutSeconds').optional(),
  reconcile: z
    .object({ intervalSeconds: limited('reconcile.intervalSeconds'), repairFakecloudResources: z.boolean().default(false) })
    .optional(),
  update: z
    .object({
      healthTimeoutSeconds: limited('update.healthTimeoutSeconds'),
      graceSeconds: limited('update.graceSeconds'),
      pollMillis: limited('update.pollMillis'),
      removeReplacedImage: z.boolean().default(false),
      pruneDanglingImages: z.boolean().default(false),
      pullPolicy: z.enum(['always', 'missing']),
    })
    .optional(),
  fallbackPollSeconds: limited('discovery.fallbackPollSeconds').optional(),
  dashboardSampleSeconds: limited('dashboard.sampleSeconds').optional(),
  servers: z.array(z.string().regex(SERVER_ENDPOINT, 'a server endpoint is http(s)://host:port')).max(20).optional(),
  kubernetes: kubernetes.optional(),
});
