// ElastiCache's backing-container runtime on our side (on Docker, as fakecloud's ElastiCache runs them):
// create with labels, a named data volume (Redis), an RDB staged before start,
// readiness; redis-cli by exec; reboot; SAVE + copy dump.rdb out; delete.
// Every failure removes what that attempt created and says which step failed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Resource } from '../../../protocol/model';
import type { CacheCreateResult, CacheSnapshotResult, CommandResult } from '../../../protocol/caches';
import type { ContainerBackend } from '../../backends/backend';
import { OwnLabels } from '../../model/labels';
import { validateCacheName } from '../../../protocol/cacheName';
import {
  cacheContainerName,
  cacheContainerOptions,
  cacheVolumeName,
  enginePortOf,
  ENGINE_PORT,
  type CacheEngine,
  type CacheSpec,
  type NetworkMode,
} from './cacheSpec';
import { checkRdbFile, rdbHeaderProblem } from './rdbFile';
import { UserError } from '../userError';
import { ensureImage, type OperationContext } from '../images';
import type { RuntimeDeps } from '../runtimeDeps';
import type { PodBackend } from '../../backends/podBackend';
import type { PodCaches } from './podCaches';
import { configReply, integerReply } from './resp';
import { freeLoopbackPort, waitUntilReady, type ReadinessResult } from '../readiness';
import { RedisCliSessions } from './redisCliSession';
import { STREAMING_COMMANDS } from './redisQuote';
import { TokenizeError, tokenizeRedisLine } from './redisTokenize';
import { resourceAccess } from '../resourceAccess';
import type { PartialFiles } from '../partialFiles';
import { failpoint } from '../../support/failpoints';
import { ownedKey, resourceKey } from '../../support/lockKeys';

const COMMAND_TIMEOUT_MS = 30_000;

export interface CacheSettings {
  redisImage: string;
  memcachedImage: string;
  networkMode: NetworkMode;
  readinessTimeoutMs: number;
}

export type { OperationContext } from '../images';

export interface CacheRuntimeDeps extends RuntimeDeps {
  settings: () => CacheSettings;
  /** Pods on the cluster in use, for a cache that runs as one. */
  pods: () => PodBackend;
  /** Creating, rebooting and snapshotting caches as Pods. */
  podCaches: PodCaches;
  /** Records a snapshot's temporary file while it is written, so a crash never leaves it behind. */
  partialFiles: PartialFiles;
}

export class CacheRuntime {
  /** Names being created: their containers exist before the desired state lists them. */
  private readonly creating = new Set<string>();
  /** Open redis-cli sessions by resource id, closed after a minute unused. */
  private readonly sessions = new RedisCliSessions(60_000);

  constructor(private readonly deps: CacheRuntimeDeps) {}

  /** Orphan = ours by label, not in the desired state, and not being created right now. */
  annotate = (r: Resource): Resource => {
    if (r.kind !== 'cache' || r.owner.type !== 'extension') return r;
    const orphan = !this.deps.store.cache(r.name) && !this.creating.has(r.name);
    return orphan ? { ...r, orphan } : r;
  };

  private resource(resourceId: string): Resource {
    const r = this.deps.model.get(resourceId);
    if (!r) throw new UserError(`that resource is gone (it is no longer in the model)`);
    if (r.kind !== 'cache') throw new UserError(`${r.name} is not a cache`);
    return r;
  }

  /** The port redis-cli / nc reach the engine at inside the container. */
  private execPort(r: Resource): number {
    const own = Number(r.labels[OwnLabels.port]);
    if (own > 0) return own;
    if (r.endpoint && r.endpoint.via !== 'published') return r.endpoint.port;
    return ENGINE_PORT[r.engine === 'memcached' ? 'memcached' : 'redis'];
  }

  /** The container must still be there and running; a clear error if it vanished. */
  private async requireRunning(backend: ContainerBackend, r: Resource): Promise<void> {
    const d = await backend.inspectContainer(r.containerId);
    if (!d) throw new UserError(`${r.name} is gone: its container ${r.containerId.slice(0, 12)} no longer exists`);
    if (!d.running)
      throw new UserError(`${r.name} is not running (${d.status}${d.status === 'exited' ? `, exit code ${d.exitCode}` : ''})`);
  }

