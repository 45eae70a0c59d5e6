// Creates that have not finished: each create of a cache, an instance or a function on
// Docker is recorded (what it will make: containers, volumes, files) before it makes
// anything, and forgotten once the desired state lists the resource. A create that
// fails removes what it made; when it cannot (the engine died), the record stays and
// the removal is retried each time the service reaches the engine again. A service
// killed mid-create finds the record at its next start and removes the half-made
// resource the same way. So a half-made container or volume never blocks the name.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ContainerBackend } from '../backends/backend';
import type { DesiredStateStore } from '../store/desiredState';
import type { ServiceLog } from '../support/log';
import type { ResourceLocks } from '../support/resourceLocks';
import { ownedKey } from '../support/lockKeys';
import type { OwnedKind } from '../reconcile/planner';
import { readJsonRecords, writeJsonDurably } from '../support/durableFiles';

export interface CreationPlan {
  kind: OwnedKind;
  /** Cache name, instance id, function name. */
  name: string;
  /** A function's deploy: only that deploy counts as finished. */
  deployId?: string;
  containers: string[];
  volumes: string[];
  /** Files in the state directory (a function's stored code). */
  files: string[];
}

interface CreationRecord extends CreationPlan {
  id: string;
  startedAt: string;
}

export interface UndoResult {
  removed: string[];
  /** What could not be removed, and why: retried when the engine is back. */
  left: { what: string; why: string }[];
}

export interface CreationsDeps {
  backend: () => ContainerBackend;
  store: DesiredStateStore;
  locks: ResourceLocks;
  log: ServiceLog;
}

export class Creations {
  /** Records of creates running in this process: never settled behind their back. */
  private readonly active = new Set<string>();
  private settling: Promise<void> | undefined;
  /** Whether a record may be waiting (unknown at start; then only after a create left something): a settle that knows there is none reads nothing. */
  private maybePending = true;

  constructor(
    private readonly dir: string,
    private readonly deps: CreationsDeps,
  ) {}

  private file(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }

  /** Records the plan (on disk before anything is made) and returns the handle that finishes or undoes it. */
  async begin(plan: CreationPlan): Promise<Creation> {
    const record: CreationRecord = { ...plan, id: randomBytes(6).toString('hex'), startedAt: new Date().toISOString() };
    await writeJsonDurably(this.file(record.id), record);
    this.active.add(record.id);
    return new Creation(this, record);
  }

  /** @internal the create finished: the desired state lists it now. */
  async finish(record: CreationRecord): Promise<void> {
    this.active.delete(record.id);
    await fs.promises.rm(this.file(record.id), { force: true });
  }

  /** @internal removes what the record lists; keeps the record (for a retry) when something could not be removed. */
  async undo(record: CreationRecord, release = true): Promise<UndoResult> {
    const out: UndoResult = { removed: [], left: [] };
    // No engine connected: nothing can be removed now; the record stays for the retry.
    let backend: ContainerBackend | undefined;
    let noEngine = '';
    try {
      backend = this.deps.backend();
    } catch (err) {
      noEngine = (err as Error).message;
    }
    for (const name of record.containers) {
      try {
        if (!backend) throw new Error(noEngine);
        const d = await backend.inspectContainer(name);
        if (d) {
          await backend.removeContainer(d.id);
          out.removed.push(`container ${name}`);
        }
      } catch (err) {
        out.left.push({ what: `container ${name}`, why: (err as Error).message });
      }
    }
    // Volumes after containers: a volume in use cannot go.
    for (const name of record.volumes) {
      try {
        if (!backend) throw new Error(noEngine);
        if (await backend.volumeExists(name)) {
          await backend.removeVolume(name);
          out.removed.push(`volume ${name}`);
        }
      } catch (err) {
        out.left.push({ what: `volume ${name}`, why: (err as Error).message });
      }
    }
    for (const f of record.files) {
      await fs.promises.rm(f, { recursive: true, force: true });
      // Its folder too, when nothing else is in it.
      await fs.promises.rmdir(path.dirname(f)).catch(() => undefined);
    }
    if (release) this.active.delete(record.id);
    if (out.left.length === 0) await fs.promises.rm(this.file(record.id), { force: true });
    else this.maybePending = true;
    return out;
  }

