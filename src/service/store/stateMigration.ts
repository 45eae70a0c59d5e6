// Moves the state an earlier version kept inside its runtime directory (wiped at
// logout or reboot) into the durable state directory, once. The service holds its
// single-instance lock while it does this, so two services never both migrate.
//
// Order, so a crash at any point loses nothing and the next start finishes the job:
// copy everything into a staging folder inside the state directory (each file and
// folder fsynced), rename its entries into place with desired-state.json last (the
// commit point), then remove the old folder. A state directory holding
// desired-state.json and a marker naming the old folder has committed: only the old
// folder's removal is left.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkPrivateDir } from '../../platform/privateFiles';

export const MIGRATION_MARKER = 'migrated-from';
const COMMIT_FILE = 'desired-state.json';
/** Files of ours in the state directory that are not part of what is migrated. */
const NOT_MIGRATED = new Set(['service.lock']);

export type MigrationOutcome =
  | { result: 'none' }
  | { result: 'moved'; from: string; files: number; bytes: number }
  | { result: 'finished'; from: string }
  | { result: 'kept-both'; from: string; reason: string };

function fsyncPath(p: string): void {
  try {
    const fd = fs.openSync(p, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Not every platform can fsync a directory.
  }
}

/** Copies a tree, fsyncing every file and folder; only regular files and folders are copied. */
function copyTree(from: string, to: string, totals: { files: number; bytes: number }): void {
  fs.mkdirSync(to, { mode: 0o700 });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(src, dst, totals);
    else if (entry.isFile()) {
      fs.copyFileSync(src, dst, fs.constants.COPYFILE_EXCL);
      fs.chmodSync(dst, 0o600);
      fsyncPath(dst);
      totals.files++;
      totals.bytes += fs.statSync(dst).size;
    }
    // Sockets, FIFOs and links are not state: left behind.
  }
  fsyncPath(to);
}

function isEmptyDir(dir: string): boolean {
  try {
    return fs.readdirSync(dir).length === 0;
  } catch {
    return true;
  }
}

/** Moves the state found at `from` into `to` (which exists, is private, and is locked by us). */
export function migrateState(from: string, to: string, now: () => number = Date.now): MigrationOutcome {
  if (!fs.existsSync(from)) return { result: 'none' };
  checkPrivateDir(from);
  const committed = fs.existsSync(path.join(to, COMMIT_FILE));
  if (committed) {
    let marker: string | undefined;
    try {
      marker = fs.readFileSync(path.join(to, MIGRATION_MARKER), 'utf8').trim();
    } catch {
      marker = undefined;
    }
    if (marker === from) {
      // An earlier migration committed and then stopped before removing the old folder.
      fs.rmSync(from, { recursive: true, force: true });
      return { result: 'finished', from };
    }
    if (isEmptyDir(from)) {
      fs.rmSync(from, { recursive: true, force: true });
      return { result: 'none' };
    }
    return {
      result: 'kept-both',
      from,
      reason: `${to} already has a desired state; the older one at ${from} is left in place and not used`,
    };
  }
  if (isEmptyDir(from)) {
    fs.rmSync(from, { recursive: true, force: true });
    return { result: 'none' };
  }

  const staging = path.join(to, `.migrating-${process.pid}`);
  for (const e of fs.readdirSync(to)) if (e.startsWith('.migrating-')) fs.rmSync(path.join(to, e), { recursive: true, force: true });
  const totals = { files: 0, bytes: 0 };
  copyTree(from, staging, totals);
  fs.writeFileSync(path.join(staging, MIGRATION_MARKER), `${from}\n`, { mode: 0o600 });
  fsyncPath(path.join(staging, MIGRATION_MARKER));
  fsyncPath(staging);

  // The commit file goes last: until it is in place, a restart starts the migration over.
  const entries = fs.readdirSync(staging).sort((a, b) => Number(a === COMMIT_FILE) - Number(b === COMMIT_FILE));
  for (const name of entries) {
    if (NOT_MIGRATED.has(name)) continue;
    const target = path.join(to, name);
    if (fs.existsSync(target)) {
      // Left by an interrupted migration, or written before any desired state existed: kept aside, never lost.
      fs.renameSync(target, `${target}.before-migration-${now()}`);
    }
    fs.renameSync(path.join(staging, name), target);
  }
  fsyncPath(to);
  fs.rmSync(staging, { recursive: true, force: true });
  fs.rmSync(from, { recursive: true, force: true });
  return { result: 'moved', from, ...totals };
}
