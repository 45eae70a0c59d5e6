// Small JSON records that must survive a crash (journals, unfinished creates, files
// being written): written whole under a temporary name, fsynced, then renamed, so a
// reader finds either the old record or the new one, never half of one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isAlive } from '../runtimeDir';

/** `<record>.<pid>.tmp`: a record being written by that process. */
const TEMPORARY = /\.(\d+)\.tmp$/;

/** Writes `value` as JSON to `file` (0600) atomically and durably; its folder is made 0700 if missing. */
export async function writeJsonDurably(file: string, value: unknown): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  const fh = await fs.promises.open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(JSON.stringify(value));
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.promises.rename(tmp, file);
}

/**
 * Replaces `file` (0600) whole or not at all, still there after a power cut: written beside it, flushed, renamed over
 * it, and the folder flushed so that the rename itself lasts. Synchronous, for state read and written in one step.
 */
export function writeFileDurably(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  try {
    const dirFd = fs.openSync(path.dirname(file), 'r');
    fs.fsyncSync(dirFd);
    fs.closeSync(dirFd);
  } catch {
    // Not every platform can fsync a directory.
  }
}

/**
 * The JSON records in a folder (`*.json`); an unreadable one is skipped. Empty when the folder is
 * missing. A temporary file whose writer is gone (killed between its write and its rename) is removed.
 */
export async function readJsonRecords(dir: string): Promise<{ file: string; value: unknown }[]> {
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return [];
  }
  for (const n of names) {
    const writer = TEMPORARY.exec(n);
    if (writer && Number(writer[1]) !== process.pid && !isAlive(Number(writer[1])))
      await fs.promises.rm(path.join(dir, n), { force: true });
  }
  const out: { file: string; value: unknown }[] = [];
  for (const n of names.filter((f) => f.endsWith('.json'))) {
    const file = path.join(dir, n);
    try {
      out.push({ file, value: JSON.parse(await fs.promises.readFile(file, 'utf8')) });
    } catch {
      // A torn write never gets the .json name; anything else unreadable is skipped.
    }
  }
  return out;
}
