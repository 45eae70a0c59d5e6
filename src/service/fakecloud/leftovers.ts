// A fakecloud server's containers outlive it when it dies: its reaper removes them at its next start, by the pid in
// their owner label. Until then they are leftovers, not the server's resources: shown as such, never counted as
// drift. Only an engine on this machine shares our pids, so only there is a pid checked.
import type { Resource } from '../../protocol/model';
import { isAlive } from '../runtimeDir';

export interface LeftoverDeps {
  /** The Docker engine is this machine's (a unix socket or named pipe), so its containers' pids are ours to check. */
  engineIsLocal: () => boolean;
  alive?: (pid: number) => boolean;
}

export function leftoverAnnotator(deps: LeftoverDeps): (r: Resource) => Resource {
  const alive = deps.alive ?? isAlive;
  return (r) => {
    if (r.owner.type !== 'fakecloud' || r.owner.pid === undefined || r.backend !== 'docker' || !deps.engineIsLocal()) return r;
    return alive(r.owner.pid) ? r : { ...r, leftover: true };
  };
}
