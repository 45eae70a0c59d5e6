// ElastiCache caches of ours and a fakecloud server's: what every way of running
// one shares — the checks before anything is made, the locks, the desired state,
// redis-cli commands, snapshots (SAVE, then dump.rdb copied out and checked) —
// with the mechanics of a container or a Pod left to its runner (cacheRunner.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CacheCreateResult, CacheSnapshotResult, CommandResult } from '../../../protocol/caches';
import { validateCacheName } from '../../../protocol/cacheName';
import type { Resource } from '../../../protocol/model';
import { placementOf } from '../../backends/podBackend';
import { failpoint } from '../../support/failpoints';
import { ownedKey, resourceKey } from '../../support/lockKeys';
import type { OperationContext } from '../images';
import type { Creations } from '../creations';
import type { PartialFiles } from '../partialFiles';
import { clearUnfinished, resourceOfKind, type RuntimeDeps } from '../runtimeDeps';
import { UserError } from '../userError';
import { enginePortInside, type CacheCli } from './cacheCli';
import type { CacheDeleteResult, CacheRunner, CacheRunners, CacheSettings } from './cacheRunner';
import type { CacheEngine, CacheSpec } from './cacheSpec';
import { checkRdbFile, rdbHeaderProblem } from './rdbFile';
import { configReply, integerReply } from './resp';
import { STREAMING_COMMANDS, TokenizeError, tokenizeRedisLine } from '../../../protocol/redisTokenize';
import { counted } from '../../../protocol/text';
import { l10n } from '../../../protocol/l10n';
import { IMAGE_REF } from '../../../protocol/references';
import { loopbackPortFree } from '../readiness';

const COMMAND_TIMEOUT_MS = 30_000;

export type { CacheSettings } from './cacheRunner';
export type { OperationContext } from '../images';

export interface CacheRuntimeDeps extends Omit<RuntimeDeps, 'backend' | 'creations'> {
  /** Creates that did not finish: what an earlier one of a name left is removed before that name is made again. */
  creations: Pick<Creations, 'clearUnfinished'>;
  settings: () => CacheSettings;
  /** redis-cli sessions where each cache runs. */
  cli: CacheCli;
  /** Records a snapshot's temporary file while it is written, so a crash never leaves it behind. */
  partialFiles: PartialFiles;
}

export interface CacheCreateRequest {
  name: string;
  engine: CacheEngine;
  rdbPath?: string;
  backend?: 'docker' | 'kubernetes';
  /** Instead of the fakecloud.images.* setting's. */
  image?: string;
  /** The loopback port it answers on (Docker only): refused before anything is made when another program has it. */
  port?: number;
  stack?: { name: string; scope: string };
  /** Runs on the data volume an earlier cache of this name left (a stack's Down keeps it), instead of refusing it. */
  reuseData?: boolean;
}

export class CacheRuntime {
  /** Names being created: their containers exist before the desired state lists them. */
  private readonly creating = new Set<string>();

  constructor(
    private readonly deps: CacheRuntimeDeps,
    private readonly runners: CacheRunners,
  ) {}

  /** Orphan = ours by label, not in the desired state, and not being created right now. */
  annotate = (r: Resource): Resource => {
    if (r.kind !== 'cache' || r.owner.type !== 'extension') return r;
    const orphan = !this.deps.store.cache(r.name) && !this.creating.has(r.name);
    return orphan ? { ...r, orphan } : r;
  };

  private resource(resourceId: string): Resource {
    return resourceOfKind(this.deps.model, resourceId, 'cache');
  }

  /** Where the resource runs picks how it is acted on. */
  private runner(r: Resource): CacheRunner {
    // A fakecloud server's resource is acted on through that server's API.
    return this.runners[r.aws ? 'server' : r.backend];
  }

  /** Work on a name that is being made: not an orphan meanwhile, and the tree shows the outcome at once. */
  private async making<T>(name: string, work: () => Promise<T>): Promise<T> {
    this.creating.add(name);
    try {
      return await work();
    } finally {
      this.creating.delete(name);
      await this.deps.refresh().catch(() => undefined);
    }
  }