  async create(
    req: { name: string; engine: CacheEngine; rdbPath?: string; backend?: 'docker' | 'kubernetes' },
    op: OperationContext,
  ): Promise<CacheCreateResult> {
    const invalid = validateCacheName(req.name);
    if (invalid) throw new UserError(`invalid cache name "${req.name}": ${invalid}`);
    if (req.engine !== 'redis' && req.engine !== 'memcached') throw new UserError(`unknown engine "${String(req.engine)}"`);
    if (req.rdbPath && req.engine !== 'redis') throw new UserError('only Redis caches can be restored from an RDB snapshot');
    this.deps.store.assertWritable(`create ${req.name}`);
    return this.deps.locks.run(ownedKey('cache', req.name), 'create', () => this.createLocked(req, op));
  }

  private async createLocked(
    req: { name: string; engine: CacheEngine; rdbPath?: string; backend?: 'docker' | 'kubernetes' },
    op: OperationContext,
  ): Promise<CacheCreateResult> {
    const { name, engine } = req;
    const taken =
      this.deps.store.cache(name) ??
      this.deps.model.snapshot().resources.find((r) => r.kind === 'cache' && r.name.toLowerCase() === name.toLowerCase());
    if (taken) {
      const whose = 'owner' in taken && taken.owner.type === 'fakecloud' ? ` (by a fakecloud server, pid ${taken.owner.pid ?? '?'})` : '';
      throw new UserError(`a cache named "${name}" already exists${whose}`);
    }
    // Everything that can be checked is checked before anything is created.
    const rdbSize = req.rdbPath ? await checkRdbFile(req.rdbPath) : undefined;
    const settings = this.deps.settings();
    if (req.backend === 'kubernetes') return this.createPod(req, settings, op);
    const backend = this.deps.backend();
    const image = engine === 'redis' ? settings.redisImage : settings.memcachedImage;
    if (await backend.inspectContainer(cacheContainerName(name))) {
      throw new UserError(`a container named ${cacheContainerName(name)} already exists; remove it or pick another name`);
    }
    const volume = engine === 'redis' ? cacheVolumeName(name) : undefined;
    if (volume && (await backend.volumeExists(volume))) {
      throw new UserError(
        `a data volume ${volume} is left from an earlier cache named "${name}"; remove it (docker volume rm ${volume}) or pick another name`,
      );
    }
    await ensureImage(backend, image, op);
    if (op.signal?.aborted) throw new UserError('cancelled; nothing was created');

    const spec: CacheSpec = { name, engine, image, networkMode: settings.networkMode, createdAt: new Date().toISOString() };
    if (volume) spec.volume = volume;
    if (spec.networkMode === 'host') spec.port = await freeLoopbackPort();

    this.creating.add(name);
    const creation = await this.deps.creations.begin({
      kind: 'cache',
      name,
      containers: [cacheContainerName(name)],
      volumes: volume ? [volume] : [],
      files: [],
    });
    let step = 'create the data volume';
    try {
      if (volume) {
        op.progress(`Creating volume ${volume}…`);
        await backend.createVolume(volume, { [OwnLabels.managedBy]: OwnLabels.managedByValue, 'fakecloud-elasticache': name });
      }
      step = 'create the container';
      op.progress('Creating the container…');
      const containerId = await backend.createContainer(cacheContainerOptions(spec));
      await failpoint('cache-create:created');
      if (req.rdbPath && rdbSize !== undefined) {
        // Redis loads /data/dump.rdb at start, so the copy must come before start.
        step = 'stage the snapshot';
        op.progress(`Staging ${path.basename(req.rdbPath)} (${(rdbSize / 1e6).toFixed(1)} MB)…`);
        await backend.putFile(containerId, '/data', 'dump.rdb', fs.createReadStream(req.rdbPath), rdbSize);
      }
      step = 'start the container';
      op.progress('Starting…');
      await backend.startContainer(containerId);
      step = 'find the endpoint';
      const port = await this.endpointPort(backend, containerId, spec);
      step = 'wait for readiness';
      op.progress(`Waiting for ${engine} on 127.0.0.1:${port}…`);
      const ready = await this.waitReady(backend, containerId, engine, port, settings.readinessTimeoutMs, op);
      step = 'save the desired state';
      this.deps.store.putCache(spec);
      await creation.finish();
      this.deps.log.info(
        `cache ${name}: created (${engine}, ${image}, 127.0.0.1:${port})${ready.loadingMs ? `, loaded its snapshot in ${ready.loadingMs} ms` : ''}`,
      );
      return { name, engine, containerId, endpoint: { host: '127.0.0.1', port }, loadingMs: ready.loadingMs, waitedMs: ready.waitedMs };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const msg = `could not ${step} for cache "${name}": ${reason}${await creation.undo()}`;
      this.deps.log.warn(msg);
      throw new UserError(msg);
    } finally {
      this.creating.delete(name);
      await this.deps.refresh().catch(() => undefined);
    }
  }

