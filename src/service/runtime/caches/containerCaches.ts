// Caches as containers on Docker (as fakecloud's ElastiCache runs them): labels,
// a named data volume (Redis), an RDB staged before start, readiness on the
// published or host port; reboot is a restart in place; delete takes our
// volume with it. Every failed create removes what it made and says which step failed.
// A Redis whose data stays in its volume is ended the way Redis keeps it (SAVE, then
// SIGTERM with a grace period), never killed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CacheCreateResult } from '../../../protocol/caches';
import type { Resource } from '../../../protocol/model';
import type { ContainerBackend, ContainerDetails } from '../../backends/backend';
import { OwnLabels } from '../../model/labels';
import { failpoint } from '../../support/failpoints';
import { streamBounded } from '../../../platform/boundedRead';
import { ensureImage, type OperationContext } from '../images';
import { freeLoopbackPort, waitUntilReady, type ReadinessResult } from '../readiness';
import { remakeContainer, type RuntimeDeps } from '../runtimeDeps';
import { UserError } from '../userError';
import type { CacheCli } from './cacheCli';
import { enginePortInside } from './cacheCli';
import { cacheImage, forgetCache, type CacheDeleteResult, type CacheRunner, type CacheSettings, type NewCache } from './cacheRunner';
import {
  cacheContainerName,
  cacheContainerOptions,
  cacheVolumeName,
  enginePortOf,
  ENGINE_PORT,
  type CacheEngine,
  type CacheSpec,
} from './cacheSpec';
import { l10n } from '../../../protocol/l10n';

/** How long Redis may take to write its data on its way out (SIGTERM) before Docker kills it. */
export const REDIS_STOP_GRACE_S = 30;

/** What ends a cache's process while its data is to be kept. */
type EndingAction = 'reboot' | 'delete' | 'remove';

export interface ContainerCachesDeps extends RuntimeDeps {
  settings: () => CacheSettings;
  cli: CacheCli;
}

export class ContainerCaches implements CacheRunner {
  constructor(private readonly deps: ContainerCachesDeps) {}

  private volumeLabels(name: string): Record<string, string> {
    return { [OwnLabels.managedBy]: OwnLabels.managedByValue, 'fakecloud-elasticache': name };
  }

  async create(req: NewCache, op: OperationContext): Promise<CacheCreateResult> {
    const { name, engine, settings } = req;
    const backend = this.deps.backend();
    const image = req.image ?? cacheImage(engine, settings);
    if (await backend.inspectContainer(cacheContainerName(name))) {
      throw new UserError(l10n.t('a container named {0} already exists; remove it or pick another name', cacheContainerName(name)));
    }
    const volume = engine === 'redis' ? cacheVolumeName(name) : undefined;
    const reused = volume !== undefined && req.reuseData === true && (await backend.volumeExists(volume));
    if (volume && !reused && (await backend.volumeExists(volume))) {
      throw new UserError(
        l10n.t(
          'a data volume {0} is left from an earlier cache named "{1}"; remove it (docker volume rm {2}) or pick another name',
          volume,
          name,
          volume,
        ),
      );
    }
    await ensureImage(backend, image, op);
    if (op.signal?.aborted) throw new UserError(l10n.t('cancelled; nothing was created'));

    const spec: CacheSpec = { name, engine, image, networkMode: settings.networkMode, createdAt: new Date().toISOString() };
    if (volume) spec.volume = volume;
    if (req.stack) spec.stack = req.stack;
    if (spec.networkMode === 'host') spec.port = req.port ?? (await freeLoopbackPort());
    else if (req.port) spec.hostPort = req.port;

    const creation = await this.deps.creations.begin({
      kind: 'cache',
      name,
      containers: [cacheContainerName(name)],
      // A reused volume holds the user's data: a failed create never takes it away.
      volumes: volume && !reused ? [volume] : [],
      files: [],
    });
    let step = 'create the data volume';
    try {
      if (reused) op.progress(l10n.t('Using the data kept in {0}…', volume));
      else if (volume) {
        op.progress(l10n.t('Creating volume {0}…', volume));
        await backend.createVolume(volume, this.volumeLabels(name));
      }
      step = 'create the container';
      op.progress(l10n.t('Creating the container…'));
      const containerId = await backend.createContainer(cacheContainerOptions(spec));
      await failpoint('cache-create:created');
      if (req.rdb) {
        // Redis loads /data/dump.rdb at start, so the copy must come before start.
        step = 'stage the snapshot';
        op.progress(l10n.t('Staging {0} ({1} MB)…', path.basename(req.rdb.path), (req.rdb.size / 1e6).toFixed(1)));
        await backend.putFile(containerId, '/data', 'dump.rdb', streamBounded(req.rdb.path, req.rdb.size), req.rdb.size);
      }
      step = 'start the container';
      op.progress(l10n.t('Starting…'));
      await backend.startContainer(containerId);
      step = 'find the endpoint';
      const port = await this.endpointPort(backend, containerId, spec);
      step = 'wait for readiness';
      op.progress(l10n.t('Waiting for {0} on 127.0.0.1:{1}…', engine, port));
      const ready = await this.waitReady(backend, containerId, engine, port, settings.readinessTimeoutMs, op);
      step = 'save the desired state';
      this.deps.store.putCache(spec);
      await creation.finish();
      const loaded = ready.loadingMs ? `, loaded its snapshot in ${ready.loadingMs} ms` : '';
      this.deps.log.info(`cache ${name}: created (${engine}, ${image}, 127.0.0.1:${port})${loaded}`);
      return { name, engine, containerId, endpoint: { host: '127.0.0.1', port }, loadingMs: ready.loadingMs, waitedMs: ready.waitedMs };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const msg = `could not ${step} for cache "${name}": ${reason}${await creation.undo()}`;
      this.deps.log.warn(msg);
      throw new UserError(msg);
    }
  }

