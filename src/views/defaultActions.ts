// What a double-click (or Enter) and the Delete key do on a tree item. Pure.
import type { AwsResource } from '../protocol/aws';
import type { Resource } from '../protocol/model';

/** The action a resource is opened with: the CLI of a cache, an instance's console, Invoke for a function. */
export function defaultActionOf(r: Resource): string {
  switch (r.kind) {
    case 'cache':
      return r.state === 'running' ? 'fakecloud.openCacheCli' : 'fakecloud.followLogs';
    case 'instance':
      return 'fakecloud.showConsoleOutput';
    case 'function':
      return r.state === 'running' ? 'fakecloud.invokeFunction' : 'fakecloud.followLogs';
    default:
      return 'fakecloud.followLogs';
  }
}

/** What the Delete key runs: each asks for a confirmation first. None for what we do not delete. */
export function deleteActionOf(r: Resource): string | undefined {
  if (r.busy) return undefined;
  if (r.orphan) return 'fakecloud.removeOrphan';
  switch (r.kind) {
    case 'cache':
      return 'fakecloud.deleteCache';
    case 'instance':
      return 'fakecloud.terminateInstance';
    case 'function':
      return 'fakecloud.deleteFunction';
    default:
      return undefined;
  }
}

/** A server's resource row: the container's action when one runs it, Invoke for a function; none otherwise. */
export function defaultAwsActionOf(a: AwsResource, r: Resource | undefined): string | undefined {
  if (r) return defaultActionOf(r);
  return a.type === 'function' ? 'fakecloud.invokeFunction' : undefined;
}

/** The Delete key on a server's resource row: deleted (terminated) through its API, after a confirmation. */
export function deleteAwsActionOf(a: AwsResource): string | undefined {
  switch (a.type) {
    case 'cache-cluster':
    case 'replication-group':
      return 'fakecloud.deleteCache';
    case 'function':
      return 'fakecloud.deleteFunction';
    case 'instance':
      return a.status === 'terminated' ? undefined : 'fakecloud.terminateInstance';
    default:
      return undefined;
  }
}

/** A second click on the same item soon after the first: the tree only reports clicks. */
export const DOUBLE_CLICK_MS = 500;

export class ClickTracker {
  private last: { id: string; at: number } | undefined;

  /** True when this click makes a double-click; the pair is then used up. */
  click(id: string, now: number): boolean {
    const double = this.last !== undefined && this.last.id === id && now - this.last.at <= DOUBLE_CLICK_MS;
    this.last = double ? undefined : { id, at: now };
    return double;
  }
}