  private async createPod(
    req: { name: string; engine: CacheEngine; rdbPath?: string },
    settings: CacheSettings,
    op: OperationContext,
  ): Promise<CacheCreateResult> {
    const { name, engine } = req;
    const spec: CacheSpec = {
      name,
      engine,
      image: engine === 'redis' ? settings.redisImage : settings.memcachedImage,
      networkMode: settings.networkMode,
      createdAt: new Date().toISOString(),
      backend: 'kubernetes',
    };
    this.creating.add(name);
    const t0 = Date.now();
    try {
      const next = await this.deps.podCaches.spawn(spec, req.rdbPath, op.progress, op.signal);
      this.deps.store.putCache(next);
      this.deps.log.info(`cache ${name}: created on Kubernetes as Pod ${next.podName} (${engine}, ${spec.image})`);
      return {
        name,
        engine,
        containerId: next.podName!,
        endpoint: { host: next.podName!, port: ENGINE_PORT[engine] },
        pod: next.podName!,
        loadingMs: 0,
        waitedMs: Date.now() - t0,
      };
    } catch (err) {
      const msg = `could not create cache "${name}" on Kubernetes: ${(err as Error).message}`;
      this.deps.log.warn(msg);
      throw new UserError(msg);
    } finally {
      this.creating.delete(name);
      await this.deps.refresh().catch(() => undefined);
    }
  }

  /** Ours on Kubernetes: the stored spec (a fakecloud server's cache Pod is not ours to recreate). */
  private podSpec(r: Resource, what: string): CacheSpec {
    const spec = this.deps.store.cache(r.name);
    if (r.owner.type !== 'extension' || spec?.backend !== 'kubernetes') {
      throw new UserError(
        `${what} of ${r.name}: it runs as a fakecloud server's Pod (${r.containerId}), which only that server recreates; Run Redis Command, Open Cache CLI, Follow Logs, Snapshot and Port Forward work`,
      );
    }
    return spec;
  }

  /** A Pod cannot restart in place: SAVE, copy the data out, a new Pod, the data staged into it. */
  private async rebootPod(r: Resource, op: OperationContext): Promise<{ waitedMs: number }> {
    const spec = this.podSpec(r, 'Reboot');
    return this.deps.locks.run(resourceKey(r.id), 'reboot', async () => {
      const t0 = Date.now();
      try {
        this.sessions.close(r.id);
        const next = await this.deps.podCaches.reboot(spec, r.containerId, () => this.savePod(r), op);
        this.deps.store.putCache(next);
        this.deps.log.info(`cache ${r.name}: rebooted into Pod ${next.podName}${spec.engine === 'redis' ? ', its data restored' : ''}`);
        return { waitedMs: Date.now() - t0 };
      } finally {
        await this.deps.refresh().catch(() => undefined);
      }
    });
  }

  /** SAVE in a cache Pod, before its data is copied out (Reboot, Update Image). */
  async savePod(r: Resource): Promise<void> {
    const reply = await this.redisCli(r, ['SAVE'], 600_000);
    if (reply.stdout.trim() !== 'OK') throw new UserError(`SAVE failed on ${r.name}: ${(reply.stdout + reply.stderr).trim()}`);
  }

