// UpdateOps on Docker: inspect, pull (with a pull policy), stop with the
// container's own stop signal and timeout, rename, faithful create, probe.
import type Docker from 'dockerode';
import { PreflightError, type ContainerSnapshot, type UpdateOps } from '../../update/recreate';
import type { RuntimeState } from '../../update/healthGate';
import { recreateOptions, type ImageDefaults, type InspectedContainer } from '../../update/recreateSpec';
import { statusCode, type DockerApi } from './dockerApi';
import { DockerOperations } from './dockerOperations';
import { l10n } from '../../../protocol/l10n';

export type PullPolicy = 'always' | 'missing';

export class DockerUpdateOps implements UpdateOps {
  /** The raw inspect of each container we snapshot, for a faithful create. */
  private readonly raw = new Map<string, Docker.ContainerInspectInfo>();

  /** The container operations the update shares with the rest of the service. */
  private readonly ops: DockerOperations;

  constructor(
    private readonly api: DockerApi,
    private readonly pullPolicy: PullPolicy = 'always',
  ) {
    this.ops = new DockerOperations(api);
  }

  private get docker(): Docker {
    return this.api.docker;
  }

  async inspect(name: string): Promise<ContainerSnapshot> {
    const info = await this.api.call(`inspect ${name}`, () => this.docker.getContainer(name).inspect());
    this.raw.set(info.Id, info);
    const snap: ContainerSnapshot = {
      id: info.Id,
      name: info.Name.replace(/^\//, ''),
      imageRef: info.Config.Image,
      imageId: info.Image,
      running: info.State.Running,
      autoRemove: info.HostConfig.AutoRemove === true,
    };
    const cfg = info.Config as { StopSignal?: string; StopTimeout?: number };
    if (cfg.StopSignal) snap.stopSignal = cfg.StopSignal;
    if (typeof cfg.StopTimeout === 'number') snap.stopTimeout = cfg.StopTimeout;
    return snap;
  }

  async exists(nameOrId: string): Promise<boolean> {
    return (await this.ops.inspectContainer(nameOrId)) !== undefined;
  }

  async pull(ref: string, signal?: AbortSignal): Promise<{ usedLocal: boolean; skipped?: boolean; detail?: string }> {
    const local = await this.ops.imageExists(ref);
    if (local && this.pullPolicy === 'missing') return { usedLocal: true, skipped: true, detail: 'pull policy "missing"' };
    try {
      await this.ops.pullImage(ref, () => undefined, signal);
      return { usedLocal: false };
    } catch (err) {
      if (signal?.aborted) throw new PreflightError(l10n.t('cancelled before anything was changed'));
      if (local) return { usedLocal: true, detail: (err as Error).message };
      throw new PreflightError(l10n.t('the image {0} is not on this machine and could not be pulled: {1}', ref, (err as Error).message));
    }
  }

  stop(nameOrId: string, _signal?: string, timeoutSeconds?: number): Promise<void> {
    // Docker stops with the container's own StopSignal; the timeout is its StopTimeout, else 10 s.
    return this.ops.stopContainer(nameOrId, timeoutSeconds ?? 10);
  }

  async rename(nameOrId: string, to: string): Promise<void> {
    await this.api.call(`rename ${nameOrId} to ${to}`, () => this.docker.getContainer(nameOrId).rename({ name: to }));
  }

  async create(name: string, from: ContainerSnapshot, image: string): Promise<string> {
    const raw = this.raw.get(from.id);
    if (!raw) throw new Error(`no inspect of ${from.name} to recreate it from`);
    let oldImage: ImageDefaults = {};
    try {
      oldImage = ((await this.api.call('inspect old image', () => this.docker.getImage(raw.Image).inspect())).Config ??
        {}) as ImageDefaults;
    } catch {
      // The old image may be gone: then nothing is subtracted, and the old settings are kept whole.
    }
    const opts = recreateOptions(raw as unknown as InspectedContainer, oldImage, image);
    opts.name = name;
    const c = await this.api.call(`create ${name}`, () => this.docker.createContainer(opts as Docker.ContainerCreateOptions));
    return c.id;
  }

  start(nameOrId: string): Promise<void> {
    return this.ops.startContainer(nameOrId);
  }

  async remove(nameOrId: string, force: boolean): Promise<void> {
    // v: false — an update never removes volumes.
    await this.api.call(`remove ${nameOrId}`, () => this.docker.getContainer(nameOrId).remove({ force, v: false }), 60_000);
  }

  async removeImage(id: string): Promise<void> {
    await this.api.call(`remove image ${id.slice(0, 19)}`, () => this.docker.getImage(id).remove());
  }

  async pruneDangling(): Promise<void> {
    await this.api.call(
      'prune dangling images',
      () => this.docker.pruneImages({ filters: JSON.stringify({ dangling: ['true'] }) }),
      120_000,
    );
  }

  async probe(id: string): Promise<RuntimeState> {
    let info: Docker.ContainerInspectInfo;
    try {
      info = await this.api.call(`inspect ${id.slice(0, 12)}`, () => this.docker.getContainer(id).inspect(), 5_000);
    } catch (err) {
      if (statusCode(err) === 404) return { kind: 'gone' };
      throw err;
    }
    const s = info.State;
    if (s.Running || s.Restarting) {
      const state: RuntimeState = { kind: 'running', restarting: s.Restarting, restartCount: info.RestartCount ?? 0 };
      const h = (s as { Health?: { Status?: string } }).Health?.Status;
      if (h === 'healthy' || h === 'unhealthy' || h === 'starting') state.health = h;
      return state;
    }
    return { kind: 'exited', exitCode: s.ExitCode };
  }
}
