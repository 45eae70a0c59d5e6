// What differs by where an instance runs: one implementation per way of running
// it (a container on Docker in containerInstances.ts, a Pod in podInstances.ts),
// picked once by the runtime (instanceRuntime.ts), which holds what is common.
import type { InstanceLaunchResult } from '../../../protocol/instances';
import type { BackendKind, Resource } from '../../../protocol/model';
import type { DesiredStateStore } from '../../store/desiredState';
import type { OperationContext } from '../images';
import type { InstanceSpec } from './instanceSpec';

export interface InstanceRunner {
  /** Boots a new instance from its spec (user data at first boot) and records it. On failure nothing it made is left. */
  launch(spec: InstanceSpec, op: OperationContext): Promise<InstanceLaunchResult>;
  /** The reconciler's repair: the instance's process is gone, so it boots again from its spec. */
  recreate(spec: InstanceSpec): Promise<void>;
  stop(r: Resource): Promise<void>;
  start(r: Resource): Promise<void>;
  reboot(r: Resource): Promise<void>;
  /** Called under the entry's lock, so the reconciler never makes it again half-way; ours leaves the desired state. */
  terminate(r: Resource): Promise<void>;
  /** An orphan: nothing but its process is its own. */
  removeOrphan(r: Resource): Promise<void>;
}

/** One runner per backend, and one for a fakecloud server's resources (acted on through its API). */
export type InstanceRunners = Record<BackendKind | 'server', InstanceRunner>;

/** Ours: what the reconciler keeps it at from now on. */
export function setInstanceDesired(store: DesiredStateStore, r: Resource, desired: 'running' | 'stopped'): void {
  const spec = r.owner.type === 'extension' ? store.instance(r.name) : undefined;
  if (spec && spec.desired !== desired) store.putInstance({ ...spec, desired });
}