  /**
   * The reconciler's repair: the container of a cache in the desired state is
   * gone, so it is made again from the stored spec. The data volume is re-attached,
   * never made anew or removed, so no data is lost.
   */
  async recreateFromSpec(spec: CacheSpec): Promise<void> {
    if (spec.backend === 'kubernetes') {
      // The Pod's data went with it (an emptyDir): the cache comes back empty, as a replaced ElastiCache node does.
      await this.deps.locks.run(ownedKey('cache', spec.name), 'reconcile', async () => {
        if (spec.podName) await this.deps.pods().deletePod(spec.podName);
        this.deps.store.putCache(await this.deps.podCaches.spawn(spec, undefined, () => undefined));
      });
      return;
    }
    const backend = this.deps.backend();
    await this.deps.locks.run(ownedKey('cache', spec.name), 'reconcile', async () => {
      this.creating.add(spec.name);
      let containerId: string | undefined;
      try {
        const stale = await backend.inspectContainer(cacheContainerName(spec.name));
        if (stale) await backend.removeContainer(stale.id);
        if (spec.volume && !(await backend.volumeExists(spec.volume))) {
          await backend.createVolume(spec.volume, { [OwnLabels.managedBy]: OwnLabels.managedByValue, 'fakecloud-elasticache': spec.name });
        }
        containerId = await backend.createContainer(cacheContainerOptions(spec));
        await backend.startContainer(containerId);
      } catch (err) {
        if (containerId) await backend.removeContainer(containerId).catch(() => undefined);
        throw err;
      } finally {
        this.creating.delete(spec.name);
      }
    });
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
    const opts: Parameters<typeof waitUntilReady>[0] = {
      host: '127.0.0.1',
      port,
      engine,
      timeoutMs,
      stillRunning: async () => {
        const d = await backend.inspectContainer(containerId);
        if (!d) throw new Error('the container disappeared');
        if (!d.running) throw new Error(`the container exited (code ${d.exitCode})`);
      },
      onLoading: () => op.progress('Redis is loading its dataset…'),
    };
    if (op.signal) opts.signal = op.signal;
    return waitUntilReady(opts);
  }

  /** `timeoutMs`: how long the command may run before it is stopped (30 s by default, at most 10 minutes). */
  async runCommand(resourceId: string, line: string, timeoutMs = COMMAND_TIMEOUT_MS): Promise<CommandResult> {
    if (!(timeoutMs >= 1_000 && timeoutMs <= 600_000)) throw new UserError("a command's timeout must be from 1 s to 10 minutes");
    const r = this.resource(resourceId);
    if (r.engine === 'memcached') throw new UserError(`${r.name} is a memcached cache: use Open CLI for its text protocol`);
    let args: string[];
    try {
      args = tokenizeRedisLine(line);
    } catch (err) {
      if (err instanceof TokenizeError) throw new UserError(`cannot parse "${line}": ${err.message}`);
      throw err;
    }
    if (args.length === 0) throw new UserError('enter a Redis command, e.g. PING or GET key');
    if (STREAMING_COMMANDS.has(args[0].toUpperCase())) {
      throw new UserError(`${args[0].toUpperCase()} streams until it is stopped: run it in Open Cache CLI instead`);
    }
    return this.deps.locks.run(resourceKey(r.id), 'command', async () => {
      const { stdout, stderr } = await this.redisCli(r, args, timeoutMs);
      const isError = /^\(error\) /.test(stdout);
      return { args, exitCode: isError ? 1 : 0, stdout, stderr, isError };
    });
  }

  /**
   * Runs one command on the cache's redis-cli session; a failure is explained in
   * the user's terms.
   */
  private async redisCli(r: Resource, args: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
    // redis-cli runs where the cache runs: its container, or the "cache" container of its Pod.
    const access = resourceAccess(r, { docker: () => this.deps.backend(), pods: () => this.deps.pods() });
    const exec: Pick<ContainerBackend, 'execPipe'> = { execPipe: (_id, cmd) => access.execPipe(cmd) };
    try {
      return await this.sessions.run(exec, r.id, r.containerId, this.execPort(r), args, timeoutMs);
    } catch (err) {
      // Say why in the user's terms where the engine can tell: the container may have gone or stopped.
      if (r.backend === 'docker') await this.requireRunning(this.deps.backend(), r);
      throw new UserError(`${args[0]} on ${r.name}: ${(err as Error).message}; the redis-cli session was reset`);
    }
  }

  /** Ends every open redis-cli session (the service is stopping). */
  closeAll(): void {
    this.sessions.closeAll();
  }

  /** The command line that opens the engine's own CLI in the container, for a TTY. */
  cliCommand(resourceId: string): { containerId: string; cmd: string[]; title: string; tty: boolean } {
    const r = this.resource(resourceId);
    const port = String(this.execPort(r));
    // memcached's text protocol wants CRLF; a TTY would turn Enter into a bare LF. So nc runs
    // without one, and the terminal sends whole lines.
    if (r.engine === 'memcached')
      return { containerId: r.containerId, cmd: ['nc', '127.0.0.1', port], title: `memcached ${r.name}`, tty: false };
    return { containerId: r.containerId, cmd: ['redis-cli', '-p', port], title: `redis-cli ${r.name}`, tty: true };
  }

