// The ranges of the numeric settings, shared by the settings schema (package.json,
// checked against this table by a unit test), the service's checks of what a window
// sends, and the service's own command line. A value past them is refused with this
// range in the message, never wrapped into a timer that fires at once.
export const SETTING_LIMITS = {
  'reconcile.intervalSeconds': { min: 1, max: 86_400 },
  'discovery.fallbackPollSeconds': { min: 5, max: 3_600 },
  'service.idleShutdownSeconds': { min: 0, max: 604_800 },
  'caches.readinessTimeoutSeconds': { min: 1, max: 3_600 },
  'update.healthTimeoutSeconds': { min: 1, max: 3_600 },
  'update.graceSeconds': { min: 0, max: 3_600 },
  'update.pollMillis': { min: 50, max: 60_000 },
  'functions.invokeTimeoutSeconds': { min: 1, max: 900 },
  'dashboard.sampleSeconds': { min: 1, max: 60 },
} as const;

export type LimitedSetting = keyof typeof SETTING_LIMITS;

/** A message when `value` is not a number in the setting's range; undefined when it is. */
export function outOfRange(setting: LimitedSetting, value: unknown): string | undefined {
  const { min, max } = SETTING_LIMITS[setting];
  if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max) return undefined;
  return `fakecloud.${setting} must be a number from ${min} to ${max} (got ${JSON.stringify(value)})`;
}
