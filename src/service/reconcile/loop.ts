// The reconcile loop: the first pass at once, then one every
// interval; stop() lets the pass in flight finish; a failing pass is reported and
// never stops the loop; runNow() joins the pass in flight or starts one.
import { timerDelay } from '../support/timers';

export interface Timer {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimer: Timer = {
  setTimeout: (fn, ms) => {
    const h = setTimeout(fn, timerDelay(ms));
    h.unref?.();
    return h;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export class ReconcileLoop {
  private handle: unknown;
  private inFlight: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly pass: () => Promise<void>,
    private intervalMs: number,
    private readonly timer: Timer = realTimer,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.tick();
  }

  setInterval(ms: number): void {
    this.intervalMs = ms;
    if (!this.stopped && !this.inFlight) this.schedule();
  }

  /** A pass now, or the one already running. */
  runNow(): Promise<void> {
    return this.inFlight ?? this.tick();
  }

  /** Resolves once the pass in flight (if any) has finished; no pass starts after. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer.clearTimeout(this.handle);
    await this.inFlight;
  }

  private schedule(): void {
    this.timer.clearTimeout(this.handle);
    if (!this.stopped) this.handle = this.timer.setTimeout(() => void this.tick(), this.intervalMs);
  }

  private tick(): Promise<void> {
    this.timer.clearTimeout(this.handle);
    this.inFlight = (async () => {
      try {
        await this.pass();
      } catch (err) {
        this.onError(err);
      } finally {
        this.inFlight = undefined;
        this.schedule();
      }
    })();
    return this.inFlight;
  }
}
