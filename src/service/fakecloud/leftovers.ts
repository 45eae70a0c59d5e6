// A fakecloud server's containers outlive it when it dies: its reaper removes them at its next start, by the pid in
// their owner label. Until then they are leftovers, not the server's resources: shown as such, never counted as
// drift. Only an engine on this machine shares our pids, so only there is a pid checked.
import type { Resource } from '../../protocol/model';

/** Whether a process runs: signal 0 checks without sending (EPERM: it runs, as another user). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface LeftoverDeps {
  /** The Docker engine is this machine's (a unix socket or named pipe), so its containers' pids are ours to check. */
  engineIsLocal: () => boolean;
  alive?: (pid: number) => boolean;
}

export function leftoverAnnotator(deps: LeftoverDeps): (r: Resource) => Resource {
  const alive = deps.alive ?? pidAlive;
  return (r) => {
    if (r.owner.type !== 'fakecloud' || r.owner.pid === undefined || r.backend !== 'docker' || !deps.engineIsLocal()) return r;
    return alive(r.owner.pid) ? r : { ...r, leftover: true };
  };
}
