// Rules both processes apply to the runtime and state directories and the files in
// them: each must belong to the user and be closed to everyone else, or it is refused.
// A directory another local user made first (a predictable name in a shared temp
// folder) would otherwise let that user impersonate the service or read its secrets.
import * as fs from 'node:fs';
import { l10n } from '../protocol/l10n';

/** Raised when a path is not private to the user; the message says what is wrong and what to do. */
export class NotPrivateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotPrivateError';
  }
}

const unix = process.platform !== 'win32';
/** O_NOFOLLOW where the platform has it (not on Windows, where there are no such links to plant). */
export const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;

function myUid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined;
}

function mode(st: fs.Stats): string {
  return (st.mode & 0o777).toString(8).padStart(4, '0');
}

function fix(path: string): string {
  return l10n.t("remove it (or ask its owner to) and try again: rm -rf '{0}'", path.replace(/'/g, "'\\''"));
}

/** Checks a stat result: ours, and nothing for group or others. */
function checkOwnership(path: string, st: fs.Stats, what: string): void {
  if (!unix) return;
  const uid = myUid();
  if (uid !== undefined && st.uid !== uid) {
    throw new NotPrivateError(
      l10n.t(
        'refusing to use the {0} {1}: it belongs to uid {2}, not to you (uid {3}); someone else may have made it to impersonate the Fakecloud service. {4}',
        what,
        path,
        st.uid,
        uid,
        fix(path),
      ),
    );
  }
  if ((st.mode & 0o077) !== 0) {
    throw new NotPrivateError(
      l10n.t('refusing to use the {0} {1}: its mode is {2}, open to other users (it must be private to you, ', what, path, mode(st)) +
        `0${what === 'directory' ? '700' : '600'}). ${fix(path)}`,
    );
  }
}

/** The directory exists, is a real directory (not a link), is ours and is 0700. */
export function checkPrivateDir(dir: string): void {
  const st = fs.lstatSync(dir);
  if (st.isSymbolicLink())
    throw new NotPrivateError(l10n.t('refusing to use {0}: it is a symbolic link, not a directory. {1}', dir, fix(dir)));
  if (!st.isDirectory()) throw new NotPrivateError(l10n.t('refusing to use {0}: it is not a directory. {1}', dir, fix(dir)));
  checkOwnership(dir, st, 'directory');
}

/**
 * Makes the directory (and missing parents) 0700 if it does not exist; then checks it.
 * An existing directory of ours that is too open is closed (`tighten`), one that is
 * someone else's is refused.
 */
export function ensurePrivateDir(dir: string, tighten = true): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!unix) return;
  const st = fs.lstatSync(dir);
  if (tighten && st.isDirectory() && !st.isSymbolicLink() && st.uid === myUid() && (st.mode & 0o077) !== 0) fs.chmodSync(dir, 0o700);
  checkPrivateDir(dir);
}

/** A socket in the runtime directory: a socket, ours, 0600. Returns false when there is none. */
export function checkPrivateSocket(socketPath: string): boolean {
  if (!unix) return true;
  let st: fs.Stats;
  try {
    st = fs.lstatSync(socketPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  if (!st.isSocket()) throw new NotPrivateError(l10n.t('refusing to use {0}: it is not a socket. {1}', socketPath, fix(socketPath)));
  checkOwnership(socketPath, st, 'socket');
  return true;
}

/**
 * Opens a file without following a link and without blocking (a FIFO would), and checks
 * that what was opened is a regular file of ours, closed to others; else closes it and
 * refuses. `verb` says what for, in the message.
 */
function openPrivate(file: string, flags: number, verb: 'read' | 'write'): number {
  let fd: number;
  try {
    fd = fs.openSync(file, flags | O_NOFOLLOW | (fs.constants.O_NONBLOCK ?? 0), 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOOP')
      throw new NotPrivateError(l10n.t('refusing to {0} {1}: it is a symbolic link. {2}', verb, file, fix(file)));
    throw err;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new NotPrivateError(l10n.t('refusing to {0} {1}: it is not a regular file. {2}', verb, file, fix(file)));
    checkOwnership(file, st, 'file');
  } catch (err) {
    fs.closeSync(fd);
    throw err;
  }
  return fd;
}

/** Reads a small private file (the token) that must be ours and 0600. */
export function readPrivateFile(file: string, maxBytes = 4096): string {
  const fd = openPrivate(file, fs.constants.O_RDONLY, 'read');
  try {
    const { size } = fs.fstatSync(fd);
    if (size > maxBytes)
      throw new NotPrivateError(l10n.t('refusing to read {0}: {1} bytes is more than it can be. {2}', file, size, fix(file)));
    const buf = Buffer.alloc(size);
    const n = size === 0 ? 0 : fs.readSync(fd, buf, 0, size, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** Opens a file for appending: a link planted in its place is never written through. */
export function openPrivateAppend(file: string): number {
  return openPrivate(file, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT, 'write');
}
