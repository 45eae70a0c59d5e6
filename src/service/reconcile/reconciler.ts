// Keeps every resource we own running: each pass lists containers once, plans
// (planner.ts), repairs within the crash-loop limits, and reports what it did.
// A pass never throws: a failure is an entry of its report, or the report's error.
import type { ReconcileEntry, ReconcileReport } from '../../protocol/reconcile';
import type { BackendKind, Resource } from '../../protocol/model';
import type { ContainerBackend } from '../backends/backend';
import type { CacheRuntime } from '../runtime/caches/cacheRuntime';
import type { FunctionRuntime } from '../runtime/functions/functionRuntime';
import type { InstanceRuntime } from '../runtime/instances/instanceRuntime';
import type { DesiredStateStore } from '../store/desiredState';
import type { ServiceLog } from '../support/log';
import { afterHealthy, afterRepair, initialRepairState, type RepairState } from './crashLoop';
import { ReconcileLoop } from './loop';
import { planPass, repairKey, type DesiredEntry, type OwnedKind } from './planner';
import { inScope, type KubeScope, type Placement } from '../backends/podBackend';
import { ReconcileLog } from './reconcileLog';
import { OwnLabels } from '../model/labels';

export interface ReconcilerDeps {
  /**
   * What Docker (and the cluster, when on) have now, and which of them are
   * connected. The service passes its live model, kept exact by the events
   * stream and the watch, so a quiet pass sends nothing.
   */
  resources: () => Promise<{ resources: Resource[]; connected: BackendKind[] }>;
  /** Docker requests sent so far (the service's running count). */
  requestCount: () => number;
  backend: () => ContainerBackend;
  store: DesiredStateStore;
  caches: CacheRuntime;
  instances: InstanceRuntime;
  functions: FunctionRuntime;
  log: ServiceLog;
  heldBy: (entry: { kind: string; name: string }, r?: Resource) => string | undefined;
  /** The Kubernetes server and namespace connected now, if any. */
  kubernetesScope?: () => KubeScope | undefined;
  settings: () => { intervalMs: number; repairFakecloud: boolean };
  /** Whether a fakecloud server's API still lists this resource as one that should run (by its AWS resource id). */
  serverExpects?: (awsResourceId: string) => boolean;
  /** Each report goes to every client. */
  report: (r: ReconcileReport) => void;
  /** Re-list for the tree after a pass that changed something. */
  refresh: () => Promise<void>;
  /** Settles what interrupted work left (journals, unfinished creates) before each pass; its failure is logged. */
  beforePass?: () => Promise<void>;
  now?: () => number;
}

export class Reconciler {
  private readonly states = new Map<string, RepairState>();
  /** A fakecloud server's resources seen by the last pass: one that vanishes is reported as drift once. */
  private fakecloudSeen = new Map<string, { name: string; kind: string; tie: string }>();
  private readonly loop: ReconcileLoop;
  /** What the log has been told, so a lasting state is written once. */
  private readonly logBook = new ReconcileLog();
  last: ReconcileReport | undefined;

