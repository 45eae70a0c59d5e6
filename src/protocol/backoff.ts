// Reconnect delays: doubling from `initialMs` up to `maxMs`. Pure.
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

export const RECONNECT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 8_000 };

/** Delay before attempt number `failures` (1 = after the first failure). */
export function backoffDelay(failures: number, policy: BackoffPolicy = RECONNECT_BACKOFF): number {
  if (failures <= 0) return 0;
  const exp = Math.min(failures - 1, 30);
  return Math.min(policy.maxMs, policy.initialMs * 2 ** exp);
}
