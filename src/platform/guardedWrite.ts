// Writing a file of the user's that we showed them a change to (~/.aws/config, ~/.aws/credentials): only if it still
// holds what was shown, checked again under a lock right before writing, so two writers never lose each other's
// change; through a link to the file it leads to (the link stays a link); each file copied aside first and written
// whole (a temporary file beside it, renamed over it), keeping its mode.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readBounded } from './boundedRead';

export interface PlannedWrite {
  /** The path as the user's tools name it (it may be a link). */
  file: string;
  /** What was read and shown; undefined: the file did not exist. */
  before: Buffer | undefined;
  after: Buffer;
}

/** Written: the files, as their paths were given; changed since shown: those files, and nothing written. */
export type GuardedOutcome = { written: string[] } | { changed: string[] };

/** An INI file of the AWS tools is small: more than this is not one to rewrite. */
const MAX_BYTES = 4 * 1024 * 1024;
/** A lock older than this was left by a writer that died. */
const STALE_LOCK_MS = 30_000;

/** The file a path leads to: through links, to a target that may not exist yet. */
export async function targetOf(file: string): Promise<string> {
  try {
    return await fs.promises.realpath(file);
  } catch {
    // Missing, or a link to a file not made yet: that file is where it goes.
    const st = await fs.promises.lstat(file).catch(() => undefined);
    if (st?.isSymbolicLink()) return path.resolve(path.dirname(file), await fs.promises.readlink(file));
    return file;
  }
}

/** A file's bytes now; undefined when there is none. */
export async function currentBytes(file: string): Promise<Buffer | undefined> {
  try {
    return await readBounded(file, MAX_BYTES);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function lock(target: string): Promise<() => Promise<void>> {
  const file = `${target}.fakecloud-lock`;
  await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      const fh = await fs.promises.open(file, 'wx', 0o600);
      await fh.writeFile(String(process.pid));
      await fh.close();
      return () => fs.promises.rm(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const st = await fs.promises.stat(file).catch(() => undefined);
      if (st && Date.now() - st.mtimeMs > STALE_LOCK_MS) {
        await fs.promises.rm(file, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`${target} is being written by another program (${file})`, { cause: err });
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function writeWhole(target: string, bytes: Buffer, mode: number): Promise<void> {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const fh = await fs.promises.open(tmp, 'wx', mode);
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await fs.promises.chmod(tmp, mode);
    await fs.promises.rename(tmp, target);
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Writes the planned files, each locked and read again first: if any no longer holds what was shown, none is
 * written and those are named. `stamp` names the copies made first (`<file>.bak-<stamp>`).
 */
export async function writeIfUnchanged(writes: readonly PlannedWrite[], stamp: string): Promise<GuardedOutcome> {
  const planned = await Promise.all(writes.map(async (w) => ({ ...w, target: await targetOf(w.file) })));
  const releases: (() => Promise<void>)[] = [];
  try {
    // One order for every writer, so two never wait on each other.
    for (const p of [...planned].sort((a, b) => a.target.localeCompare(b.target))) releases.push(await lock(p.target));
    const changed: string[] = [];
    for (const p of planned) {
      const now = await currentBytes(p.target);
      if (now === undefined ? p.before !== undefined : p.before === undefined || !now.equals(p.before)) changed.push(p.file);
    }
    if (changed.length) return { changed };
    for (const p of planned) {
      const st = await fs.promises.stat(p.target).catch(() => undefined);
      if (st) await fs.promises.copyFile(p.target, `${p.target}.bak-${stamp}`, fs.constants.COPYFILE_EXCL);
      await writeWhole(p.target, p.after, st ? st.mode & 0o7777 : 0o600);
    }
    return { written: planned.map((p) => p.file) };
  } finally {
    for (const release of releases) await release();
  }
}
