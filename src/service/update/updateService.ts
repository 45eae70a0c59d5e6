// Update Image on any container resource: the recreate run under the resource's
// lock, journalled, with each step logged and pushed as progress; the resource
// shows "updating" meanwhile. At every (re)connect to Docker, updates a dead
// service left half-way are finished or rolled back.
import { IMAGE_REF } from '../../protocol/references';
import type { Resource } from '../../protocol/model';
import type { UpdateResultPayload } from '../../protocol/updates';
import type { DockerApi } from '../backends/docker/dockerApi';
import { DockerUpdateOps, type PullPolicy } from '../backends/docker/dockerUpdateOps';
import type { LiveModel } from '../model/liveModel';
import type { OperationContext } from '../runtime/caches/cacheRuntime';
import { UserError } from '../runtime/userError';
import type { DesiredStateStore } from '../store/desiredState';
import type { ServiceLog } from '../support/log';
import type { ResourceLocks } from '../support/resourceLocks';
import { realClock, type HealthConfig } from './healthGate';
import type { UpdateJournal } from './journal';
import type { PodUpdates } from './podUpdates';
import { PreflightError, runUpdate, type Cleanup, type UpdateResult } from './recreate';
import { ownedKey, resourceKey } from '../support/lockKeys';
import { cacheContainerName } from '../runtime/caches/cacheSpec';
import { instanceContainerName } from '../runtime/instances/instanceSpec';
import { l10n } from '../../protocol/l10n';

export interface UpdateSettings {
  health: HealthConfig;
  cleanup: Cleanup;
  pullPolicy: PullPolicy;
}

export interface UpdateServiceDeps {
  api: () => DockerApi;
  journal: UpdateJournal;
  locks: ResourceLocks;
  log: ServiceLog;
  model: LiveModel;
  store: DesiredStateStore;
  settings: () => UpdateSettings;
  refresh: () => Promise<void>;
  /** Updates on Kubernetes. */
  pods: PodUpdates;
  /** SAVE in a Redis cache, so what it holds is on its volume before its container is stopped. */
  saveCache: (r: Resource) => Promise<void>;
}

export class UpdateService {
  /** Container names being updated: the tree shows them as "updating". */
  private readonly busy = new Set<string>();
  private recovering: Promise<void> | undefined;

  constructor(private readonly deps: UpdateServiceDeps) {}

  annotate = (r: Resource): Resource => (this.busy.has(r.containerName) ? { ...r, busy: 'updating' } : r);

  /**
   * Whether an update runs on this container name. Others must ask by name: the
   * container's id changes mid-update, and for a moment there is none at all.
   */
  isUpdating(containerName: string): boolean {
    return this.busy.has(containerName);
  }

  async update(resourceId: string, image: string | undefined, op: OperationContext): Promise<UpdateResultPayload> {
    const r = this.deps.model.get(resourceId);
    if (!r) throw new UserError(l10n.t('that resource is gone (it is no longer in the model)'));
    if (image !== undefined && !IMAGE_REF.test(image)) throw new UserError(l10n.t('"{0}" is not an image reference', image));
    // Its code lives in the container's own layer, which a recreate does not carry over.
    if (r.kind === 'function' && r.owner.type === 'extension')
      throw new UserError(
        l10n.t('{0} was deployed from VS Code: Redeploy it to pick up a new runtime image (fakecloud.images.functionRuntimes)', r.name),
      );
    // A live server tracks its container by id: a recreate behind its back leaves it stopping, rebooting and
    // deleting a container that is gone while the new one lives on. A dead server's leftovers are fair game. Live is
    // known from a server that answers and lists it, or (on Docker here) from its pid; a Pod of a server that does not
    // answer may be updated, as nothing can tell whether that server still runs.
    if (r.owner.type === 'fakecloud' && !r.leftover && (r.aws !== undefined || r.backend === 'docker'))
      throw new UserError(
        l10n.t(
          "{0} is a fakecloud server's (pid {1}): the server tracks its container by id, so a recreated container would leave the server acting on one that is gone while the new one runs on. Change it through the server instead (for a cache, its engine version).",
          r.displayName ?? r.name,
          r.owner.pid ?? '?',
        ),
      );
    const name = r.containerName;
    const settings = this.deps.settings();
    // Ours: also under the entry's lock, so a delete waits for the update (and acts on the container it left).
    const owned = <T>(fn: () => Promise<T>) =>
      r.owner.type === 'extension' ? this.deps.locks.run(ownedKey(r.kind, r.name), 'update', fn) : fn();
    return owned(() =>
      this.deps.locks.run(resourceKey(r.id), 'update', async () => {
        await this.recovering;
        const held = [name];
        this.busy.add(name);
        await this.deps.refresh().catch(() => undefined);
        const steps: string[] = [];
        const step = (m: string) => {
          steps.push(m);
          this.deps.log.info(`update ${name}: ${m}`);
          op.progress(m);
        };
        try {
          let result: UpdateResult;
          if (r.backend === 'kubernetes') {
            result = await this.deps.pods.update(
              r,
              image,
              settings.health,
              step,
              (newPod) => {
                held.push(newPod);
                this.busy.add(newPod);
              },
              op.signal,
            );
          } else {
            const opts: Parameters<typeof runUpdate>[1] = {
              name,
              health: settings.health,
              cleanup: settings.cleanup,
              clock: realClock,
              journal: this.deps.journal,
              step,
            };
            if (image) opts.image = image;
            if (op.signal) opts.signal = op.signal;
            if (op.pastNoReturn) opts.pastNoReturn = op.pastNoReturn;
            // Redis writes its data out before the stop, not only on SIGTERM (which saves only where save points are set).
            if (r.kind === 'cache' && r.engine !== 'memcached' && r.state === 'running')
              opts.beforeStop = async () => {
                step(l10n.t('SAVE on {0}', r.displayName ?? r.name));
                try {
                  await this.deps.saveCache(r);
                } catch (err) {
                  throw new Error(l10n.t('Redis could not write its data to its volume first ({0})', (err as Error).message), {
                    cause: err,
                  });
                }
              };
            result = await runUpdate(new DockerUpdateOps(this.deps.api(), settings.pullPolicy), opts);
          }
          if (result.outcome === 'updated') {
            // Ours: the desired state follows the image, so a later recreate uses it (on Kubernetes the update recorded it).
            if (r.backend === 'docker') this.recordImage(name, result.newImageRef);
            this.deps.log.info(
              `update ${name}: updated to ${result.newImageRef}${result.container !== name ? ` (now ${result.container})` : ''}`,
            );
            return {
              outcome: 'updated',
              container: result.container,
              oldImageRef: result.oldImageRef,
              newImageRef: result.newImageRef,
              warnings: result.warnings,
              steps,
            };
          }
          const e = result.event;
          this.deps.log.warn(`update ${name}: rolled back (${e.reason}: ${e.detail}); ${e.oldImageRef} restored from ${e.restoredFrom}`);
          return {
            outcome: 'rolled-back',
            container: name,
            oldImageRef: e.oldImageRef,
            newImageRef: e.newImageRef,
            reason: e.reason,
            detail: e.detail,
            restoredFrom: e.restoredFrom,
            warnings: result.warnings,
            steps,
          };
        } catch (err) {
          if (err instanceof PreflightError) throw new UserError(l10n.t('update {0}: {1}', name, err.message));
          this.deps.log.error(`update ${name}: ${(err as Error).message}`);
          throw err;
        } finally {
          // The model first shows what the update left (the restored or the new container), and only
          // then is the name free: a reconcile pass in between would act on the container that crashed.
          await this.deps.refresh().catch(() => undefined);
          for (const n of held) this.busy.delete(n);
          await this.deps.refresh().catch(() => undefined);
        }
      }),
    );
  }

