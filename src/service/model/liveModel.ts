// The service's current view of all resources, with a revision that grows by one
// for each change it emits. No I/O: discovery feeds it, the server forwards its diffs.
import type { AwsResource } from '../../protocol/aws';
import type { BackendKind, BackendStatus, ModelDiff, ModelSnapshot, Resource, ServerStatus } from '../../protocol/model';

export type DiffListener = (diff: ModelDiff) => void;

/** Adds what the service knows of a resource beyond what its engine lists (orphan, busy, crash-looping…). */
export type Annotator = (r: Resource) => Resource;

export class LiveModel {
  private revision = 0;
  private readonly resources = new Map<string, Resource>();
  /** Each resource as its engine listed it, before annotation: what a re-annotation starts from. */
  private readonly raw = new Map<string, Resource>();
  private readonly aws = new Map<string, AwsResource>();
  private readonly awsFingerprints = new Map<string, string>();
  /** JSON of each resource, to tell a real change from a re-list that found the same. */
  private readonly fingerprints = new Map<string, string>();
  private readonly backends = new Map<BackendKind, BackendStatus>();
  private servers: ServerStatus[] = [];
  private readonly listeners = new Set<DiffListener>();
  private readonly annotators: Annotator[] = [];
  private readonly extras = new Map<BackendKind, (() => Resource[])[]>();

  /** Every resource that comes in passes through each annotator, in the order they were added. */
  addAnnotator(annotator: Annotator): void {
    this.annotators.push(annotator);
  }

  /** Resources of a backend its listing does not show (ours that are stopped on Kubernetes have no Pod), added to each of its re-lists. */
  addExtras(backend: BackendKind, extras: () => Resource[]): void {
    this.extras.set(backend, [...(this.extras.get(backend) ?? []), extras]);
  }

  private annotate(r: Resource): Resource {
    return this.annotators.reduce((x, a) => a(x), r);
  }

  onDiff(listener: DiffListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): ModelSnapshot {
    return {
      revision: this.revision,
      resources: [...this.resources.values()],
      backends: [...this.backends.values()],
      servers: this.servers,
      aws: [...this.aws.values()],
    };
  }

  /** One server's AWS resources, as its API lists them now; a diff only when any changed. */
  setAwsResources(server: string, items: AwsResource[]): ModelDiff | undefined {
    const upserted: AwsResource[] = [];
    const removed: string[] = [];
    const seen = new Set<string>();
    for (const a of items) {
      seen.add(a.id);
      const fp = JSON.stringify(a);
      if (this.awsFingerprints.get(a.id) === fp) continue;
      this.aws.set(a.id, a);
      this.awsFingerprints.set(a.id, fp);
      upserted.push(a);
    }
    for (const [id, a] of this.aws) {
      if (a.server === server && !seen.has(id)) {
        this.aws.delete(id);
        this.awsFingerprints.delete(id);
        removed.push(id);
      }
    }
    if (!upserted.length && !removed.length) return undefined;
    return this.emit([], [], {}, { upserted, removed });
  }

  awsResource(id: string): AwsResource | undefined {
    return this.aws.get(id);
  }

  awsResources(): AwsResource[] {
    return [...this.aws.values()];
  }

  /** Runs every resource through the annotators again (what they know changed, not the engine's listing). */
  reannotate(): ModelDiff | undefined {
    const up: Resource[] = [];
    for (const [id, listed] of this.raw) {
      const r = this.annotate(listed);
      const fp = JSON.stringify(r);
      if (this.fingerprints.get(id) === fp) continue;
      this.resources.set(id, r);
      this.fingerprints.set(id, fp);
      up.push(r);
    }
    return this.emit(up, []);
  }

  /** fakecloud servers as the server watcher sees them; a diff only when they changed. */
  setServers(servers: ServerStatus[]): ModelDiff | undefined {
    if (JSON.stringify(servers) === JSON.stringify(this.servers)) return undefined;
    this.servers = servers;
    return this.emit([], [], { servers: true });
  }

  /** Whether any resource is so, without copying the model. */
  some(pred: (r: Resource) => boolean): boolean {
    for (const r of this.resources.values()) if (pred(r)) return true;
    return false;
  }

  get size(): number {
    return this.resources.size;
  }

  get(id: string): Resource | undefined {
    return this.resources.get(id);
  }

  /** Replaces everything one backend reported; emits a diff when anything differs. */
  replaceBackendResources(backend: BackendKind, listed: Resource[]): ModelDiff | undefined {
    const extra = (this.extras.get(backend) ?? []).flatMap((f) => f());
    const all = [...listed, ...extra];
    for (const r of all) this.raw.set(r.id, r);
    const next = all.map((r) => this.annotate(r));
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
        this.raw.delete(id);
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
    for (const listed of upserted) {
      this.raw.set(listed.id, listed);
      const r = this.annotate(listed);
      const fp = JSON.stringify(r);
      if (this.fingerprints.get(r.id) === fp) continue;
      this.resources.set(r.id, r);
      this.fingerprints.set(r.id, fp);
      up.push(r);
    }
    for (const id of removed) {
      if (this.resources.delete(id)) {
        this.raw.delete(id);
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
    return this.emit([], [], { backends: true });
  }

  backendStatus(backend: BackendKind): BackendStatus | undefined {
    return this.backends.get(backend);
  }

  private emit(
    upserted: Resource[],
    removed: string[],
    changed: { backends?: boolean; servers?: boolean } = {},
    aws?: ModelDiff['aws'],
  ): ModelDiff | undefined {
    if (upserted.length === 0 && removed.length === 0 && !changed.backends && !changed.servers && !aws) return undefined;
    this.revision++;
    const diff: ModelDiff = { revision: this.revision, upserted, removed };
    if (aws) diff.aws = aws;
    if (changed.backends) diff.backends = [...this.backends.values()];
    if (changed.servers) diff.servers = this.servers;
    for (const l of this.listeners) l(diff);
    return diff;
  }
}
