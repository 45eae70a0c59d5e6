// Files the service writes next to the user's own before giving them their final name
// (a snapshot's .tmp- file): each is recorded in the state directory while it is being
// written, so a service killed half-way removes what it left at its next start rather
// than leaving a partial file beside the user's snapshots forever.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export class PartialFiles {
  constructor(private readonly dir: string) {}

  /** Records `file` as being written; returns the function that forgets it (call it when the file is named or removed). */
  async begin(file: string): Promise<() => Promise<void>> {
    await fs.promises.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const record = path.join(this.dir, `${randomBytes(6).toString('hex')}.json`);
    const fh = await fs.promises.open(record, 'wx', 0o600);
    try {
      await fh.writeFile(JSON.stringify({ file, pid: process.pid, startedAt: new Date().toISOString() }));
      await fh.sync();
    } finally {
      await fh.close();
    }
    return () => fs.promises.rm(record, { force: true });
  }

  /** At start: removes every partial file an earlier service left, and its record. Returns what was removed. */
  async cleanStale(): Promise<string[]> {
    let names: string[];
    try {
      names = await fs.promises.readdir(this.dir);
    } catch {
      return [];
    }
    const removed: string[] = [];
    for (const n of names.filter((x) => x.endsWith('.json'))) {
      const record = path.join(this.dir, n);
      try {
        const { file } = JSON.parse(await fs.promises.readFile(record, 'utf8')) as { file?: unknown };
        // Only what we name so: never a file the user could have made under another name.
        if (typeof file === 'string' && /\.tmp-\d+-\d+$/.test(file)) {
          const st = await fs.promises.lstat(file).catch(() => undefined);
          if (st?.isFile()) {
            await fs.promises.rm(file, { force: true });
            removed.push(file);
          }
        }
      } catch {
        // An unreadable record: only the record goes.
      }
      await fs.promises.rm(record, { force: true });
    }
    return removed;
  }
}
