// The service's current view of all resources, with a revision that grows by one
// for each change it emits. No I/O: discovery feeds it, the server forwards its diffs.
import type { BackendKind, BackendStatus, ModelDiff, ModelSnapshot, Resource } from '../../protocol/model';

export type DiffListener = (diff: ModelDiff) => void;

export class LiveModel {
  private revision = 0;
  private readonly resources = new Map<string, Resource>();
  /** JSON of each resource, to tell a real change from a re-list that found the same. */
  private readonly fingerprints = new Map<string, string>();
  private readonly backends = new Map<BackendKind, BackendStatus>();
  private readonly listeners = new Set<DiffListener>();

  onDiff(listener: DiffListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): ModelSnapshot {
    return { revision: this.revision, resources: [...this.resources.values()], backends: [...this.backends.values()] };
  }

  get size(): number {
    return this.resources.size;
  }

  get(id: string): Resource | undefined {
    return this.resources.get(id);
  }

  /** Replaces everything one backend reported; emits a diff when anything differs. */
  replaceBackendResources(backend: BackendKind, next: Resource[]): ModelDiff | undefined {
    const upserted: Resource[] = [];
    const removed: string[] = [];
    const seen = new Set<string>();
    for (const r of next) {
      seen.add(r.id);
      const fp = JSON.stringify(r);
      if (this.fingerprints.get(r.id) !== fp) {
        this.resources.set(r.id, r);
        this.fingerprints.set(r.id, fp);
        upserted.push(r);
      }
    }
    for (const [id, r] of this.resources) {
      if (r.backend === backend && !seen.has(id)) {
        this.resources.delete(id);
        this.fingerprints.delete(id);
        removed.push(id);
      }
    }
    return this.emit(upserted, removed);
  }

  /** Applies a partial change (from an event) before the confirming re-list. */
  patch(upserted: Resource[], removed: string[]): ModelDiff | undefined {
    const up: Resource[] = [];
    const rm: string[] = [];
    for (const r of upserted) {
      const fp = JSON.stringify(r);
      if (this.fingerprints.get(r.id) === fp) continue;
      this.resources.set(r.id, r);
      this.fingerprints.set(r.id, fp);
      up.push(r);
    }
    for (const id of removed) {
      if (this.resources.delete(id)) {
        this.fingerprints.delete(id);
        rm.push(id);
      }
    }
    return this.emit(up, rm);
  }

  setBackendStatus(status: BackendStatus): ModelDiff | undefined {
    const prev = this.backends.get(status.backend);
    if (prev && JSON.stringify(prev) === JSON.stringify(status)) return undefined;
    this.backends.set(status.backend, status);
    return this.emit([], [], true);
  }

  backendStatus(backend: BackendKind): BackendStatus | undefined {
    return this.backends.get(backend);
  }

  private emit(upserted: Resource[], removed: string[], backendsChanged = false): ModelDiff | undefined {
    if (upserted.length === 0 && removed.length === 0 && !backendsChanged) return undefined;
    this.revision++;
    const diff: ModelDiff = { revision: this.revision, upserted, removed };
    if (backendsChanged) diff.backends = [...this.backends.values()];
    for (const l of this.listeners) l(diff);
    return diff;
  }
}
