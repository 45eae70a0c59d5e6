// Checks that a file is a Redis RDB before anything is created from it or
// reported as saved: "REDIS" and a four-digit version.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../userError';
import { l10n } from '../../../protocol/l10n';
export function rdbHeaderProblem(head: Buffer, size: number): string | undefined {
  if (size < 9) return `it is ${size} bytes, too small for an RDB file`;
  if (head.subarray(0, 5).toString('ascii') !== 'REDIS') return 'it does not start with "REDIS" (not an RDB file)';
  if (!/^\d{4}$/.test(head.subarray(5, 9).toString('ascii'))) return 'its RDB version is not four digits (corrupt header)';
  return undefined;
}

/** What kind of thing a path is, for a message. */
function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Checks a snapshot file before anything is made from it. Only a regular file is
 * opened, and without blocking: a FIFO or a device would otherwise hang the open
 * (and the cache's lock with it) until something writes to it.
 */
export async function checkRdbFile(file: string): Promise<number> {
  let st: fs.Stats;
  try {
    st = await fs.promises.stat(file);
  } catch (err) {
    throw new UserError(
      l10n.t('cannot read {0}: {1}', file, (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message),
    );
  }
  if (!st.isFile()) throw new UserError(l10n.t('{0} is {1}, not a snapshot file', file, kindOf(st)));
  let fd: fs.promises.FileHandle;
  try {
    fd = await fs.promises.open(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw new UserError(l10n.t('cannot read {0}: {1}', file, (err as Error).message));
  }
  try {
    // The path may have been replaced between the two looks: what was opened is what counts.
    const opened = await fd.stat();
    if (!opened.isFile()) throw new UserError(l10n.t('{0} is {1}, not a snapshot file', file, kindOf(opened)));
    const head = Buffer.alloc(9);
    await fd.read(head, 0, 9, 0);
    const problem = rdbHeaderProblem(head, opened.size);
    if (problem) throw new UserError(l10n.t('{0} is not a usable snapshot: {1}', path.basename(file), problem));
    return opened.size;
  } finally {
    await fd.close();
  }
}
