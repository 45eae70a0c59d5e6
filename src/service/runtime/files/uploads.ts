// Uploads that have not finished. An upload is unpacked into a hidden staging folder beside its destination and
// only then renamed into place, name by name (a file replaced by rename, so it is the old or the new one, never
// half of either); a folder or link it replaces is moved aside into the staging folder first and removed last.
// Each upload is recorded in the state directory with its tar before anything is sent, so a service killed
// half-way leaves nothing: at its next start the tars are removed, and once the engine answers, each staging folder
// left in a container is removed, whatever it had moved aside put back where nothing took its place.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as posix from 'node:path/posix';
import type { BackendKind } from '../../../protocol/model';
import type { PipeSession } from '../../backends/backend';
import { readJsonRecords, writeJsonDurably } from '../../support/durableFiles';
import type { ServiceLog } from '../../support/log';
import { ExecFileOps } from './resourceFiles';

/** Where an upload goes: a container (by id), or a Pod's container. */
export interface UploadTarget {
  backend: BackendKind;
  id: string;
  container?: string;
}

interface UploadRecord extends UploadTarget {
  /** The destination folder, and the staging folder inside it. */
  dir: string;
  staging: string;
  startedAt: string;
}

/** A staging folder's name: hidden, and ours alone (a file a user made is never taken for one). */
export function stagingName(): string {
  return `.fakecloud-upload-${randomBytes(6).toString('hex')}`;
}
const STAGING = /^\.fakecloud-upload-[0-9a-f]{12}$/;
const ASIDE = '.replaced.';

/**
 * Moves each staged name into the folder: "$1" the folder, "$2" the staging folder, "$3" replace or keep, then the
 * names. A file goes over a file by rename; a folder, a link or a file in the way of a folder goes aside first. With
 * keep, a name that appeared meanwhile is left alone and reported (exit 3).
 */
const COMMIT_SCRIPT = [
  'd="$1"; s="$2"; how="$3"; shift 3',
  'for n do',
  '  if [ -e "$d/$n" ] || [ -L "$d/$n" ]; then',
  '    if [ "$how" = keep ]; then echo "exists: $n" >&2; exit 3; fi',
  `    if [ -d "$d/$n" ] || [ -L "$d/$n" ] || [ -d "$s/$n" ]; then mv -- "$d/$n" "$s/${ASIDE}$n" || exit 1; fi`,
  '  fi',
  '  mv -f -- "$s/$n" "$d/$n" || exit 1',
  'done',
  'rm -rf -- "$s"',
].join('\n');

/** Undoes an unfinished upload: "$1" the folder, "$2" its staging folder. What went aside comes back where nothing took its place. */
const DISCARD_SCRIPT = [
  'd="$1"; s="$2"',
  '[ -d "$s" ] || exit 0',
  `for p in "$s"/${ASIDE}*; do`,
  '  [ -e "$p" ] || [ -L "$p" ] || continue',
  `  n="\${p##*/${ASIDE}}"`,
  '  if [ ! -e "$d/$n" ] && [ ! -L "$d/$n" ]; then mv -- "$p" "$d/$n"; fi',
  'done',
  'rm -rf -- "$s"',
].join('\n');

/** Puts the staged names in place in `dir`; with `replace` false, a name that appeared meanwhile is refused (exit 3). */
export function commitCommand(dir: string, staging: string, replace: boolean, names: readonly string[]): string[] {
  return ['sh', '-c', COMMIT_SCRIPT, 'sh', dir, staging, replace ? 'replace' : 'keep', ...names];
}

/** Undoes an unfinished upload into `dir`: its staging folder removed, what it moved aside put back. */
export function discardCommand(dir: string, staging: string): string[] {
  return ['sh', '-c', DISCARD_SCRIPT, 'sh', dir, staging];
}

type Exec = (cmd: string[]) => Promise<PipeSession>;

export interface UploadsDeps {
  /** How to run a command where an upload went; undefined when that engine is not reachable now. */
  exec: (t: UploadTarget) => Exec | undefined;
  /** Whether the container or Pod is gone for good (then its staging folder went with it). */
  gone: (t: UploadTarget) => Promise<boolean>;
  log: ServiceLog;
}

export interface UploadJob {
  /** The tar to write and send; in the state directory, so it never outlives the service that made it. */
  tar: string;
  /** The upload ended (whole, or undone in the container): its tar and record go. */
  finished(): Promise<void>;
  /** It could not be undone in the container now: its tar goes, its record stays for `settle`. */
  leftInContainer(): Promise<void>;
}

export class Uploads {
  constructor(
    private readonly dir: string,
    private readonly deps: UploadsDeps,
  ) {}

  /** At start: no upload runs yet, so every tar here was left by a service that stopped mid-upload. */
  async sweepTars(): Promise<number> {
    let removed = 0;
    for (const f of await fs.promises.readdir(this.dir).catch(() => [] as string[]))
      if (f.endsWith('.tar')) {
        await fs.promises.rm(path.join(this.dir, f), { force: true });
        removed++;
      }
    return removed;
  }

  async begin(t: UploadTarget, dir: string, staging: string): Promise<UploadJob> {
    await fs.promises.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const id = randomBytes(6).toString('hex');
    const record = path.join(this.dir, `${id}.json`);
    const tar = path.join(this.dir, `${id}.tar`);
    const value: UploadRecord = { ...t, dir, staging, startedAt: new Date().toISOString() };
    await writeJsonDurably(record, value);
    const dropTar = () => fs.promises.rm(tar, { force: true });
    return {
      tar,
      finished: async () => {
        await dropTar();
        await fs.promises.rm(record, { force: true });
      },
      leftInContainer: dropTar,
    };
  }

  /** Undoes, in the containers of `backend`, every upload a stopped service or a lost engine left unfinished. */
  async settle(backend: BackendKind): Promise<void> {
    for (const { file, value } of await readJsonRecords(this.dir)) {
      // Written by begin() above, in this shape.
      const r = value as UploadRecord;
      if (r.backend !== backend) continue;
      const staging = posix.basename(r.staging ?? '');
      // Only a folder this service named so, directly inside the destination, is ever removed.
      if (!STAGING.test(staging) || posix.join(r.dir, staging) !== r.staging) {
        await fs.promises.rm(file, { force: true });
        continue;
      }
      const exec = this.deps.exec(r);
      if (!exec) continue;
      try {
        const out = await new ExecFileOps(exec).run(discardCommand(r.dir, r.staging), 120_000);
        if (out.code !== 0) throw new Error(out.stderr.trim() || `exit ${out.code}`);
        this.deps.log.info(`upload into ${r.dir}: removed the staging folder an unfinished upload left in ${r.id.slice(0, 12)}`);
      } catch (err) {
        if (!(await this.deps.gone(r).catch(() => false))) {
          this.deps.log.warn(`upload into ${r.dir}: its staging folder ${r.staging} is not removed yet (${(err as Error).message})`);
          continue;
        }
      }
      await fs.promises.rm(file, { force: true });
      await fs.promises.rm(file.replace(/\.json$/, '.tar'), { force: true });
    }
  }
}