  async create(req: CacheCreateRequest, op: OperationContext): Promise<CacheCreateResult> {
    const invalid = validateCacheName(req.name);
    if (invalid) throw new UserError(l10n.t('invalid cache name "{0}": {1}', req.name, invalid));
    if (req.engine !== 'redis' && req.engine !== 'memcached') throw new UserError(l10n.t('unknown engine "{0}"', String(req.engine)));
    if (req.rdbPath && req.engine !== 'redis') throw new UserError(l10n.t('only Redis caches can be restored from an RDB snapshot'));
    this.deps.store.assertWritable(`create ${req.name}`);
    return this.deps.locks.run(ownedKey('cache', req.name), 'create', async () => {
      const { name, engine } = req;
      // What an earlier create of this name left half-made is no cache: it goes first (and the model with it).
      if ((req.backend ?? 'docker') === 'docker') await clearUnfinished(this.deps, 'cache', name);
      const taken =
        this.deps.store.cache(name) ??
        this.deps.model.snapshot().resources.find((r) => r.kind === 'cache' && r.name.toLowerCase() === name.toLowerCase());
      if (taken) {
        const whose = 'owner' in taken && taken.owner.type === 'fakecloud' ? ` (by a fakecloud server, pid ${taken.owner.pid ?? '?'})` : '';
        throw new UserError(l10n.t('a cache named "{0}" already exists{1}', name, whose));
      }
      // Everything that can be checked is checked before anything is created.
      const rdb = req.rdbPath ? { path: req.rdbPath, size: await checkRdbFile(req.rdbPath) } : undefined;
      if (req.image !== undefined && !IMAGE_REF.test(req.image)) throw new UserError(l10n.t('"{0}" is not an image reference', req.image));
      if (req.port !== undefined) {
        if ((req.backend ?? 'docker') !== 'docker')
          throw new UserError(l10n.t('a port is chosen on Docker only; a Pod is reached with Port Forward'));
        if (!(await loopbackPortFree(req.port))) throw new UserError(l10n.t('port {0} on 127.0.0.1 is taken by another program', req.port));
      }
      const runner = this.runners[req.backend ?? 'docker'];
      const extra = {
        ...(req.image ? { image: req.image } : {}),
        ...(req.port ? { port: req.port } : {}),
        ...(req.stack ? { stack: req.stack } : {}),
        ...(req.reuseData && !rdb ? { reuseData: true } : {}),
      };
      return this.making(name, () =>
        runner.create({ name, engine, settings: this.deps.settings(), ...(rdb ? { rdb } : {}), ...extra }, op),
      );
    });
  }

  /** The reconciler's repair: the cache's process is gone, so it is made again from the stored spec. */
  recreateFromSpec(spec: CacheSpec): Promise<void> {
    return this.deps.locks.run(ownedKey('cache', spec.name), 'reconcile', async () => {
      this.creating.add(spec.name);
      try {
        await this.runners[placementOf(spec)].recreate(spec);
      } finally {
        this.creating.delete(spec.name);
      }
    });
  }

  /** `timeoutMs`: how long the command may run before it is stopped (30 s by default, at most 10 minutes). */
  async runCommand(resourceId: string, line: string, timeoutMs = COMMAND_TIMEOUT_MS): Promise<CommandResult> {
    if (!(timeoutMs >= 1_000 && timeoutMs <= 600_000)) throw new UserError(l10n.t("a command's timeout must be from 1 s to 10 minutes"));
    const r = this.resource(resourceId);
    if (r.engine === 'memcached') throw new UserError(l10n.t('{0} is a memcached cache: use Open CLI for its text protocol', r.name));
    let args: string[];
    try {
      args = tokenizeRedisLine(line);
    } catch (err) {
      if (err instanceof TokenizeError) throw new UserError(l10n.t('cannot parse "{0}": {1}', line, err.message));
      throw err;
    }
    if (args.length === 0) throw new UserError(l10n.t('enter a Redis command, e.g. PING or GET key'));
    if (STREAMING_COMMANDS.has(args[0].toUpperCase())) {
      throw new UserError(l10n.t('{0} streams until it is stopped: run it in Open Cache CLI instead', args[0].toUpperCase()));
    }
    return this.deps.locks.run(resourceKey(r.id), 'command', async () => {
      const { stdout, stderr } = await this.deps.cli.run(r, args, timeoutMs);
      const isError = /^\(error\) /.test(stdout);
      return { args, exitCode: isError ? 1 : 0, stdout, stderr, isError };
    });
  }

  /** Ends every open redis-cli session (the service is stopping). */
  closeAll(): void {
    this.deps.cli.closeAll();
  }

  /** The command line that opens the engine's own CLI in the container, for a TTY. */
  cliCommand(resourceId: string): { containerId: string; cmd: string[]; title: string; tty: boolean } {
    const r = this.resource(resourceId);
    const port = String(enginePortInside(r));
    // memcached's text protocol wants CRLF; a TTY would turn Enter into a bare LF. So nc runs
    // without one, and the terminal sends whole lines.
    if (r.engine === 'memcached')
      return { containerId: r.containerId, cmd: ['nc', '127.0.0.1', port], title: l10n.t('memcached {0}', r.name), tty: false };
    return { containerId: r.containerId, cmd: ['redis-cli', '-p', port], title: l10n.t('redis-cli {0}', r.name), tty: true };
  }