  async reboot(resourceId: string, op: OperationContext): Promise<{ waitedMs: number }> {
    const r = this.resource(resourceId);
    if (r.backend === 'kubernetes') return this.rebootPod(r, op);
    const backend = this.deps.backend();
    return this.deps.locks.run(resourceKey(r.id), 'reboot', async () => {
      const d = await backend.inspectContainer(r.containerId);
      if (!d) throw new UserError(`${r.name} is gone: its container no longer exists`);
      this.sessions.close(r.id);
      op.progress(`Restarting ${r.name}…`);
      await backend.restartContainer(r.containerId, 10);
      const engine: CacheEngine = r.engine === 'memcached' ? 'memcached' : 'redis';
      const spec = this.deps.store.cache(r.name);
      const port =
        spec?.networkMode === 'bridge' || (!spec && r.endpoint?.via === 'published')
          ? (await backend.inspectContainer(r.containerId))?.ports[ENGINE_PORT[engine]]
          : this.execPort(r);
      if (!port) throw new UserError(`${r.name} restarted but its port is not published`);
      op.progress(`Waiting for ${engine}…`);
      const ready = await this.waitReady(backend, r.containerId, engine, port, this.deps.settings().readinessTimeoutMs, op);
      this.deps.log.info(`cache ${r.name}: rebooted, ready after ${ready.waitedMs} ms`);
      return { waitedMs: ready.waitedMs };
    });
  }

  async snapshot(resourceId: string, dest: string, op: OperationContext): Promise<CacheSnapshotResult> {
    const r = this.resource(resourceId);
    if (r.engine === 'memcached')
      throw new UserError(`snapshots are not supported for memcached (${r.name}): memcached keeps no data on disk`);
    if (!path.isAbsolute(dest)) throw new UserError(`the snapshot path must be absolute: ${dest}`);
    const backend = r.backend === 'kubernetes' ? undefined : this.deps.backend();
    return this.deps.locks.run(resourceKey(r.id), 'snapshot', async () => {
      // An unwritable destination fails here, before Redis is asked to save.
      const tmp = `${dest}.tmp-${process.pid}-${Date.now()}`;
      let forget: () => Promise<void>;
      try {
        await fs.promises.mkdir(path.dirname(dest), { recursive: true });
        forget = await this.deps.partialFiles.begin(tmp);
      } catch (err) {
        throw new UserError(`cannot write the snapshot to ${dest}: ${(err as Error).message}`);
      }
      try {
        await (await fs.promises.open(tmp, 'wx', 0o600)).close();
      } catch (err) {
        await forget();
        throw new UserError(`cannot write the snapshot to ${dest}: ${(err as Error).message}`);
      }
      try {
        const keys = integerReply((await this.redisCli(r, ['DBSIZE'], COMMAND_TIMEOUT_MS)).stdout);
        const dir = configReply((await this.redisCli(r, ['CONFIG', 'GET', 'dir'], COMMAND_TIMEOUT_MS)).stdout) || '/data';
        const dbfile = configReply((await this.redisCli(r, ['CONFIG', 'GET', 'dbfilename'], COMMAND_TIMEOUT_MS)).stdout) || 'dump.rdb';
        op.progress(`SAVE on ${r.name} (${keys} keys)…`);
        const save = await this.redisCli(r, ['SAVE'], 600_000);
        if (save.stdout.trim() !== 'OK') throw new UserError(`SAVE failed on ${r.name}: ${(save.stdout + save.stderr).trim()}`);
        await failpoint('snapshot:copying');
        op.progress(`Copying ${dir}/${dbfile} out…`);
        const size = backend
          ? await backend.getFile(r.containerId, `${dir}/${dbfile}`, fs.createWriteStream(tmp, { highWaterMark: 4 * 1024 * 1024 }))
          : await this.deps.podCaches.copyRdbOut(r.containerId, dir, dbfile, tmp);
        const check = await fs.promises.open(tmp, 'r');
        try {
          const head = Buffer.alloc(9);
          await check.read(head, 0, 9, 0);
          const problem = rdbHeaderProblem(head, size);
          if (problem) throw new UserError(`the copied snapshot is not an RDB: ${problem}`);
          // On disk before it gets its name: a crash never leaves a truncated snapshot under it.
          await check.sync();
        } finally {
          await check.close();
        }
        await fs.promises.rename(tmp, dest);
        this.deps.log.info(`cache ${r.name}: snapshot of ${keys} keys, ${size} bytes, written to ${dest}`);
        return { path: dest, size, keys: Number.isFinite(keys) ? keys : -1 };
      } catch (err) {
        await fs.promises.rm(tmp, { force: true });
        throw err;
      } finally {
        await forget();
      }
    });
  }

