// The count on the view's icon: resources that need a look — a failing health check, a repair backing off or given
// up, one of ours that is down, or a fakecloud server's resource that its server says should run but does not. Pure.
import type { Resource } from '../protocol/model';
import { l10n } from '../protocol/l10n';

export function needsLook(r: Resource): boolean {
  if (r.condition) return true;
  if (r.health === 'unhealthy') return true;
  const down = r.state === 'exited' || r.state === 'dead';
  if (down && r.kept && !r.busy) return true;
  return down && r.aws?.expectsRunning === true && !r.leftover;
}

/** The badge for these resources; undefined (no badge) when all is well. */
export function viewBadge(resources: readonly Resource[]): { value: number; tooltip: string } | undefined {
  const n = resources.filter(needsLook).length;
  return n > 0 ? { value: n, tooltip: l10n.plural(n, '{0} resource needs a look', '{0} resources need a look') } : undefined;
}
