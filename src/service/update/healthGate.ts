// The health gate of an update (healthy, crashed, or timed out), as a pure verdict over what a
// probe saw, and the loop that polls it with an injected clock.

export type RuntimeState =
  | { kind: 'running'; health?: 'healthy' | 'unhealthy' | 'starting'; restarting: boolean; restartCount: number }
  | { kind: 'exited'; exitCode: number }
  | { kind: 'gone' }
  /** It will not start (a Pod whose image cannot be pulled, a container that cannot be created). */
  | { kind: 'failed'; detail: string };

export interface HealthConfig {
  timeoutMs: number;
  graceMs: number;
  pollMs: number;
  /** Inspect errors tolerated in a row before the gate gives up. */
  maxProbeErrors: number;
}

export type Verdict = { done: 'healthy' } | { done: 'crashed'; detail: string } | { done: 'timeout'; detail: string } | { wait: string };

/**
 * One look at the new container. HEALTHCHECK healthy → done; unhealthy counts as
 * starting until the grace period ends, then fails; exited → crashed (a one-shot
 * exiting 0 is fine); no healthcheck → still running, not restarting, after the grace period.
 */
export function healthVerdict(state: RuntimeState, elapsedMs: number, cfg: HealthConfig, startRestartCount: number): Verdict {
  if (state.kind === 'gone') return { done: 'crashed', detail: 'the new container disappeared' };
  if (state.kind === 'failed') return { done: 'crashed', detail: state.detail };
  if (state.kind === 'exited')
    return state.exitCode === 0 ? { done: 'healthy' } : { done: 'crashed', detail: `it exited with code ${state.exitCode}` };
  if (state.restarting || state.restartCount > startRestartCount) {
    return { done: 'crashed', detail: `it is restarting (restart count ${state.restartCount})` };
  }
  if (state.health === 'healthy') return { done: 'healthy' };
  if (state.health === 'unhealthy' && elapsedMs >= cfg.graceMs) return { done: 'timeout', detail: 'its HEALTHCHECK reports unhealthy' };
  if (state.health === undefined && elapsedMs >= cfg.graceMs) return { done: 'healthy' };
  if (elapsedMs >= cfg.timeoutMs)
    return { done: 'timeout', detail: `not healthy after ${Math.round(cfg.timeoutMs / 1000)} s (${state.health ?? 'running'})` };
  return { wait: state.health ?? 'running' };
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

export type GateOutcome = { healthy: true } | { healthy: false; reason: 'crashed' | 'health-timeout'; detail: string };

export async function waitForHealth(
  probe: () => Promise<RuntimeState>,
  cfg: HealthConfig,
  clock: Clock,
  onWait?: (what: string) => void,
): Promise<GateOutcome> {
  const start = clock.now();
  let errors = 0;
  let startRestarts: number | undefined;
  let lastWait: string | undefined;
  for (;;) {
    let state: RuntimeState;
    try {
      state = await probe();
      errors = 0;
    } catch (err) {
      if (++errors > cfg.maxProbeErrors)
        return { healthy: false, reason: 'crashed', detail: `cannot inspect it: ${(err as Error).message}` };
      await clock.sleep(cfg.pollMs);
      continue;
    }
    if (startRestarts === undefined) startRestarts = state.kind === 'running' ? state.restartCount : 0;
    const v = healthVerdict(state, clock.now() - start, cfg, startRestarts);
    if ('done' in v) {
      if (v.done === 'healthy') return { healthy: true };
      return { healthy: false, reason: v.done === 'crashed' ? 'crashed' : 'health-timeout', detail: v.detail };
    }
    // Said when it changes: a step per poll would bury the others.
    if (v.wait !== lastWait) onWait?.(v.wait);
    lastWait = v.wait;
    await clock.sleep(cfg.pollMs);
  }
}
