// Crash-loop handling for repairs, as kubelet does it: a resource that needs
// repair again soon after backs off (10 s doubling to 5 min, reset after 10 min
// healthy), and after 5 failed repairs in a row it "gave up" until the user acts. Pure.
import { backoffDelay } from '../../protocol/backoff';

export interface RepairState {
  /** Repairs in a row, each soon after the previous one. */
  streak: number;
  lastRepairAt?: number;
  nextAllowedAt?: number;
  gaveUp: boolean;
  lastError?: string;
}

export const CRASH_LOOP = { initialMs: 10_000, maxMs: 300_000, resetAfterMs: 600_000, giveUpAfter: 5 };

export function initialRepairState(): RepairState {
  return { streak: 0, gaveUp: false };
}

/** May it be repaired now? */
export function repairAllowed(s: RepairState, now: number): 'yes' | 'backing-off' | 'gave-up' {
  if (s.gaveUp) return 'gave-up';
  if (s.nextAllowedAt !== undefined && now < s.nextAllowedAt) return 'backing-off';
  return 'yes';
}

/** After a repair attempt: succeeded or failed (failure carries the error). */
export function afterRepair(s: RepairState, now: number, error?: string): RepairState {
  const soonAfter = s.lastRepairAt !== undefined && now - s.lastRepairAt < CRASH_LOOP.resetAfterMs;
  const streak = soonAfter ? s.streak + 1 : 1;
  const delay = backoffDelay(streak, CRASH_LOOP);
  const next: RepairState = { streak, lastRepairAt: now, nextAllowedAt: now + delay, gaveUp: streak >= CRASH_LOOP.giveUpAfter };
  if (error) next.lastError = error;
  else if (s.lastError && soonAfter) next.lastError = s.lastError;
  return next;
}

/** Seen running and fine: after 10 minutes of that the streak is forgotten. */
export function afterHealthy(s: RepairState, now: number): RepairState {
  if (s.lastRepairAt !== undefined && now - s.lastRepairAt >= CRASH_LOOP.resetAfterMs && !s.gaveUp) return initialRepairState();
  return s;
}
