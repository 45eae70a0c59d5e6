// The resources the service owns, persisted: a versioned schema, atomic writes
// (temp file, fsync, rename, fsync of the directory). A corrupt file is kept
// aside and reported, never silently emptied; a file from a newer version is
// left alone and nothing is written over it.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileDurably } from '../support/durableFiles';
import type { CacheSpec } from '../runtime/caches/cacheSpec';
import type { FunctionSpec } from '../runtime/functions/functionSpec';
import type { InstanceSpec } from '../runtime/instances/instanceSpec';
import { UserError } from '../runtime/userError';
import { cacheEntry, checkEntries, functionEntry, instanceEntry } from './desiredStateSchema';
import { counted } from '../../protocol/text';
import { l10n } from '../../protocol/l10n';

/** 2 added instances and functions; a version 1 file reads as having none. */
export const SCHEMA_VERSION = 2;

export interface DesiredState {
  schemaVersion: number;
  caches: Record<string, CacheSpec>;
  /** By instance id. */
  instances: Record<string, InstanceSpec>;
  /** By function name. */
  functions: Record<string, FunctionSpec>;
}

type Kind = 'caches' | 'instances' | 'functions';

export interface LoadResult {
  state: DesiredState;
  /** Set when the file could not be used; says what was done about it. */
  problem?: string;
  /** A newer schema: read-only until that version runs again. */
  readOnly: boolean;
}

export function emptyState(): DesiredState {
  return { schemaVersion: SCHEMA_VERSION, caches: {}, instances: {}, functions: {} };
}

export class DesiredStateStore {
  readonly file: string;
  private state: DesiredState = emptyState();
  private readOnly = false;
  problem: string | undefined;

  constructor(dir: string) {
    this.file = path.join(dir, 'desired-state.json');
  }

  /** A desired state larger than this is not a desired state: set aside unread, so the service still starts. */
  static readonly MAX_FILE_BYTES = 16 * 1024 * 1024;

