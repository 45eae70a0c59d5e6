// What the service is doing to a container right now ("stopping", "rebooting"),
// shown in the tree until it is done. The caller re-lists so the mark shows.
import type { Resource } from '../../protocol/model';

export class BusyMarks {
  private readonly marks = new Map<string, string>();

  annotate = (r: Resource): Resource => {
    const busy = this.marks.get(r.containerId);
    return busy && !r.busy ? { ...r, busy } : r;
  };

  /** Marks the container for the duration of `fn`, refreshing the model before and after. */
  async during<T>(containerId: string, what: string, refresh: () => Promise<void>, fn: () => Promise<T>): Promise<T> {
    this.marks.set(containerId, what);
    await refresh().catch(() => undefined);
    try {
      return await fn();
    } finally {
      this.marks.delete(containerId);
      await refresh().catch(() => undefined);
    }
  }
}
