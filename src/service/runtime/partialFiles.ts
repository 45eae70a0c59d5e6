// Files the service writes next to the user's own before giving them their final name
// (a snapshot's .tmp- file): each is recorded in the state directory while it is being
// written, so a service killed half-way removes what it left at its next start rather
// than leaving a partial file beside the user's snapshots forever.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readJsonRecords, writeJsonDurably } from '../support/durableFiles';

export class PartialFiles {
  constructor(private readonly dir: string) {}

  /** Records `file` as being written; returns the function that forgets it (call it when the file is named or removed). */
  async begin(file: string): Promise<() => Promise<void>> {
    const record = path.join(this.dir, `${randomBytes(6).toString('hex')}.json`);
    await writeJsonDurably(record, { file, pid: process.pid, startedAt: new Date().toISOString() });
    return () => fs.promises.rm(record, { force: true });
  }

  /** At start: removes every partial file an earlier service left, and its record. Returns what was removed. */
  async cleanStale(): Promise<string[]> {
    const removed: string[] = [];
    for (const { file: record, value: raw } of await readJsonRecords(this.dir)) {
      const value = (raw ?? {}) as { file?: unknown };
      const file = value.file;
      // Only what we name so: never a file the user could have made under another name.
      if (typeof file === 'string' && /\.tmp-\d+-\d+$/.test(file)) {
        const st = await fs.promises.lstat(file).catch(() => undefined);
        if (st?.isFile()) {
          await fs.promises.rm(file, { force: true });
          removed.push(file);
        }
      }
      await fs.promises.rm(record, { force: true });
    }
    return removed;
  }
}