  /** Archives (<name>-old-<ts>) no journal accounts for: said loudly, never removed by us. */
  private async reportStrayArchives(journalled: Set<string>): Promise<void> {
    try {
      const all = await this.deps.api().listContainers();
      for (const c of all) {
        const name = (c.Names?.[0] ?? '').replace(/^\//, '');
        const labels = c.Labels ?? {};
        const ours = Object.keys(labels).some((k) => k.startsWith('fakecloud-'));
        if (ours && /-old-\d{9,}$/.test(name) && !journalled.has(name)) {
          this.deps.log.warn(
            `update: ${name} looks like the archive of an update that did not finish, and no journal explains it; it is kept. Rename it ` +
              `back or remove it yourself.`,
          );
        }
      }
    } catch {
      // Listing failed: the next connect looks again.
    }
  }

  /** The desired state of our cache or instance running as `container` follows its new image; true when it changed. */
  private recordImage(container: string, image: string): boolean {
    const { store } = this.deps;
    const cache = store.caches().find((c) => (c.backend ?? 'docker') === 'docker' && cacheContainerName(c.name) === container);
    if (cache && cache.image !== image) {
      store.putCache({ ...cache, image });
      return true;
    }
    const instance = store
      .instances()
      .find((i) => (i.backend ?? 'docker') === 'docker' && instanceContainerName(i.instanceId) === container);
    if (instance && instance.image !== image) {
      store.putInstance({ ...instance, image });
      return true;
    }
    return false;
  }

  /** Finishes or rolls back what a dead service left; safe to call at every connect. */
  recover(): Promise<void> {
    this.recovering ??= this.doRecover().finally(() => (this.recovering = undefined));
    return this.recovering;
  }

  private async doRecover(): Promise<void> {
    // An update running in this process now owns its journal: recovery leaves it alone.
    const all = await this.deps.journal.list();
    await this.reportStrayArchives(new Set(all.map((e) => e.archive)));
    const entries = all.filter((e) => !this.busy.has(e.container));
    if (entries.length === 0) return;
    const ops = new DockerUpdateOps(this.deps.api());
    for (const e of entries) {
      try {
        if (e.phase === 'healthy') {
          if (await ops.exists(e.archive)) await ops.remove(e.archive, false);
          // The new image stays: ours must name it, or a later repair would silently go back to the old one.
          const recorded = this.recordImage(e.container, e.newImageRef);
          this.deps.log.info(
            `update ${e.container}: finished an update interrupted after its health gate (removed ` +
              `${e.archive}${recorded ? `; the desired state now names ${e.newImageRef}` : ''})`,
          );
        } else if (await ops.exists(e.archive)) {
          // Not proven healthy: the old container comes back.
          if (await ops.exists(e.container)) await ops.remove(e.container, true);
          await ops.rename(e.archive, e.container);
          if (e.wasRunning) await ops.start(e.container);
          this.deps.log.warn(
            `update ${e.container}: an update to ${e.newImageRef} was interrupted (${e.phase}); rolled back to ${e.oldImageRef}`,
          );
        } else if (e.wasRunning && (await ops.exists(e.container))) {
          // Interrupted before the rename: the old container is still under its name, maybe stopped.
          await ops.start(e.container);
          this.deps.log.warn(`update ${e.container}: an update was interrupted before anything was replaced; started it again`);
        }
        await this.deps.journal.clear(e.container);
      } catch (err) {
        this.deps.log.error(
          `update ${e.container}: could not recover an interrupted update (${(err as Error).message}); the journal is kept for the next start`,
        );
      }
    }
    await this.deps.refresh().catch(() => undefined);
  }
}
