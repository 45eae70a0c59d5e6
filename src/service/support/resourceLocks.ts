// Serialises operations on one resource: two reboots at once run one after the
// other, never interleaved. Other resources are not held up.
export class ResourceLocks {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly holders = new Map<string, string>();

  /** What holds the resource now, if anything. */
  heldBy(key: string): string | undefined {
    return this.holders.get(key);
  }

  async run<T>(key: string, what: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    this.holders.set(key, what);
    try {
      return await fn();
    } finally {
      this.holders.delete(key);
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
