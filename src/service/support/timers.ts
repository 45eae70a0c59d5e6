// Node's timers hold a signed 32-bit delay: anything longer (about 24.8 days), or not a
// number at all, fires after 1 ms. Every delay the service sets from a setting goes
// through here, so a huge value waits as long as a timer can instead of spinning.
export const MAX_TIMER_MS = 2 ** 31 - 1;

export function timerDelay(ms: number): number {
  if (Number.isNaN(ms)) return MAX_TIMER_MS;
  return Math.min(Math.max(0, ms), MAX_TIMER_MS);
}
