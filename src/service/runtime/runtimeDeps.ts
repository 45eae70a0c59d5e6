// What every runtime (caches, instances, functions) works with, and the steps
// they share: a container that must be up (or say why not, from its log), the
// cleanup of a failed create, and lifecycle actions under a lock with a busy mark.
import type { Resource } from '../../protocol/model';
import type { ContainerBackend, ContainerCreateSpec } from '../backends/backend';
import type { LiveModel } from '../model/liveModel';
import type { DesiredStateStore } from '../store/desiredState';
import { BusyMarks } from '../support/busyMarks';
import type { ServiceLog } from '../support/log';
import type { ResourceLocks } from '../support/resourceLocks';
import { UserError } from './userError';
import type { Creations } from './creations';
import type { OwnedKind } from '../reconcile/planner';
import { resourceKey } from '../support/lockKeys';
import { l10n } from '../../protocol/l10n';

export interface RuntimeDeps {
  backend: () => ContainerBackend;
  store: DesiredStateStore;
  locks: ResourceLocks;
  log: ServiceLog;
  model: LiveModel;
  /** Re-list now, so the tree shows the change at once. */
  refresh: () => Promise<void>;
  /** Creates in progress, recorded so what a failed or interrupted one made is always removed. */
  creations: Creations;
}

/** Throws, with the container's last log lines, when it is gone or no longer running. */
export async function requireUp(backend: ContainerBackend, containerId: string): Promise<void> {
  const d = await backend.inspectContainer(containerId);
  if (!d) throw new Error('the container disappeared');
  if (d.running) return;
  const log = await backend.readLogs(containerId, { tail: 5, tty: d.tty }).catch(() => []);
  const text = log
    .map((c) => c.text)
    .join('')
    .trim();
  throw new Error(`the container exited (code ${d.exitCode})${text ? `: ${text}` : ''}`);
}

/**
 * The reconciler's repair of a container of ours: a stale one under its name removed, a new one
 * made, filled when asked, and started; one that cannot start is removed again.
 */
export async function remakeContainer(
  backend: ContainerBackend,
  name: string,
  spec: ContainerCreateSpec,
  fill?: (id: string) => Promise<void>,
): Promise<void> {
  const stale = await backend.inspectContainer(name);
  if (stale) await backend.removeContainer(stale.id);
  let containerId: string | undefined;
  try {
    containerId = await backend.createContainer(spec);
    if (fill) await fill(containerId);
    await backend.startContainer(containerId);
  } catch (err) {
    if (containerId) await backend.removeContainer(containerId).catch(() => undefined);
    throw err;
  }
}

/**
 * Before a name is made again (the caller holds its lock): what an earlier create of it did not finish is removed, and
 * the model listed afresh so that it is no longer seen. Refused, saying what is in the way, when it cannot be yet.
 */
export async function clearUnfinished(
  deps: { creations: Pick<Creations, 'clearUnfinished'>; refresh: () => Promise<void> },
  kind: OwnedKind,
  name: string,
): Promise<void> {
  try {
    await deps.creations.clearUnfinished(kind, name);
  } catch (err) {
    throw new UserError(l10n.t('{0} was not made: {1}', name, (err as Error).message));
  }
  await deps.refresh().catch(() => undefined);
}

/** Stop, start, reboot, delete…: one at a time per resource, shown as busy in the tree meanwhile. */
export class LifecycleActions {
  private readonly busy = new BusyMarks();
  readonly annotate = this.busy.annotate;

  constructor(private readonly deps: Pick<RuntimeDeps, 'backend' | 'locks' | 'refresh'>) {}

  run<T>(r: Resource, what: string, fn: (backend: ContainerBackend) => Promise<T>): Promise<T> {
    const backend = this.deps.backend();
    return this.deps.locks.run(resourceKey(r.id), what, () =>
      this.busy.during(r.containerId, what, this.deps.refresh, async () => {
        if (!(await backend.inspectContainer(r.containerId)))
          throw new UserError(l10n.t('{0} is gone: its container no longer exists', r.displayName ?? r.name));
        return fn(backend);
      }),
    );
  }
}

const NOUNS: Partial<Record<Resource['kind'], string>> = { cache: 'a cache', instance: 'an instance', function: 'a function' };

/** The resource of that kind, or a clear error: it has left the model, or it is something else. */
export function resourceOfKind(model: Pick<LiveModel, 'get'>, resourceId: string, kind: Resource['kind']): Resource {
  const r = model.get(resourceId);
  if (!r) throw new UserError(l10n.t('that resource is gone (it is no longer in the model)'));
  if (r.kind !== kind) throw new UserError(l10n.t('{0} is not {1}', r.name, NOUNS[kind] ?? kind));
  return r;
}
