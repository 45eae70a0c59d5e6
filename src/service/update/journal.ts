// The update journal: one file per container being updated, written (atomically)
// before the point of no return and at each step after it, removed when the
// update is settled. A service that dies mid-update finds it at its next start.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Journal, JournalEntry } from './recreate';
import { readJsonRecords, writeJsonDurably } from '../support/durableFiles';

/** Keyed by `container`: a container's name on Docker, the old Pod's on Kubernetes. */
export class UpdateJournal<E extends { container: string } = JournalEntry> implements Journal<E> {
  constructor(private readonly dir: string) {}

  private file(container: string): string {
    return path.join(this.dir, `${container.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);
  }

  async write(entry: E): Promise<void> {
    await writeJsonDurably(this.file(entry.container), entry);
  }

  async clear(container: string): Promise<void> {
    await fs.promises.rm(this.file(container), { force: true });
  }

  async list(): Promise<E[]> {
    // Written by this journal, in this shape.
    return (await readJsonRecords(this.dir)).map((r) => r.value as E);
  }
}