  /** The data volume is re-attached, never made anew or removed, so no data is lost. */
  async recreate(spec: CacheSpec): Promise<void> {
    const backend = this.deps.backend();
    if (spec.volume && !(await backend.volumeExists(spec.volume))) await backend.createVolume(spec.volume, this.volumeLabels(spec.name));
    await remakeContainer(backend, cacheContainerName(spec.name), cacheContainerOptions(spec));
  }

  async reboot(r: Resource, op: OperationContext): Promise<{ waitedMs: number }> {
    const backend = this.deps.backend();
    const d = await backend.inspectContainer(r.containerId);
    if (!d) throw new UserError(l10n.t('{0} is gone: its container no longer exists', r.name));
    const engine: CacheEngine = r.engine === 'memcached' ? 'memcached' : 'redis';
    // memcached keeps nothing (a reboot clears it, as in ElastiCache); Redis writes its data out first.
    if (engine === 'redis' && d.running) {
      op.progress(l10n.t('SAVE on {0}…', r.name));
      await this.saveFirst(r, d, 'reboot');
    }
    op.progress(l10n.t('Restarting {0}…', r.name));
    await backend.restartContainer(r.containerId, engine === 'redis' ? REDIS_STOP_GRACE_S : 10);
    const spec = this.deps.store.cache(r.name);
    const published = spec?.networkMode === 'bridge' || (!spec && r.endpoint?.via === 'published');
    const port = published ? (await backend.inspectContainer(r.containerId))?.ports[ENGINE_PORT[engine]] : enginePortInside(r);
    if (!port) throw new UserError(l10n.t('{0} restarted but its port is not published', r.name));
    op.progress(l10n.t('Waiting for {0}…', engine));
    const ready = await this.waitReady(backend, r.containerId, engine, port, this.deps.settings().readinessTimeoutMs, op);
    this.deps.log.info(`cache ${r.name}: rebooted, ready after ${ready.waitedMs} ms`);
    return { waitedMs: ready.waitedMs };
  }

  copyOut(r: Resource, file: string, dest: string): Promise<number> {
    return this.deps.backend().getFile(r.containerId, file, fs.createWriteStream(dest, { highWaterMark: 4 * 1024 * 1024 }));
  }

