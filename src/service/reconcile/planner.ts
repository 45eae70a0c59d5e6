// What a reconcile pass does with each resource. Pure: desired state + what
// Docker has + repair states → actions.
import type { BackendKind, Resource } from '../../protocol/model';
import { OwnLabels } from '../model/labels';
import { repairAllowed, type RepairState } from './crashLoop';

export type OwnedKind = 'cache' | 'instance' | 'function';

/** One resource we own, as the desired state has it. */
export interface DesiredEntry {
  kind: OwnedKind;
  /** Cache name, instance id, function name. */
  name: string;
  /** Stopped on purpose (Stop): left alone. */
  running: boolean;
  /** Functions: the deploy whose container counts; older ones do not. */
  deployId?: string;
  /** Absent: Docker. */
  backend?: BackendKind;
  /** Made in another namespace or cluster than the one connected: where, for the report. */
  elsewhere?: string;
}

export type PlannedAction =
  | { name: string; kind: OwnedKind; action: 'none'; reason?: string }
  | { name: string; kind: OwnedKind; action: 'start'; resource: Resource }
  | { name: string; kind: OwnedKind; action: 'recreate' }
  | { name: string; kind: OwnedKind; action: 'skipped'; reason: string }
  | { name: string; kind: OwnedKind; action: 'backing off' | 'gave up'; reason: string }
  | { name: string; kind: string; action: 'drift'; resource?: Resource; reason: string }
  | { name: string; kind: string; action: 'restart-fakecloud'; resource: Resource };

export interface PlanInputs {
  desired: DesiredEntry[];
  actual: Resource[];
  /** Keyed by repairKey(kind, name). */
  states: Map<string, RepairState>;
  now: number;
  /** What holds a resource (an update, a command), if anything. */
  heldBy: (entry: { kind: string; name: string }, resource?: Resource) => string | undefined;
  repairFakecloud: boolean;
  /** The backends the pass can see; entries on another one are skipped, not repaired blind. */
  connected?: BackendKind[];
}

export const repairKey = (kind: string, name: string) => `${kind}:${name}`;

const down = (r: Resource) => r.state === 'exited' || r.state === 'created' || r.state === 'dead';

/** A fakecloud server's resource is down when its server says it should run and its container has stopped. */
export const fakecloudDown = (r: Resource) => r.aws?.expectsRunning === true && (r.state === 'exited' || r.state === 'dead');

export function ownContainerOf(d: DesiredEntry, actual: Resource[]): Resource | undefined {
  const backend = d.backend ?? 'docker';
  return actual.find(
    (x) =>
      x.backend === backend &&
      x.kind === d.kind &&
      x.owner.type === 'extension' &&
      x.name === d.name &&
      // A stopped Pod-less placeholder is not a container of it.
      x.containerId !== '' &&
      (d.deployId === undefined || x.labels[OwnLabels.deployId] === d.deployId),
  );
}

export function planPass(i: PlanInputs): PlannedAction[] {
  const plan: PlannedAction[] = [];
  for (const d of i.desired) {
    const { kind, name } = d;
    const backend = d.backend ?? 'docker';
    if (i.connected && !i.connected.includes(backend)) {
      plan.push({ name, kind, action: 'skipped', reason: `${backend === 'kubernetes' ? 'Kubernetes' : 'Docker'} is not connected` });
      continue;
    }
    if (d.elsewhere) {
      // Its Pods are not in the list we see: repairing it here would make a second one in the wrong place.
      plan.push({ name, kind, action: 'skipped', reason: `it lives in ${d.elsewhere}` });
      continue;
    }
    const r = ownContainerOf(d, i.actual);
    const held = i.heldBy(d, r);
    if (held) {
      plan.push({ name, kind, action: 'skipped', reason: `held by ${held}` });
      continue;
    }
    if (!d.running) {
      // Stopped on purpose: not started again. On Docker its container stays, and one that vanished is reported;
      // on Kubernetes a stopped resource has no Pod.
      plan.push(
        r || backend === 'kubernetes'
          ? { name, kind, action: 'none', reason: 'stopped' }
          : { name, kind, action: 'drift', reason: 'stopped, and its container is gone' },
      );
      continue;
    }
    if (r && r.state === 'running') {
      plan.push({ name, kind, action: 'none' });
      continue;
    }
    // A Pending Pod is on its way (pulling, scheduling): only an ended one is down.
    if (r && backend === 'kubernetes' && r.state === 'created') {
      plan.push({ name, kind, action: 'skipped', reason: 'pending' });
      continue;
    }
    if (r && !down(r)) {
      // restarting, paused, removing: Docker is doing something with it; look again next pass.
      plan.push({ name, kind, action: 'skipped', reason: r.state });
      continue;
    }
    const state = i.states.get(repairKey(kind, name));
    const allowed = state ? repairAllowed(state, i.now) : 'yes';
    if (state && allowed !== 'yes') {
      const reason =
        allowed === 'gave-up'
          ? `gave up after ${state.streak} repairs in a row${state.lastError ? `: ${state.lastError}` : ''}`
          : `next repair in ${Math.ceil(((state.nextAllowedAt ?? i.now) - i.now) / 1000)} s`;
      plan.push({ name, kind, action: allowed === 'gave-up' ? 'gave up' : 'backing off', reason });
      continue;
    }
    // A Pod cannot be started again: one that ended is replaced by a new Pod.
    plan.push(r && backend === 'docker' ? { name, kind, action: 'start', resource: r } : { name, kind, action: 'recreate' });
  }
  // A fakecloud server's resources are observed: drift is reported, repaired only when asked.
  for (const r of i.actual) {
    // A dead server's leftovers are not its resources: nothing to report or restart. Drift comes from the server's
    // own state: down while its API says it should run (a cluster "available", an instance "running"). A stopped
    // instance, a function's warm container, a container being made (created, its code not yet copied in), or one
    // of a server whose API is not listed are its normal lifecycle, never drift.
    if (r.owner.type !== 'fakecloud' || r.leftover || !fakecloudDown(r)) continue;
    // A fakecloud server's Pod is its own to replace: reported, never restarted by us.
    if (i.repairFakecloud && r.backend === 'docker' && !i.heldBy(r, r))
      plan.push({ name: r.name, kind: r.kind, action: 'restart-fakecloud', resource: r });
    else
      plan.push({
        name: r.name,
        kind: r.kind,
        action: 'drift',
        resource: r,
        reason: `${r.state}${r.exitCode !== undefined ? ` (${r.exitCode})` : ''}`,
      });
  }
  return plan;
}
