// Long operations: progress pushed to the client that asked, cancellation by
// id, and a count that keeps the service from idling out while they run.
import type { ClientSession } from '../clientSession';
import type { OperationContext } from '../runtime/caches/cacheRuntime';

export class Operations {
  private readonly running = new Map<string, AbortController>();
  private inFlight = 0;
  private readonly listeners = new Set<() => void>();

  get count(): number {
    return this.inFlight;
  }

  onChange(l: () => void): void {
    this.listeners.add(l);
  }

  async run<T>(session: ClientSession, operationId: string | undefined, fn: (op: OperationContext) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    if (operationId) this.running.set(operationId, controller);
    this.inFlight++;
    this.changed();
    const op: OperationContext = {
      signal: controller.signal,
      progress: (message) => {
        if (operationId) session.peer.notify('operation/progress', { operationId, message });
      },
    };
    try {
      return await fn(op);
    } finally {
      if (operationId) this.running.delete(operationId);
      this.inFlight--;
      this.changed();
    }
  }

  cancel(operationId: string): boolean {
    const c = this.running.get(operationId);
    if (!c) return false;
    c.abort();
    return true;
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}
