// The resources the service owns, persisted: a versioned schema, atomic writes
// (temp file, fsync, rename, fsync of the directory). A corrupt file is kept
// aside and reported, never silently emptied; a file from a newer version is
// left alone and nothing is written over it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CacheSpec } from '../runtime/cacheSpec';
import type { FunctionSpec } from '../runtime/functionSpec';
import type { InstanceSpec } from '../runtime/instanceSpec';

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

  load(): LoadResult {
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    let raw: string;
    try {
      raw = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: this.state, readOnly: false };
      throw err;
    }
    try {
      const parsed = JSON.parse(raw) as Partial<DesiredState>;
      if (typeof parsed.schemaVersion !== 'number' || typeof parsed.caches !== 'object' || parsed.caches === null) {
        throw new Error('missing schemaVersion or caches');
      }
      if (parsed.schemaVersion > SCHEMA_VERSION) {
        this.readOnly = true;
        this.problem = `${this.file} was written by a newer version (schema ${parsed.schemaVersion}); it is read but not changed`;
      }
      const record = <T>(v: unknown, what: string): Record<string, T> => {
        if (v === undefined) return {};
        if (typeof v !== 'object' || v === null) throw new Error(`${what} is not an object`);
        return v as Record<string, T>;
      };
      this.state = {
        schemaVersion: SCHEMA_VERSION,
        caches: parsed.caches,
        instances: record<InstanceSpec>(parsed.instances, 'instances'),
        functions: record<FunctionSpec>(parsed.functions, 'functions'),
      };
    } catch (err) {
      const aside = `${this.file}.corrupt-${Date.now()}`;
      fs.renameSync(this.file, aside);
      this.problem = `${this.file} could not be read (${(err as Error).message}); it was kept as ${aside} and the service starts with no owned resources`;
      this.state = emptyState();
    }
    const result: LoadResult = { state: this.state, readOnly: this.readOnly };
    if (this.problem) result.problem = this.problem;
    return result;
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
    if (this.readOnly) throw new Error(this.problem ?? 'the desired state is read-only');
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = fs.openSync(tmp, 'w', 0o600);
    try {
      fs.writeSync(fd, JSON.stringify(next, null, 2) + '\n');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.file);
    try {
      const dirFd = fs.openSync(path.dirname(this.file), 'r');
      fs.fsyncSync(dirFd);
      fs.closeSync(dirFd);
    } catch {
      // Not every platform can fsync a directory.
    }
    this.state = next;
  }
}