  /** Whether the resource the record was making is in the desired state now (the create got to its end). */
  private finished(r: CreationRecord): boolean {
    const { store } = this.deps;
    if (r.kind === 'cache') return (store.cache(r.name)?.backend ?? 'docker') === 'docker' && store.cache(r.name) !== undefined;
    if (r.kind === 'instance') return store.instance(r.name) !== undefined;
    const f = store.function(r.name);
    return f !== undefined && f.deployId === r.deployId;
  }

  /**
   * The containers that creates not (yet) finished made or will make: the record is the authority, so what such a
   * create left is not there for a stack's plan, however it looks in the engine.
   */
  async unfinishedContainers(): Promise<Set<string>> {
    const out = new Set<string>();
    for (const { value } of await readJsonRecords(this.dir)) {
      const record = value as CreationRecord;
      if (!this.finished(record)) for (const c of record.containers ?? []) out.add(c);
    }
    return out;
  }

  /**
   * Undoes now what earlier unfinished creates of this name left, so a new create of it starts clean; the caller
   * holds the name's lock. Throws, saying what is in the way, when something cannot be removed yet.
   */
  async clearUnfinished(kind: OwnedKind, name: string): Promise<void> {
    for (const { value } of await readJsonRecords(this.dir)) {
      const record = value as CreationRecord;
      if (record.kind !== kind || record.name !== name || this.active.has(record.id)) continue;
      if (this.finished(record)) {
        await fs.promises.rm(this.file(record.id), { force: true });
        continue;
      }
      const res = await this.undo(record, false);
      if (res.removed.length) this.deps.log.info(`${kind} ${name}: removed the ${res.removed.join(', ')} an unfinished create left`);
      if (res.left.length)
        throw new Error(
          `an earlier create of ${kind} ${name} did not finish, and what it left cannot be removed yet: ` +
            res.left.map((l) => `${l.what} (${l.why})`).join(', '),
        );
    }
  }

  /**
   * Settles every record left by a create that is not running now: a finished one is
   * forgotten, an unfinished one undone. Called when the service reaches the engine
   * (at start, and after the engine comes back).
   */
  settle(): Promise<void> {
    this.settling ??= this.doSettle().finally(() => (this.settling = undefined));
    return this.settling;
  }

  private async doSettle(): Promise<void> {
    if (!this.maybePending) return;
    this.maybePending = false;
    // Written by begin() below, in this shape.
    for (const { value } of await readJsonRecords(this.dir)) {
      const record = value as CreationRecord;
      if (this.active.has(record.id)) continue;
      await this.deps.locks.run(ownedKey(record.kind, record.name), 'clean up', async () => {
        if (this.finished(record)) {
          await fs.promises.rm(this.file(record.id), { force: true });
          return;
        }
        const res = await this.undo(record, false);
        const what = `${record.kind} ${record.name}`;
        if (res.removed.length) this.deps.log.info(`${what}: removed the ${res.removed.join(', ')} an unfinished create left`);
        if (res.left.length)
          this.deps.log.warn(
            `${what}: could not yet remove ${res.left.map((l) => `${l.what} (${l.why})`).join(', ')}; tried again when the engine answers`,
          );
      });
    }
  }
}

export class Creation {
  constructor(
    private readonly owner: Creations,
    private readonly record: CreationRecord,
  ) {}

  /** The desired state lists it now. */
  finish(): Promise<void> {
    return this.owner.finish(this.record);
  }

  /** Removes what this create made, and says in the user's words what was removed and what is left. */
  async undo(): Promise<string> {
    const res = await this.owner.undo(this.record);
    // "container and volume": what kinds were removed (their names are in the log).
    const kinds = [...new Set(res.removed.map((r) => r.split(' ')[0]))];
    let text = kinds.length ? `; removed the ${kinds.join(' and ')} this attempt created` : '';
    if (res.left.length) {
      text += `; left the ${res.left.map((l) => l.what).join(' and ')} (${res.left[0].why}): removed as soon as the service reaches Docker again`;
    }
    return text;
  }
}