  /**
   * Reads the file. Never throws for what is in it: an unusable file (not a regular
   * file, too large, not JSON) is set aside and reported; a bad entry is set aside
   * (in desired-state.rejected-<time>.json) and reported while the rest is used; a
   * newer schema makes the store read-only.
   */
  load(): LoadResult {
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    this.problem = undefined;
    let raw: string;
    try {
      raw = this.readFile();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: this.state, readOnly: false };
      this.setAside(err instanceof Error ? err.message : String(err));
      return this.result();
    }
    let parsed: Partial<DesiredState> & Record<string, unknown>;
    try {
      const value: unknown = JSON.parse(raw);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('it is not a JSON object');
      parsed = value as Partial<DesiredState> & Record<string, unknown>;
      if (typeof parsed.schemaVersion !== 'number') throw new Error('it has no schemaVersion');
    } catch (err) {
      this.setAside((err as Error).message);
      return this.result();
    }
    if (parsed.schemaVersion > SCHEMA_VERSION) {
      this.readOnly = true;
      this.problem =
        `${this.file} was written by a newer version (schema ${parsed.schemaVersion}); it is read but not changed, and nothing ` +
        `that would change it (create, delete, deploy…) is done until that version runs again`;
    }
    const caches = checkEntries('caches', parsed.caches ?? {}, cacheEntry, (c) => c.name);
    const instances = checkEntries('instances', parsed.instances, instanceEntry, (x) => x.instanceId);
    const functions = checkEntries('functions', parsed.functions, functionEntry, (f) => f.name);
    this.state = {
      schemaVersion: SCHEMA_VERSION,
      caches: caches.valid,
      instances: instances.valid,
      functions: Object.fromEntries(
        Object.entries(functions.valid).map(([k, f]) => [k, { ...f, codeArchive: this.rebase(f.codeArchive) }]),
      ),
    };
    const rejected = [...caches.rejected, ...instances.rejected, ...functions.rejected];
    if (rejected.length > 0) {
      const aside = `${this.file.replace(/\.json$/, '')}.rejected-${Date.now()}-${randomBytes(3).toString('hex')}.json`;
      let kept: string;
      try {
        fs.writeFileSync(aside, JSON.stringify(rejected, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
        kept = `; they were kept in ${aside}`;
      } catch (err) {
        kept = `; they could not be kept aside (${(err as Error).message}) and stay in the file until it is next written`;
      }
      const list = rejected.map((r) => `${r.kind}.${r.key} (${r.reason})`).join(', ');
      const note =
        `${counted(rejected.length, 'entry', 'entries')} of ${this.file} could not be used and ` +
        `${rejected.length === 1 ? 'is' : 'are'} left out: ${list}${kept}`;
      this.problem = this.problem ? `${this.problem}; ${note}` : note;
    }
    return this.result();
  }

  /** Refuses, before anything is destroyed or made, when the desired state cannot record the change. */
  assertWritable(what: string): void {
    if (this.readOnly) throw new UserError(l10n.t('cannot {0}: {1}', what, this.problem ?? 'the desired state is read-only'));
  }

  get isReadOnly(): boolean {
    return this.readOnly;
  }

  private result(): LoadResult {
    const result: LoadResult = { state: this.state, readOnly: this.readOnly };
    if (this.problem) result.problem = this.problem;
    return result;
  }

  /** Reads without blocking on a FIFO or a device, and refuses what is not a small regular file. */
  private readFile(): string {
    const st = fs.lstatSync(this.file);
    if (!st.isFile())
      throw new Error(
        `it is not a regular file (${st.isDirectory() ? 'a directory' : st.isSymbolicLink() ? 'a symbolic link' : 'a special file'})`,
      );
    if (st.size > DesiredStateStore.MAX_FILE_BYTES)
      throw new Error(
        `it is ${(st.size / 1e6).toFixed(0)} MB, over the ${DesiredStateStore.MAX_FILE_BYTES / 1024 / 1024} MB a desired state can be`,
      );
    const fd = fs.openSync(this.file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOFOLLOW ?? 0));
    try {
      return fs.readFileSync(fd, 'utf8');
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Keeps an unusable file aside (never overwritten, never deleted) and starts with no owned resources. */
  private setAside(why: string): void {
    // A fresh name every time: a rename onto an earlier aside copy would replace it.
    const aside = `${this.file}.corrupt-${Date.now()}-${randomBytes(3).toString('hex')}`;
    try {
      if (fs.existsSync(aside)) throw new Error(`${aside} exists`);
      fs.renameSync(this.file, aside);
      this.problem =
        `${this.file} could not be read (${why}); it was kept as ${aside} and the service starts with no owned resources ` +
        `(Adopt Orphan brings them back)`;
    } catch (err) {
      // Cannot even move it: read-only, so it is never written over.
      this.readOnly = true;
      this.problem = `${this.file} could not be read (${why}) nor moved aside (${(err as Error).message}); nothing is written over it`;
    }
    this.state = emptyState();
  }

  /** Stored code moved with the state directory: its path follows it. */
  private rebase(archive: string): string {
    const tail = archive.split(/[\\/]/).slice(-3);
    if (tail.length === 3 && tail[0] === 'functions') return path.join(path.dirname(this.file), ...tail);
    return archive;
  }

  caches(): CacheSpec[] {
    return Object.values(this.state.caches);
  }

  cache(name: string): CacheSpec | undefined {
    return this.state.caches[name];
  }

  putCache(spec: CacheSpec): void {
    this.put('caches', spec.name, spec);
  }

  removeCache(name: string): void {
    this.remove('caches', name);
  }

  instances(): InstanceSpec[] {
    return Object.values(this.state.instances);
  }

  instance(instanceId: string): InstanceSpec | undefined {
    return this.state.instances[instanceId];
  }

  putInstance(spec: InstanceSpec): void {
    this.put('instances', spec.instanceId, spec);
  }

  removeInstance(instanceId: string): void {
    this.remove('instances', instanceId);
  }

  functions(): FunctionSpec[] {
    return Object.values(this.state.functions);
  }

  function(name: string): FunctionSpec | undefined {
    return this.state.functions[name];
  }

  putFunction(spec: FunctionSpec): void {
    this.put('functions', spec.name, spec);
  }

  removeFunction(name: string): void {
    this.remove('functions', name);
  }

  private put<K extends Kind>(kind: K, key: string, spec: DesiredState[K][string]): void {
    this.write({ ...this.state, [kind]: { ...this.state[kind], [key]: spec } });
  }

  private remove(kind: Kind, key: string): void {
    const rest = { ...this.state[kind] };
    delete rest[key];
    this.write({ ...this.state, [kind]: rest });
  }

  private write(next: DesiredState): void {
    if (this.readOnly) throw new UserError(this.problem ?? l10n.t('the desired state is read-only'));
    writeFileDurably(this.file, JSON.stringify(next, null, 2) + '\n');
    this.state = next;
  }
}
