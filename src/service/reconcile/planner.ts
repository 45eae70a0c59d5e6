// What a reconcile pass does with each resource. Pure: desired state + what
// Docker has + repair states → actions.
import type { Resource } from '../../protocol/model';
import type { CacheSpec } from '../runtime/cacheSpec';
import { repairAllowed, type RepairState } from './crashLoop';

export type PlannedAction =
  | { name: string; kind: 'cache'; action: 'none' }
  | { name: string; kind: 'cache'; action: 'start'; resource: Resource }
  | { name: string; kind: 'cache'; action: 'recreate'; spec: CacheSpec }
  | { name: string; kind: 'cache'; action: 'skipped'; reason: string }
  | { name: string; kind: 'cache'; action: 'backing off' | 'gave up'; reason: string }
  | { name: string; kind: string; action: 'drift'; resource: Resource; reason: string }
  | { name: string; kind: string; action: 'restart-fakecloud'; resource: Resource };

export interface PlanInputs {
  desired: CacheSpec[];
  actual: Resource[];
  states: Map<string, RepairState>;
  now: number;
  /** What holds a resource (an update, a command), if anything. */
  heldBy: (name: string, resource?: Resource) => string | undefined;
  repairFakecloud: boolean;
}

const down = (r: Resource) => r.state === 'exited' || r.state === 'created' || r.state === 'dead';

export function planPass(i: PlanInputs): PlannedAction[] {
  const plan: PlannedAction[] = [];
  for (const spec of i.desired) {
    const r = i.actual.find((x) => x.kind === 'cache' && x.owner.type === 'extension' && x.name === spec.name);
    const held = i.heldBy(spec.name, r);
    if (held) {
      plan.push({ name: spec.name, kind: 'cache', action: 'skipped', reason: `held by ${held}` });
      continue;
    }
    if (r && r.state === 'running') {
      plan.push({ name: spec.name, kind: 'cache', action: 'none' });
      continue;
    }
    if (r && !down(r)) {
      // restarting, paused, removing: Docker is doing something with it; look again next pass.
      plan.push({ name: spec.name, kind: 'cache', action: 'skipped', reason: r.state });
      continue;
    }
    const state = i.states.get(spec.name);
    const allowed = state ? repairAllowed(state, i.now) : 'yes';
    if (allowed !== 'yes') {
      const reason = allowed === 'gave-up' ? `gave up after ${state!.streak} repairs in a row${state!.lastError ? `: ${state!.lastError}` : ''}` : `next repair in ${Math.ceil((state!.nextAllowedAt! - i.now) / 1000)} s`;
      plan.push({ name: spec.name, kind: 'cache', action: allowed === 'gave-up' ? 'gave up' : 'backing off', reason });
      continue;
    }
    plan.push(r ? { name: spec.name, kind: 'cache', action: 'start', resource: r } : { name: spec.name, kind: 'cache', action: 'recreate', spec });
  }
  // A fakecloud server's resources are observed: drift is reported, repaired only when asked.
  for (const r of i.actual) {
    if (r.owner.type !== 'fakecloud' || !down(r)) continue;
    if (i.repairFakecloud && !i.heldBy(r.name, r)) plan.push({ name: r.name, kind: r.kind, action: 'restart-fakecloud', resource: r });
    else plan.push({ name: r.name, kind: r.kind, action: 'drift', resource: r, reason: `${r.state}${r.exitCode !== undefined ? ` (${r.exitCode})` : ''}` });
  }
  return plan;
}
