// The update journal: one file per container being updated, written (atomically)
// before the point of no return and at each step after it, removed when the
// update is settled. A service that dies mid-update finds it at its next start.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Journal, JournalEntry } from './recreate';

/** Keyed by `container`: a container's name on Docker, the old Pod's on Kubernetes. */
export class UpdateJournal<E extends { container: string } = JournalEntry> implements Journal<E> {
  constructor(private readonly dir: string) {}

  private file(container: string): string {
    return path.join(this.dir, `${container.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);
  }

  async write(entry: E): Promise<void> {
    await fs.promises.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const target = this.file(entry.container);
    const tmp = `${target}.${process.pid}.tmp`;
    const fh = await fs.promises.open(tmp, 'w', 0o600);
    try {
      await fh.writeFile(JSON.stringify(entry));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.promises.rename(tmp, target);
  }

  async clear(container: string): Promise<void> {
    await fs.promises.rm(this.file(container), { force: true });
  }

  async list(): Promise<E[]> {
    let names: string[];
    try {
      names = await fs.promises.readdir(this.dir);
    } catch {
      return [];
    }
    const out: E[] = [];
    for (const n of names.filter((f) => f.endsWith('.json'))) {
      try {
        out.push(JSON.parse(await fs.promises.readFile(path.join(this.dir, n), 'utf8')) as E);
      } catch {
        // A torn write: the .tmp never replaced it, so a file here is whole; anything else is skipped.
      }
    }
    return out;
  }
}
