// EC2 instances of ours and a fakecloud server's: what every way of running one
// shares — the checks before a launch, the spec, the locks, the desired state —
// with the mechanics of a container or a Pod left to its runner (instanceRunner.ts).
import type { InstanceLaunchParams, InstanceLaunchResult } from '../../../protocol/instances';
import { tagProblem, userDataBase64, validateInstanceName } from '../../../protocol/instances';
import type { Resource } from '../../../protocol/model';
import { placementOf } from '../../backends/podBackend';
import { ownedKey } from '../../support/lockKeys';
import type { NetworkMode } from '../caches/cacheSpec';
import type { OperationContext } from '../images';
import { resourceOfKind, type RuntimeDeps } from '../runtimeDeps';
import { UserError } from '../userError';
import type { InstanceRunner, InstanceRunners } from './instanceRunner';
import { newInstanceId, type InstanceSpec } from './instanceSpec';
import { l10n } from '../../../protocol/l10n';
import { IMAGE_REF } from '../../../protocol/references';

export interface InstanceSettings {
  image: string;
  networkMode: NetworkMode;
}

export interface InstanceRuntimeDeps extends Omit<RuntimeDeps, 'backend' | 'creations'> {
  settings: () => InstanceSettings;
}

export class InstanceRuntime {
  private readonly launching = new Set<string>();

  constructor(
    private readonly deps: InstanceRuntimeDeps,
    private readonly runners: InstanceRunners,
  ) {}

  annotate = (r: Resource): Resource => {
    if (r.kind !== 'instance' || r.owner.type !== 'extension') return r;
    const orphan = !this.deps.store.instance(r.name) && !this.launching.has(r.name);
    return orphan ? { ...r, orphan } : r;
  };

  private resource(resourceId: string): Resource {
    return resourceOfKind(this.deps.model, resourceId, 'instance');
  }

  /** Where the resource runs picks how it is acted on. */
  private runner(r: Resource): InstanceRunner {
    // A fakecloud server's resource is acted on through that server's API.
    return this.runners[r.aws ? 'server' : r.backend];
  }

  /** Checks everything it can before anything is created. */
  private checkLaunch(req: InstanceLaunchParams): { tags: Record<string, string>; userData?: string } {
    const invalid = validateInstanceName(req.name);
    if (invalid) throw new UserError(l10n.t('invalid instance name: {0}', invalid));
    const tags: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.tags ?? {})) {
      if (typeof v !== 'string') throw new UserError(l10n.t('the tag {0} must have a text value', k));
      const bad = k.trim() ? tagProblem(k, v) : 'a tag needs a key';
      if (bad) throw new UserError(l10n.t('invalid tag: {0}', bad));
      tags[k] = v;
    }
    if (req.image !== undefined && !IMAGE_REF.test(req.image)) throw new UserError(l10n.t('"{0}" is not an image reference', req.image));
    if (!req.userData) return { tags };
    const ud = userDataBase64(req.userData);
    if ('error' in ud) throw new UserError(ud.error);
    return { tags, userData: ud.base64 };
  }

  async launch(req: InstanceLaunchParams, op: OperationContext): Promise<InstanceLaunchResult> {
    const checked = this.checkLaunch(req);
    this.deps.store.assertWritable(`launch ${req.name}`);
    const settings = this.deps.settings();
    const spec: InstanceSpec = {
      instanceId: newInstanceId(),
      name: req.name.trim(),
      tags: checked.tags,
      image: req.image ?? settings.image,
      networkMode: settings.networkMode,
      desired: 'running',
      createdAt: new Date().toISOString(),
      ...(req.stack ? { stack: req.stack } : {}),
    };
    if (checked.userData) spec.userData = checked.userData;
    const runner = this.runners[req.backend ?? 'docker'];
    return this.deps.locks.run(ownedKey('instance', spec.instanceId), 'launch', async () => {
      this.launching.add(spec.instanceId);
      try {
        return await runner.launch(spec, op);
      } finally {
        this.launching.delete(spec.instanceId);
        await this.deps.refresh().catch(() => undefined);
      }
    });
  }

  /** The reconciler's repair: the instance's process is gone, so it boots again from its spec. */
  recreateFromSpec(spec: InstanceSpec): Promise<void> {
    return this.deps.locks.run(ownedKey('instance', spec.instanceId), 'reconcile', async () => {
      this.launching.add(spec.instanceId);
      try {
        await this.runners[placementOf(spec)].recreate(spec);
      } finally {
        this.launching.delete(spec.instanceId);
      }
    });
  }

  /** Under the entry's lock: the reconciler never acts on it half-way. */
  private async act(resourceId: string, what: 'stop' | 'start' | 'reboot', done: string): Promise<void> {
    const r = this.resource(resourceId);
    await this.deps.locks.run(ownedKey('instance', r.name), what, () => this.runner(r)[what](r));
    // Its desired state changed: the model re-reads it, so the status bar counts it as kept or not.
    await this.deps.refresh().catch(() => undefined);
    this.deps.log.info(`instance ${r.name}: ${done}`);
  }

  stop(resourceId: string): Promise<void> {
    return this.act(resourceId, 'stop', 'stopped');
  }

  start(resourceId: string): Promise<void> {
    return this.act(resourceId, 'start', 'started');
  }

  reboot(resourceId: string): Promise<void> {
    return this.act(resourceId, 'reboot', 'rebooted');
  }

  async terminate(resourceId: string): Promise<void> {
    const r = this.resource(resourceId);
    const own = r.owner.type === 'extension' && this.deps.store.instance(r.name) !== undefined;
    // A store that cannot record the termination refuses before anything is destroyed.
    if (own) this.deps.store.assertWritable(`terminate ${r.displayName ?? r.name}`);
    await this.deps.locks.run(ownedKey('instance', r.name), 'terminate', () => this.runner(r).terminate(r));
    this.deps.log.info(`instance ${r.name}${r.displayName ? ` (${r.displayName})` : ''}: terminated`);
  }

  /** An orphan's process (nothing else is its own). */
  async removeOrphan(resourceId: string): Promise<void> {
    const r = this.resource(resourceId);
    if (!r.orphan) throw new UserError(l10n.t('{0} is not an orphan', r.displayName ?? r.name));
    await this.runner(r).removeOrphan(r);
    await this.deps.refresh().catch(() => undefined);
  }
}
