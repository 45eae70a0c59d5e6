// Checks that a file is a Redis RDB before anything is created from it or
// reported as saved: "REDIS" and a four-digit version.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from './userError';
export function rdbHeaderProblem(head: Buffer, size: number): string | undefined {
  if (size < 9) return `it is ${size} bytes, too small for an RDB file`;
  if (head.subarray(0, 5).toString('ascii') !== 'REDIS') return 'it does not start with "REDIS" (not an RDB file)';
  if (!/^\d{4}$/.test(head.subarray(5, 9).toString('ascii'))) return 'its RDB version is not four digits (corrupt header)';
  return undefined;
}

export async function checkRdbFile(file: string): Promise<number> {
  let fd: fs.promises.FileHandle;
  try {
    fd = await fs.promises.open(file, 'r');
  } catch (err) {
    throw new UserError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  try {
    const { size } = await fd.stat();
    const head = Buffer.alloc(9);
    await fd.read(head, 0, 9, 0);
    const problem = rdbHeaderProblem(head, size);
    if (problem) throw new UserError(`${path.basename(file)} is not a usable snapshot: ${problem}`);
    return size;
  } finally {
    await fd.close();
  }
}