  async delete(r: Resource, opts: { keepData?: boolean } = {}): Promise<CacheDeleteResult> {
    const backend = this.deps.backend();
    // By name: an update that ran just before may have replaced the container under a new id.
    const target = r.containerName || r.containerId;
    const details = await backend.inspectContainer(target);
    const volumes = details?.volumes ?? [];
    // Not ours, its volumes are kept; ours, when asked.
    const keepsData = r.owner.type !== 'extension' || opts.keepData === true;
    // Before it leaves the desired state: a SAVE that fails changes nothing.
    if (details && keepsData) await this.endKeepingData(r, details, 'delete');
    const forgot = forgetCache(this.deps.store, r);
    const result: CacheDeleteResult = { keptVolumes: [] };
    try {
      if (details) await backend.removeContainer(details.id);
      if (r.owner.type === 'extension' && opts.keepData) {
        result.keptVolumes = volumes;
      } else if (r.owner.type === 'extension') {
        const own = cacheVolumeName(r.name);
        if (volumes.includes(own) || (await backend.volumeExists(own))) {
          await backend.removeVolume(own);
          result.removedVolume = own;
        }
        result.keptVolumes = volumes.filter((v) => v !== own);
      } else {
        // Not ours: its data belongs to whoever made it.
        result.keptVolumes = volumes;
      }
    } catch (err) {
      const left = forgot ? '; it is no longer kept running, and what is left shows as an orphan (Remove Orphan or Adopt Orphan)' : '';
      throw new UserError(l10n.t('could not delete {0}: {1}{2}', r.name, (err as Error).message, left));
    }
    const withVolume = result.removedVolume ? ` with its volume ${result.removedVolume}` : '';
    const kept = result.keptVolumes.length ? `; kept ${result.keptVolumes.join(', ')}` : '';
    this.deps.log.info(`cache ${r.name}: deleted${withVolume}${kept}`);
    return result;
  }

  async removeOrphan(r: Resource, removeData: boolean): Promise<{ removedVolume?: string }> {
    const backend = this.deps.backend();
    const details = await backend.inspectContainer(r.containerId);
    if (details && !removeData) await this.endKeepingData(r, details, 'remove');
    await backend.removeContainer(r.containerId);
    if (!removeData) return {};
    const own = cacheVolumeName(r.name);
    await backend.removeVolume(own);
    return { removedVolume: own };
  }

  /** SAVE in a running Redis; refused (nothing done) with the reason when Redis cannot write its data. */
  private async saveFirst(r: Resource, d: ContainerDetails, action: EndingAction): Promise<void> {
    try {
      await this.deps.cli.save({ ...r, containerId: d.id });
    } catch (err) {
      const name = r.displayName ?? r.name;
      const why = (err as Error).message;
      throw new UserError(
        action === 'reboot'
          ? l10n.t('{0} was not rebooted: Redis could not write its data to its volume first ({1}). Nothing was changed.', name, why)
          : action === 'delete'
            ? l10n.t('{0} was not deleted: Redis could not write its data to its volume first ({1}). Nothing was changed.', name, why)
            : l10n.t('{0} was not removed: Redis could not write its data to its volume first ({1}). Nothing was changed.', name, why),
      );
    }
  }

  /**
   * A running Redis whose volume outlives its container: SAVE, then a stop with a grace period, so Redis exits as it
   * does on SIGTERM (saving again on its way out) instead of being killed. memcached keeps nothing to save.
   */
  private async endKeepingData(r: Resource, d: ContainerDetails, action: EndingAction): Promise<void> {
    if (r.engine === 'memcached' || !d.running || d.volumes.length === 0) return;
    await this.saveFirst(r, d, action);
    await this.deps.backend().stopContainer(d.id, REDIS_STOP_GRACE_S);
    this.deps.log.info(`cache ${r.name}: saved and stopped (SIGTERM) before the ${action}; its data stays in ${d.volumes.join(', ')}`);
  }

  private async endpointPort(backend: ContainerBackend, containerId: string, spec: CacheSpec): Promise<number> {
    if (spec.networkMode === 'host') return enginePortOf(spec);
    const d = await backend.inspectContainer(containerId);
    const port = d?.ports[ENGINE_PORT[spec.engine]];
    if (!port) throw new Error(`the engine port ${ENGINE_PORT[spec.engine]} was not published`);
    return port;
  }

  private waitReady(
    backend: ContainerBackend,
    containerId: string,
    engine: CacheEngine,
    port: number,
    timeoutMs: number,
    op: OperationContext,
  ): Promise<ReadinessResult> {
    return waitUntilReady({
      host: '127.0.0.1',
      port,
      engine,
      timeoutMs,
      stillRunning: async () => {
        const d = await backend.inspectContainer(containerId);
        if (!d) throw new Error('the container disappeared');
        if (!d.running) throw new Error(`the container exited (code ${d.exitCode})`);
      },
      onLoading: () => op.progress(l10n.t('Redis is loading its dataset…')),
      ...(op.signal ? { signal: op.signal } : {}),
    });
  }
}
