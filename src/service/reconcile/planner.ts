// What a reconcile pass does with each resource. Pure: desired state + what
// Docker has + repair states → actions.
import type { Resource } from '../../protocol/model';
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
}

export const repairKey = (kind: string, name: string) => `${kind}:${name}`;

const down = (r: Resource) => r.state === 'exited' || r.state === 'created' || r.state === 'dead';

export function ownContainerOf(d: DesiredEntry, actual: Resource[]): Resource | undefined {
  return actual.find(
    (x) => x.kind === d.kind && x.owner.type === 'extension' && x.name === d.name && (d.deployId === undefined || x.labels[OwnLabels.deployId] === d.deployId),
  );
}

export function planPass(i: PlanInputs): PlannedAction[] {
  const plan: PlannedAction[] = [];
  for (const d of i.desired) {
    const { kind, name } = d;
    const r = ownContainerOf(d, i.actual);
    const held = i.heldBy(d, r);
    if (held) {
      plan.push({ name, kind, action: 'skipped', reason: `held by ${held}` });
      continue;
    }
    if (!d.running) {
      // Stopped on purpose: not started again; a vanished container is reported.
      plan.push(r ? { name, kind, action: 'none', reason: 'stopped' } : { name, kind, action: 'drift', reason: 'stopped, and its container is gone' });
      continue;
    }
    if (r && r.state === 'running') {
      plan.push({ name, kind, action: 'none' });
      continue;
    }
    if (r && !down(r)) {
      // restarting, paused, removing: Docker is doing something with it; look again next pass.
      plan.push({ name, kind, action: 'skipped', reason: r.state });
      continue;
    }
    const state = i.states.get(repairKey(kind, name));
    const allowed = state ? repairAllowed(state, i.now) : 'yes';
    if (allowed !== 'yes') {
      const reason = allowed === 'gave-up' ? `gave up after ${state!.streak} repairs in a row${state!.lastError ? `: ${state!.lastError}` : ''}` : `next repair in ${Math.ceil((state!.nextAllowedAt! - i.now) / 1000)} s`;
      plan.push({ name, kind, action: allowed === 'gave-up' ? 'gave up' : 'backing off', reason });
      continue;
    }
    plan.push(r ? { name, kind, action: 'start', resource: r } : { name, kind, action: 'recreate' });
  }
  // A fakecloud server's resources are observed: drift is reported, repaired only when asked.
  for (const r of i.actual) {
    if (r.owner.type !== 'fakecloud' || !down(r)) continue;
    if (i.repairFakecloud && !i.heldBy(r, r)) plan.push({ name: r.name, kind: r.kind, action: 'restart-fakecloud', resource: r });
    else plan.push({ name: r.name, kind: r.kind, action: 'drift', resource: r, reason: `${r.state}${r.exitCode !== undefined ? ` (${r.exitCode})` : ''}` });
  }
  return plan;
}