  reboot(resourceId: string, op: OperationContext): Promise<{ waitedMs: number }> {
    const r = this.resource(resourceId);
    return this.deps.locks.run(resourceKey(r.id), 'reboot', async () => {
      try {
        // The runner may SAVE on the cache's session first; it ends with the process.
        return await this.runner(r).reboot(r, op);
      } finally {
        this.deps.cli.close(r.id);
        await this.deps.refresh().catch(() => undefined);
      }
    });
  }

  async snapshot(resourceId: string, dest: string, op: OperationContext): Promise<CacheSnapshotResult> {
    const r = this.resource(resourceId);
    if (r.engine === 'memcached')
      throw new UserError(l10n.t('snapshots are not supported for memcached ({0}): memcached keeps no data on disk', r.name));
    if (!path.isAbsolute(dest)) throw new UserError(l10n.t('the snapshot path must be absolute: {0}', dest));
    return this.deps.locks.run(resourceKey(r.id), 'snapshot', async () => {
      // An unwritable destination fails here, before Redis is asked to save.
      const tmp = `${dest}.tmp-${process.pid}-${Date.now()}`;
      let forget: () => Promise<void>;
      try {
        await fs.promises.mkdir(path.dirname(dest), { recursive: true });
        forget = await this.deps.partialFiles.begin(tmp);
      } catch (err) {
        throw new UserError(l10n.t('cannot write the snapshot to {0}: {1}', dest, (err as Error).message));
      }
      try {
        await (await fs.promises.open(tmp, 'wx', 0o600)).close();
      } catch (err) {
        await forget();
        throw new UserError(l10n.t('cannot write the snapshot to {0}: {1}', dest, (err as Error).message));
      }
      try {
        const cli = (args: string[]) => this.deps.cli.run(r, args, COMMAND_TIMEOUT_MS);
        const keys = integerReply((await cli(['DBSIZE'])).stdout);
        const dir = configReply((await cli(['CONFIG', 'GET', 'dir'])).stdout) || '/data';
        const dbfile = configReply((await cli(['CONFIG', 'GET', 'dbfilename'])).stdout) || 'dump.rdb';
        op.progress(l10n.t('SAVE on {0} ({1})…', r.name, counted(keys, 'key')));
        await this.deps.cli.save(r);
        await failpoint('snapshot:copying');
        op.progress(l10n.t('Copying {0}/{1} out…', dir, dbfile));
        const size = await this.runner(r).copyOut(r, `${dir}/${dbfile}`, tmp);
        const check = await fs.promises.open(tmp, 'r');
        try {
          const head = Buffer.alloc(9);
          await check.read(head, 0, 9, 0);
          const problem = rdbHeaderProblem(head, size);
          if (problem) throw new UserError(l10n.t('the copied snapshot is not an RDB: {0}', problem));
          // On disk before it gets its name: a crash never leaves a truncated snapshot under it.
          await check.sync();
        } finally {
          await check.close();
        }
        await fs.promises.rename(tmp, dest);
        this.deps.log.info(`cache ${r.name}: snapshot of ${counted(keys, 'key')}, ${size} bytes, written to ${dest}`);
        return { path: dest, size, keys: Number.isFinite(keys) ? keys : -1 };
      } catch (err) {
        await fs.promises.rm(tmp, { force: true });
        throw err;
      } finally {
        await forget();
      }
    });
  }

  /** Delete: its process; for our own caches also its data and the desired state. */
  async delete(resourceId: string, opts: { keepData?: boolean } = {}): Promise<CacheDeleteResult> {
    const r = this.resource(resourceId);
    // A store that cannot record the deletion refuses before anything is destroyed.
    if (r.owner.type === 'extension' && this.deps.store.cache(r.name)) this.deps.store.assertWritable(`delete ${r.name}`);
    // The entry's lock is the one the reconciler checks: held for the whole delete, so a pass
    // in between never sees the container gone while the desired state still lists it.
    return this.deps.locks.run(ownedKey('cache', r.name), 'delete', () =>
      this.deps.locks.run(resourceKey(r.id), 'delete', async () => {
        try {
          return await this.runner(r).delete(r, opts);
        } finally {
          this.deps.cli.close(r.id);
          await this.deps.refresh().catch(() => undefined);
        }
      }),
    );
  }

  /** An orphan's process, and its data only when asked. */
  async removeOrphan(resourceId: string, removeData: boolean): Promise<{ removedVolume?: string }> {
    const r = this.resource(resourceId);
    if (!r.orphan) throw new UserError(l10n.t('{0} is not an orphan', r.displayName ?? r.name));
    return this.deps.locks.run(resourceKey(r.id), 'remove', async () => {
      try {
        return await this.runner(r).removeOrphan(r, removeData);
      } finally {
        this.deps.cli.close(r.id);
        await this.deps.refresh().catch(() => undefined);
      }
    });
  }
}