  constructor(private readonly deps: ReconcilerDeps) {
    this.loop = new ReconcileLoop(
      () => this.pass(),
      deps.settings().intervalMs,
      undefined,
      (err) => deps.log.error(`reconcile: ${(err as Error).message}`),
    );
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  setIntervalMs(ms: number): void {
    this.loop.setInterval(ms);
  }

  /** Reconcile Now; on one resource it also clears its "gave up", as the user has acted. */
  async runNow(name?: string): Promise<ReconcileReport | undefined> {
    if (name) for (const kind of ['cache', 'instance', 'function']) this.forgive(repairKey(kind, name));
    await this.loop.runNow();
    return this.last;
  }

  /**
   * The engine came back (it restarted, or the service reached it again): what it
   * stopped meanwhile did not crash, so every crash-loop count starts afresh.
   */
  forgiveAll(): void {
    this.states.clear();
  }

  /** The user rebooted or updated it: a fresh start for its crash-loop count. Keyed "kind:name". */
  forgive(key: string): void {
    this.states.delete(key);
  }

  /** In the desired state and not stopped on purpose: the status bar counts it as watched. */
  private meantToRun(r: Resource): boolean {
    const { store } = this.deps;
    if (r.kind === 'cache') return store.cache(r.name) !== undefined;
    if (r.kind === 'instance') return store.instance(r.name)?.desired === 'running';
    if (r.kind === 'function') {
      const f = store.function(r.name);
      return f !== undefined && f.desired !== 'stopped' && (f.deployId === undefined || r.labels[OwnLabels.deployId] === f.deployId);
    }
    return false;
  }

  private desired(): DesiredEntry[] {
    const { store } = this.deps;
    const here = this.deps.kubernetesScope?.();
    const where = (s: Placement) =>
      s.backend === 'kubernetes' && s.kube && !inScope(s, here)
        ? { elsewhere: `namespace ${s.kube.namespace} of ${s.kube.server}, not the one connected` }
        : {};
    return [
      ...store.caches().map((c) => ({ kind: 'cache' as const, name: c.name, running: true, backend: c.backend ?? 'docker', ...where(c) })),
      ...store.instances().map((x) => ({
        kind: 'instance' as const,
        name: x.instanceId,
        running: x.desired !== 'stopped',
        backend: x.backend ?? 'docker',
        ...where(x),
      })),
      ...store.functions().map((f) => ({
        kind: 'function' as const,
        name: f.name,
        running: f.desired !== 'stopped',
        deployId: f.deployId,
        backend: f.backend ?? 'docker',
        ...where(f),
      })),
    ];
  }

  private async recreate(kind: OwnedKind, name: string): Promise<void> {
    const { store } = this.deps;
    if (kind === 'cache') {
      const spec = store.cache(name);
      if (spec) await this.deps.caches.recreateFromSpec(spec);
    } else if (kind === 'instance') {
      const spec = store.instance(name);
      if (spec) await this.deps.instances.recreateFromSpec(spec);
    } else {
      const spec = store.function(name);
      if (spec) await this.deps.functions.recreateFromSpec(spec);
    }
  }

  /** A resource of ours that is backing off or gave up says so (in the tree, with the last error). */
  annotate = (r: Resource): Resource => {
    if (r.owner.type === 'extension' && this.meantToRun(r)) r = { ...r, kept: true };
    const st = r.owner.type === 'extension' ? this.states.get(repairKey(r.kind, r.name)) : undefined;
    if (st?.gaveUp) return { ...r, condition: { state: 'gave up', ...(st.lastError ? { reason: st.lastError } : {}) } };
    const now = (this.deps.now ?? Date.now)();
    if (st?.nextAllowedAt !== undefined && st.nextAllowedAt > now && r.state !== 'running') {
      return {
        ...r,
        condition: {
          state: 'backing off',
          reason: `next repair in ${Math.ceil((st.nextAllowedAt - now) / 1000)} s${st.lastError ? `; ${st.lastError}` : ''}`,
        },
      };
    }
    return r;
  };

  private async pass(): Promise<void> {
    await this.deps
      .beforePass?.()
      .catch((err: Error) => this.deps.log.error(`reconcile: settling interrupted work failed: ${err.message}`));
    const now = (this.deps.now ?? Date.now)();
    const started = Date.now();
    const entries: ReconcileEntry[] = [];
    let actual: Resource[];
    let connected: BackendKind[];
    const before = this.deps.requestCount();
    try {
      ({ resources: actual, connected } = await this.deps.resources());
    } catch (err) {
      this.publish({
        startedAt: started,
        durationMs: Date.now() - started,
        entries,
        totals: totals(entries, 0),
        error: (err as Error).message,
        requests: 0,
      });
      return;
    }
    const desired = this.desired();
    const plan = planPass({
      desired,
      actual,
      states: this.states,
      now,
      heldBy: this.deps.heldBy,
      repairFakecloud: this.deps.settings().repairFakecloud,
      connected,
    });
    let changed = false;
    for (const p of plan) {
      const resourceId = 'resource' in p && p.resource ? p.resource.id : actual.find((r) => r.name === p.name && r.kind === p.kind)?.id;
      const entry: ReconcileEntry = { name: p.name, kind: p.kind, action: 'none' };
      const key = repairKey(p.kind, p.name);
      if (resourceId) entry.resourceId = resourceId;
      try {
        switch (p.action) {
          case 'none':
            if (p.reason) entry.reason = p.reason;
            this.states.set(key, afterHealthy(this.states.get(key) ?? initialRepairState(), now));
            if (this.states.get(key)?.streak === 0) this.states.delete(key);
            break;
          case 'start':
            await this.deps.backend().startContainer(p.resource.containerId);
            this.states.set(
              key,
              afterRepair(
                this.states.get(key) ?? initialRepairState(),
                now,
                `it was ${p.resource.state}${p.resource.exitCode !== undefined ? ` (exit code ${p.resource.exitCode})` : ''}`,
              ),
            );
            entry.action = 'started';
            changed = true;
            break;
          case 'recreate':
            await this.recreate(p.kind, p.name);
            this.states.set(key, afterRepair(this.states.get(key) ?? initialRepairState(), now, 'its container was gone'));
            entry.action = 'recreated';
            changed = true;
            break;
          case 'restart-fakecloud':
            await this.deps.backend().startContainer(p.resource.containerId);
            entry.action = 'restarted';
            changed = true;
            break;
          default:
            entry.action = p.action === 'drift' ? 'drift' : p.action;
            entry.reason = p.reason;
        }
      } catch (err) {
        const message = (err as Error).message;
        this.states.set(key, afterRepair(this.states.get(key) ?? initialRepairState(), now, message));
        entry.action = 'failed';
        entry.reason = message;
      }
      const st = this.states.get(key);
      if (st?.gaveUp && (entry.action === 'started' || entry.action === 'recreated' || entry.action === 'failed')) {
        entry.reason = `${entry.reason ? `${entry.reason}; ` : ''}gave up after ${st.streak} repairs in a row`;
      }
      entries.push(entry);
    }
    // A dead server's leftovers are reaped by its successor: their going is no drift.
    // A server's container that goes while its server still says the resource should run is drift; one the server
    // removed itself (a delete, an eviction, a terminate) is not: its API no longer expects it then.
    const seen = new Map(
      actual
        .filter((r) => r.owner.type === 'fakecloud' && !r.leftover && r.aws?.expectsRunning)
        .map((r) => [r.id, { name: r.name, kind: r.kind, tie: r.aws?.id ?? '' }]),
    );
    for (const [id, r] of this.fakecloudSeen) {
      if (!seen.has(id) && this.deps.serverExpects?.(r.tie))
        entries.push({ name: r.name, kind: r.kind, action: 'drift', reason: 'its container is gone' });
    }
    this.fakecloudSeen = seen;
    const requests = this.deps.requestCount() - before;
    this.publish({ startedAt: started, durationMs: Date.now() - started, entries, totals: totals(entries, desired.length), requests });
    if (changed) await this.deps.refresh().catch(() => undefined);
  }

  private publish(report: ReconcileReport): void {
    this.last = report;
    const line = this.logBook.line(report);
    if (line) this.deps.log[line.level](line.text);
    this.deps.report(report);
  }
}

function totals(entries: ReconcileEntry[], owned: number): ReconcileReport['totals'] {
  const count = (...a: string[]) => entries.filter((e) => a.includes(e.action)).length;
  return {
    owned,
    healthy: count('none'),
    repaired: count('started', 'recreated', 'restarted'),
    skipped: count('skipped'),
    backingOff: count('backing off'),
    gaveUp: count('gave up'),
    failed: count('failed'),
    drift: count('drift'),
  };
}
