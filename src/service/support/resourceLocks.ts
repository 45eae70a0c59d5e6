// Serialises operations on one resource: two reboots at once run one after the
// other, never interleaved. Other resources are not held up. Every hold has a
// deadline: an operation stuck on I/O that never answers (a hung mount) fails with a
// clear error and frees the resource, instead of holding it until the service restarts.
import { timerDelay } from './timers';

/** Long enough for a slow image pull or a large snapshot; anything past it is stuck. */
export const DEFAULT_LOCK_DEADLINE_MS = 30 * 60_000;

export class LockDeadlineError extends Error {}

export class ResourceLocks {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly holders = new Map<string, string>();

  /** What holds the resource now, if anything. */
  heldBy(key: string): string | undefined {
    return this.holders.get(key);
  }

  async run<T>(key: string, what: string, fn: () => Promise<T>, deadlineMs = DEFAULT_LOCK_DEADLINE_MS): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    this.holders.set(key, what);
    let timer: NodeJS.Timeout | undefined;
    try {
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new LockDeadlineError(
                `${what} did not finish within ${Math.round(deadlineMs / 1000)} s and was given up (it may still be stuck on I/O); the resource is free again`,
              ),
            ),
          timerDelay(deadlineMs),
        );
        timer.unref?.();
      });
      return await Promise.race([fn(), deadline]);
    } finally {
      clearTimeout(timer);
      if (this.holders.get(key) === what) this.holders.delete(key);
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
