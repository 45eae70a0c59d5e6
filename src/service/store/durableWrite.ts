// A file replaced whole or not at all, and still there after a power cut: written beside it, flushed, renamed over
// it, and the folder flushed so the rename itself lasts.
import * as fs from 'node:fs';
import * as path from 'node:path';

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
