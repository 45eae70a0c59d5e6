// ElastiCache caches as Pods (as fakecloud's ElastiCache runs them on Kubernetes): the engine in a
// container named "cache", Redis data in an emptyDir at /data. A snapshot is
// SAVE, then dump.rdb streamed out through exec; a restore streams an RDB into a
// staging init container before Redis starts; a reboot (a Pod cannot restart in
// place) snapshots, makes a new Pod and restores into it, so Redis keeps its data.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import type { CacheCreateResult } from '../../../protocol/caches';
import type { Resource } from '../../../protocol/model';
import { placementOf, type PodBackend, type Spawned } from '../../backends/podBackend';
import { CONTAINER, cachePod } from '../../backends/kubernetes/podSpecs';
import type { ServiceLog } from '../../support/log';
import { ENGINE_PORT, type CacheSpec } from './cacheSpec';
import { deleteFailedPod, podContext, podNameOf, stageFile, type PodSettings } from '../podSpawn';
import { waitUntilReady } from '../readiness';
import type { OperationContext } from '../images';
import type { DesiredStateStore } from '../../store/desiredState';
import { UserError } from '../userError';
import type { CacheCli } from './cacheCli';
import { cacheImage, forgetCache, type CacheDeleteResult, type CacheRunner, type NewCache } from './cacheRunner';
import { l10n } from '../../../protocol/l10n';

export interface PodCachesDeps {
  pods: () => PodBackend;
  log: ServiceLog;
  /** Where a reboot keeps a Pod's data while the new Pod starts. */
  scratchDir: string;
  podSettings: () => PodSettings;
  store: DesiredStateStore;
  /** SAVE before a Pod's data is copied out. */
  cli: CacheCli;
}

export class PodCaches implements CacheRunner {
  constructor(private readonly deps: PodCachesDeps) {}

  /** The cache's next Pod (a fresh name per spawn), with a staging container when an RDB goes in first. */
  podFor(spec: CacheSpec, staged: boolean): { pod: V1Pod; next: Spawned<CacheSpec> } {
    const pods = this.deps.pods();
    const spawns = (spec.spawns ?? 0) + 1;
    const pod = cachePod(spec, podContext(pods.namespace, this.deps.podSettings(), spawns), { stage: staged });
    return { pod, next: { ...spec, backend: 'kubernetes', podName: podNameOf(pod), spawns, kube: pods.scope } };
  }

  /**
   * The Pod created and, when given, the RDB staged into its /data before Redis
   * starts. Not waited on beyond that. On failure the Pod is deleted and the
   * error names the step.
   */
  async startPod(pod: V1Pod, rdb: string | undefined, progress: (m: string) => void, signal?: AbortSignal): Promise<void> {
    await this.step(podNameOf(pod), l10n.t('create the Pod'), async (name, set) => {
      const pods = this.deps.pods();
      progress(l10n.t('Creating Pod {0}…', name));
      await pods.createPod(pod);
      if (rdb !== undefined) {
        set('start the staging container');
        await pods.waitRunning(name, {
          timeoutMs: this.deps.podSettings().readyTimeoutMs,
          init: CONTAINER.staging,
          ...(signal ? { signal } : {}),
        });
        set('stage the snapshot');
        progress(l10n.t('Staging the snapshot into /data…'));
        await stageFile(pods, name, rdb, '/data', (size) => `head -c ${size} > /data/dump.rdb`);
      }
    });
  }

  /**
   * The cache's next Pod: created, an RDB staged into /data first when given,
   * running, answering PING (through LOADING) or version through a port-forward.
   * On failure the Pod is deleted and the error names the step.
   */
  async spawn(spec: CacheSpec, rdb: string | undefined, progress: (m: string) => void, signal?: AbortSignal): Promise<Spawned<CacheSpec>> {
    const { pod, next } = this.podFor(spec, rdb !== undefined);
    await this.startPod(pod, rdb, progress, signal);
    await this.step(next.podName, l10n.t('start the engine'), async (name, set) => {
      const pods = this.deps.pods();
      const timeoutMs = this.deps.podSettings().readyTimeoutMs;
      await pods.waitRunning(name, { timeoutMs, ...(signal ? { signal } : {}) });
      set('wait for readiness');
      progress(l10n.t('Waiting for {0}…', spec.engine));
      const forward = await pods.portForward(name, ENGINE_PORT[spec.engine]);
      try {
        await waitUntilReady({
          host: '127.0.0.1',
          port: forward.port,
          engine: spec.engine,
          timeoutMs,
          stillRunning: async () => {
            const p = await pods.getPod(name);
            if (p?.status?.phase !== 'Running') throw new Error(`the Pod is ${p?.status?.phase ?? 'gone'}`);
          },
          ...(signal ? { signal } : {}),
        });
      } finally {
        forward.close();
      }
    });
    return next;
  }

  /** `work` on the Pod named `name`; on failure the Pod is deleted and the error names the step it was at. */
  private async step(name: string, first: string, work: (name: string, set: (step: string) => void) => Promise<void>): Promise<void> {
    let step = first;
    try {
      await work(name, (s) => (step = s));
    } catch (err) {
      await deleteFailedPod(this.deps.pods(), this.deps.log, `Pod ${name}`, name);
      throw new Error(`could not ${step}: ${(err as Error).message}; the Pod was deleted`, { cause: err });
    }
  }

