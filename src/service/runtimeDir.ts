// The per-user runtime directory: 0700 and ours, or the service refuses to start.
// The token and the socket inside it are 0600. The pid lock records the boot it was
// taken in, so a lock left in a directory that outlived a reboot is known stale even
// when its pid now belongs to another process.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { O_NOFOLLOW } from '../platform/privateFiles';

/** Writes a fresh random token (atomically, 0600) and returns it. */
export function writeNewToken(tokenPath: string): string {
  const token = randomBytes(32).toString('hex');
  const tmp = path.join(path.dirname(tokenPath), `.token.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | O_NOFOLLOW, 0o600);
  try {
    fs.writeSync(fd, token);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, tokenPath);
  return token;
}

/** When this machine booted, to the minute: the same for every process of one boot. */
export function bootMinute(): number {
  return Math.round((Date.now() / 1000 - os.uptime()) / 60);
}

interface LockContent {
  pid: number;
  boot?: number;
}

function parseLock(text: string): LockContent {
  const [pid, boot] = text.trim().split(/\s+/).map(Number);
  return boot !== undefined && Number.isFinite(boot) ? { pid: pid ?? NaN, boot } : { pid: pid ?? NaN };
}

/** The pid holding a lock file, when that process is alive and of this boot. */
export function lockHolder(lockPath: string): number | undefined {
  let text: string;
  try {
    text = fs.readFileSync(lockPath, 'utf8');
  } catch {
    return undefined;
  }
  const { pid, boot } = parseLock(text);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  // A lock from another boot: its pid number may have been given to an unrelated process.
  if (boot !== undefined && Math.abs(boot - bootMinute()) > 2) return undefined;
  return isAlive(pid) ? pid : undefined;
}

/**
 * Takes the single-instance lock: a pid file created exclusively. A lock whose
 * pid is dead (or from an earlier boot) is stale and taken over. Returns the pid that
 * holds it when not ours.
 */
export function acquireLock(lockPath: string): { ok: true } | { ok: false; pid: number } {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(lockPath, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | O_NOFOLLOW, 0o600);
      fs.writeSync(fd, `${process.pid} ${bootMinute()}`);
      fs.closeSync(fd);
      return { ok: true };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = lockHolder(lockPath);
      if (holder !== undefined && holder !== process.pid) return { ok: false, pid: holder };
      // Stale: taken over by renaming it aside first, so two services that both found it
      // stale cannot both remove a lock the other has just written.
      const aside = `${lockPath}.stale-${process.pid}`;
      try {
        fs.renameSync(lockPath, aside);
        if (lockHolder(aside) === undefined) fs.rmSync(aside, { force: true });
        else fs.renameSync(aside, lockPath);
      } catch {
        // Someone else moved it first: try again.
      }
    }
  }
  throw new Error(`could not take the lock ${lockPath}`);
}

export function releaseLock(lockPath: string): void {
  try {
    if (parseLock(fs.readFileSync(lockPath, 'utf8')).pid === process.pid) fs.rmSync(lockPath, { force: true });
  } catch {
    // already gone
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