  /** Delete: the container; for our own caches also the data volume and the desired state. */
  async delete(resourceId: string): Promise<{ removedVolume?: string; keptVolumes: string[] }> {
    const r = this.resource(resourceId);
    const ours = r.owner.type === 'extension';
    // A store that cannot record the deletion refuses before anything is destroyed.
    if (ours && this.deps.store.cache(r.name)) this.deps.store.assertWritable(`delete ${r.name}`);
    // The entry's lock is the one the reconciler checks: held for the whole delete, so a pass
    // in between never sees the container gone while the desired state still lists it.
    return this.deps.locks.run(ownedKey('cache', r.name), 'delete', () =>
      this.deps.locks.run(resourceKey(r.id), 'delete', () => (r.backend === 'kubernetes' ? this.deletePod(r) : this.deleteContainer(r))),
    );
  }

  /** Ours leaves the desired state first: from then on nothing repairs it, whatever fails after. */
  private forget(r: Resource, backend: 'docker' | 'kubernetes'): boolean {
    const spec = r.owner.type === 'extension' ? this.deps.store.cache(r.name) : undefined;
    if (!spec || (spec.backend ?? 'docker') !== backend) return false;
    this.deps.store.removeCache(r.name);
    return true;
  }

  private async deletePod(r: Resource): Promise<{ keptVolumes: string[] }> {
    // The Pod (its data lives and goes with it).
    const forgot = this.forget(r, 'kubernetes');
    this.sessions.close(r.id);
    try {
      await this.deps.pods().deletePod(r.containerId);
    } catch (err) {
      throw new UserError(
        `could not delete the Pod ${r.containerId} of ${r.name}: ${(err as Error).message}${forgot ? '; the cache is no longer kept running, and its Pod is left as an orphan (Remove Orphan or Adopt Orphan)' : ''}`,
      );
    } finally {
      await this.deps.refresh().catch(() => undefined);
    }
    this.deps.log.info(`cache ${r.name}: its Pod ${r.containerId} deleted`);
    return { keptVolumes: [] };
  }

  private async deleteContainer(r: Resource): Promise<{ removedVolume?: string; keptVolumes: string[] }> {
    const backend = this.deps.backend();
    this.sessions.close(r.id);
    // By name: an update that ran just before may have replaced the container under a new id.
    const target = r.containerName || r.containerId;
    const details = await backend.inspectContainer(target);
    const volumes = details?.volumes ?? [];
    const forgot = this.forget(r, 'docker');
    const result: { removedVolume?: string; keptVolumes: string[] } = { keptVolumes: [] };
    try {
      if (details) await backend.removeContainer(details.id);
      if (r.owner.type === 'extension') {
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
      throw new UserError(
        `could not delete ${r.name}: ${(err as Error).message}${forgot ? '; it is no longer kept running, and what is left shows as an orphan (Remove Orphan or Adopt Orphan)' : ''}`,
      );
    } finally {
      await this.deps.refresh().catch(() => undefined);
    }
    this.deps.log.info(
      `cache ${r.name}: deleted${result.removedVolume ? ` with its volume ${result.removedVolume}` : ''}${result.keptVolumes.length ? `; kept ${result.keptVolumes.join(', ')}` : ''}`,
    );
    return result;
  }

  /** An orphan's container, and its data only when asked. */
  async removeOrphan(resourceId: string, removeData: boolean): Promise<{ removedVolume?: string }> {
    const r = this.resource(resourceId);
    if (!r.orphan) throw new UserError(`${r.name} is not an orphan`);
    const backend = this.deps.backend();
    return this.deps.locks.run(resourceKey(r.id), 'remove', async () => {
      this.sessions.close(r.id);
      await backend.removeContainer(r.containerId);
      const out: { removedVolume?: string } = {};
      if (removeData) {
        const own = cacheVolumeName(r.name);
        await backend.removeVolume(own);
        out.removedVolume = own;
      }
      await this.deps.refresh().catch(() => undefined);
      return out;
    });
  }
}