  /**
   * A Redis cache's data as of now, for its next Pod: `save` (SAVE), then
   * dump.rdb copied out into the scratch directory; its path (the caller removes
   * it). Undefined for memcached, which keeps nothing.
   */
  async saveDataOut(spec: CacheSpec, r: Resource, progress: (m: string) => void): Promise<string | undefined> {
    if (spec.engine !== 'redis') return undefined;
    const podName = r.containerId;
    progress(l10n.t('SAVE in {0}…', podName));
    await this.deps.cli.save(r);
    await fs.promises.mkdir(this.deps.scratchDir, { recursive: true, mode: 0o700 });
    const rdb = path.join(this.deps.scratchDir, `${spec.name}-${Date.now()}.rdb`);
    progress(l10n.t('Copying its data out…'));
    try {
      await this.copyRdbOut(podName, '/data/dump.rdb', rdb);
    } catch (err) {
      await fs.promises.rm(rdb, { force: true });
      throw err;
    }
    return rdb;
  }

  async create(req: NewCache, op: OperationContext): Promise<CacheCreateResult> {
    const { name, engine, settings } = req;
    const spec: CacheSpec = {
      name,
      engine,
      image: req.image ?? cacheImage(engine, settings),
      networkMode: settings.networkMode,
      createdAt: new Date().toISOString(),
      backend: 'kubernetes',
      ...(req.stack ? { stack: req.stack } : {}),
    };
    const t0 = Date.now();
    try {
      const next = await this.spawn(spec, req.rdb?.path, op.progress, op.signal);
      this.deps.store.putCache(next);
      this.deps.log.info(`cache ${name}: created on Kubernetes as Pod ${next.podName} (${engine}, ${spec.image})`);
      const pod = next.podName;
      return {
        name,
        engine,
        containerId: pod,
        endpoint: { host: pod, port: ENGINE_PORT[engine] },
        pod,
        loadingMs: 0,
        waitedMs: Date.now() - t0,
      };
    } catch (err) {
      const msg = `could not create cache "${name}" on Kubernetes: ${(err as Error).message}`;
      this.deps.log.warn(msg);
      throw new UserError(msg);
    }
  }

  /** The Pod's data went with it (an emptyDir): the cache comes back empty, as a replaced ElastiCache node does. */
  async recreate(spec: CacheSpec): Promise<void> {
    if (spec.podName) await this.deps.pods().deletePod(spec.podName);
    this.deps.store.putCache(await this.spawn(spec, undefined, () => undefined));
  }

  /** Ours: the stored spec (a fakecloud server's cache Pod is not ours to recreate). */
  private ownSpec(r: Resource, what: string): CacheSpec {
    const spec = this.deps.store.cache(r.name);
    if (r.owner.type !== 'extension' || !spec || placementOf(spec) !== r.backend) {
      throw new UserError(
        l10n.t(
          "{0} of {1}: it runs as a fakecloud server's Pod ({2}), which only that server recreates; Run Redis Command, Open Cache CLI, Follow Logs, Snapshot and Port Forward work",
          what,
          r.name,
          r.containerId,
        ),
      );
    }
    return spec;
  }

  /**
   * A Pod cannot restart in place: the data saved and copied out, the old Pod
   * deleted, a new one with the data staged into it.
   */
  async reboot(r: Resource, op: OperationContext): Promise<{ waitedMs: number }> {
    const spec = this.ownSpec(r, 'Reboot');
    const t0 = Date.now();
    const rdb = await this.saveDataOut(spec, r, op.progress);
    try {
      op.progress(l10n.t('Replacing Pod {0}…', r.containerId));
      await this.deps.pods().deletePod(r.containerId);
      const next = await this.spawn(spec, rdb, op.progress, op.signal);
      this.deps.store.putCache(next);
      this.deps.log.info(`cache ${r.name}: rebooted into Pod ${next.podName}${spec.engine === 'redis' ? ', its data restored' : ''}`);
      return { waitedMs: Date.now() - t0 };
    } finally {
      if (rdb) await fs.promises.rm(rdb, { force: true });
    }
  }

  copyOut(r: Resource, file: string, dest: string): Promise<number> {
    return this.copyRdbOut(r.containerId, file, dest);
  }

  /** The Pod (its data lives and goes with it). */
  async delete(r: Resource): Promise<CacheDeleteResult> {
    const forgot = forgetCache(this.deps.store, r);
    try {
      await this.deps.pods().deletePod(r.containerId);
    } catch (err) {
      const left = forgot ? '; the cache is no longer kept running, and its Pod is left as an orphan (Remove Orphan or Adopt Orphan)' : '';
      throw new UserError(l10n.t('could not delete the Pod {0} of {1}: {2}{3}', r.containerId, r.name, (err as Error).message, left));
    }
    this.deps.log.info(`cache ${r.name}: its Pod ${r.containerId} deleted`);
    return { keptVolumes: [] };
  }

  /** A Pod of ours outside the desired state: the Pod is all there is (its data goes with it). */
  async removeOrphan(r: Resource): Promise<{ removedVolume?: string }> {
    await this.deps.pods().deletePod(r.containerId);
    return {};
  }

  /** dump.rdb (after SAVE) streamed out of the Pod's cache container into `dest`; its size. */
  private async copyRdbOut(podName: string, file: string, dest: string): Promise<number> {
    const session = await this.deps.pods().execPipe(podName, CONTAINER.cache, ['cat', file]);
    const out = fs.createWriteStream(dest, { mode: 0o600 });
    let size = 0;
    let stderr = '';
    session.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const written = new Promise<void>((resolve, reject) => {
      session.stdout.on('data', (d: Buffer) => {
        size += d.length;
        out.write(d);
      });
      session.stdout.on('end', () => out.end(resolve));
      out.on('error', reject);
    });
    const code = await session.exited;
    await written;
    if (code !== 0) throw new Error(`cat ${file} ended with code ${code}${stderr.trim() ? `: ${stderr.trim()}` : ''}`);
    return size;
  }
}
