// EC2 instances on our side (on Docker, as fakecloud's EC2 runs them): launch a container off the
// instance image with the boot script (user data once, in the background), then
// stop / start / reboot / terminate it as EC2 does. A failed launch removes what
// it created and says which step failed.
import type { InstanceLaunchParams, InstanceLaunchResult } from '../../../protocol/instances';
import { parseTags, userDataBase64, validateInstanceName } from '../../../protocol/instances';
import type { Resource } from '../../../protocol/model';
import type { ContainerBackend } from '../../backends/backend';
import type { NetworkMode } from '../caches/cacheSpec';
import { ensureImage, type OperationContext } from '../images';
import { instanceContainerName, instanceContainerOptions, newInstanceId, type InstanceSpec } from './instanceSpec';
import { LifecycleActions, requireUp, type RuntimeDeps } from '../runtimeDeps';
import type { PodInstances } from './podInstances';
import { UserError } from '../userError';
import { failpoint } from '../../support/failpoints';
import { ownedKey } from '../../support/lockKeys';

const STOP_TIMEOUT_S = 10;

export interface InstanceSettings {
  image: string;
  networkMode: NetworkMode;
}

export interface InstanceRuntimeDeps extends RuntimeDeps {
  settings: () => InstanceSettings;
  /** The Kubernetes half (launch there, and every action on an instance that runs as a Pod). */
  pods: PodInstances;
}

export class InstanceRuntime {
  private readonly launching = new Set<string>();
  private readonly actions: LifecycleActions;

  constructor(private readonly deps: InstanceRuntimeDeps) {
    this.actions = new LifecycleActions(deps);
  }

  annotate = (r: Resource): Resource => {
    if (r.kind !== 'instance') return r;
    const marked = this.actions.annotate(r);
    if (r.owner.type !== 'extension') return marked;
    const orphan = !this.deps.store.instance(r.name) && !this.launching.has(r.name);
    return orphan ? { ...marked, orphan } : marked;
  };

  private resource(resourceId: string): Resource {
    const r = this.deps.model.get(resourceId);
    if (!r) throw new UserError('that instance is gone (it is no longer in the model)');
    if (r.kind !== 'instance') throw new UserError(`${r.name} is not an instance`);
    return r;
  }

  /** Checks everything it can before anything is created. */
  private checkLaunch(req: InstanceLaunchParams): { tags: Record<string, string>; userData?: string } {
    const invalid = validateInstanceName(req.name);
    if (invalid) throw new UserError(`invalid instance name: ${invalid}`);
    const tags: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.tags ?? {})) {
      if (typeof v !== 'string') throw new UserError(`the tag ${k} must have a text value`);
      const parsed = parseTags(`${k}=${v}`);
      if ('error' in parsed) throw new UserError(`invalid tag: ${parsed.error}`);
      tags[k] = v;
    }
    if (!req.userData) return { tags };
    const ud = userDataBase64(req.userData);
    if ('error' in ud) throw new UserError(ud.error);
    return { tags, userData: ud.base64 };
  }

  async launch(req: InstanceLaunchParams, op: OperationContext): Promise<InstanceLaunchResult> {
    const checked = this.checkLaunch(req);
    this.deps.store.assertWritable(`launch ${req.name}`);
    const settings = this.deps.settings();
    // On Kubernetes the kubelet pulls the image; on Docker it is made sure of here.
    const backend = req.backend === 'kubernetes' ? undefined : this.deps.backend();
    if (backend) await ensureImage(backend, settings.image, op);
    if (op.signal?.aborted) throw new UserError('cancelled; nothing was created');
    const spec: InstanceSpec = {
      instanceId: newInstanceId(),
      name: req.name.trim(),
      tags: checked.tags,
      image: settings.image,
      networkMode: settings.networkMode,
      desired: 'running',
      createdAt: new Date().toISOString(),
    };
    if (checked.userData) spec.userData = checked.userData;
    if (req.backend === 'kubernetes') return this.launchPod(spec, op);
    return this.deps.locks.run(ownedKey('instance', spec.instanceId), 'launch', async () => {
      this.launching.add(spec.instanceId);
      const containerName = instanceContainerName(spec.instanceId);
      const creation = await this.deps.creations.begin({
        kind: 'instance',
        name: spec.instanceId,
        containers: [containerName],
        volumes: [],
        files: [],
      });
      let step = 'create the container';
      try {
        if (!backend) throw new Error('no Docker backend');
        op.progress(`Creating ${spec.instanceId} from ${spec.image}…`);
        const containerId = await backend.createContainer(instanceContainerOptions(spec));
        await failpoint('instance-launch:created');
        step = 'start the container';
        op.progress(`Booting ${spec.instanceId}…`);
        await backend.startContainer(containerId);
        step = 'boot';
        await this.checkBooted(backend, containerId);
        step = 'save the desired state';
        this.deps.store.putInstance(spec);
        await creation.finish();
        this.deps.log.info(
          `instance ${spec.instanceId} (${spec.name}): launched from ${spec.image}${spec.userData ? ', user data running in the background' : ''}`,
        );
        return { instanceId: spec.instanceId, containerId, containerName };
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        const msg = `could not ${step} for instance "${spec.name}": ${reason}${await creation.undo()}`;
        this.deps.log.warn(msg);
        throw new UserError(msg);
      } finally {
        this.launching.delete(spec.instanceId);
        await this.deps.refresh().catch(() => undefined);
      }
    });
  }

  private launchPod(spec: InstanceSpec, op: OperationContext): Promise<InstanceLaunchResult> {
    return this.deps.locks.run(ownedKey('instance', spec.instanceId), 'launch', async () => {
      this.launching.add(spec.instanceId);
      try {
        op.progress(`Creating the Pod for ${spec.instanceId} (${spec.image})…`);
        const running = await this.deps.pods.spawn({ ...spec, backend: 'kubernetes' }, true, op.signal);
        this.deps.store.putInstance(running);
        this.deps.log.info(`instance ${spec.instanceId} (${spec.name}): launched on Kubernetes as Pod ${running.podName}`);
        return { instanceId: spec.instanceId, containerId: running.podName!, containerName: running.podName! };
      } catch (err) {
        const msg = `could not launch instance "${spec.name}" on Kubernetes: ${(err as Error).message}`;
        this.deps.log.warn(msg);
        throw new UserError(msg);
      } finally {
        this.launching.delete(spec.instanceId);
        await this.deps.refresh().catch(() => undefined);
      }
    });
  }

  /** The boot script must stay up: an image without sh, base64 or tail exits at once, and says why in its log. */
  private async checkBooted(backend: ContainerBackend, containerId: string): Promise<void> {
    await requireUp(backend, containerId);
    await new Promise((r) => setTimeout(r, 250));
    await requireUp(backend, containerId);
  }

  /** The reconciler's repair: the container is gone, so the instance boots again from its spec (a new container). */
  async recreateFromSpec(spec: InstanceSpec): Promise<void> {
    if (spec.backend === 'kubernetes') {
      await this.deps.locks.run(ownedKey('instance', spec.instanceId), 'reconcile', () => this.deps.pods.recover(spec));
      return;
    }
    const backend = this.deps.backend();
    await this.deps.locks.run(ownedKey('instance', spec.instanceId), 'reconcile', async () => {
      this.launching.add(spec.instanceId);
      let containerId: string | undefined;
      try {
        const stale = await backend.inspectContainer(instanceContainerName(spec.instanceId));
        if (stale) await backend.removeContainer(stale.id);
        containerId = await backend.createContainer(instanceContainerOptions(spec));
        await backend.startContainer(containerId);
      } catch (err) {
        if (containerId) await backend.removeContainer(containerId).catch(() => undefined);
        throw err;
      } finally {
        this.launching.delete(spec.instanceId);
      }
    });
  }

  private setDesired(r: Resource, desired: 'running' | 'stopped'): void {
    const spec = r.owner.type === 'extension' ? this.deps.store.instance(r.name) : undefined;
    if (spec && spec.desired !== desired) this.deps.store.putInstance({ ...spec, desired });
  }

  async stop(resourceId: string): Promise<void> {
    const r = this.resource(resourceId);
    if (r.backend === 'kubernetes') return this.deps.locks.run(ownedKey('instance', r.name), 'stop', () => this.deps.pods.stop(r));
    // Desired first: the reconciler must not start it again between the stop and the write.
    this.setDesired(r, 'stopped');
    await this.actions.run(r, 'stopping', (b) => b.stopContainer(r.containerId, STOP_TIMEOUT_S));
    this.deps.log.info(`instance ${r.name}: stopped`);
  }

  async start(resourceId: string): Promise<void> {
    const r = this.resource(resourceId);
    if (r.backend === 'kubernetes') return this.deps.locks.run(ownedKey('instance', r.name), 'start', () => this.deps.pods.start(r));
    await this.actions.run(r, 'starting', async (b) => {
      await b.startContainer(r.containerId);
      await this.checkBooted(b, r.containerId);
    });
    this.setDesired(r, 'running');
    this.deps.log.info(`instance ${r.name}: started`);
  }

  /** A restart of the same container: the user-data marker is still there, so it does not run again. */
  async reboot(resourceId: string): Promise<void> {
    const r = this.resource(resourceId);
    if (r.backend === 'kubernetes') return this.deps.locks.run(ownedKey('instance', r.name), 'reboot', () => this.deps.pods.reboot(r));
    await this.actions.run(r, 'rebooting', async (b) => {
      await b.restartContainer(r.containerId, STOP_TIMEOUT_S);
      await this.checkBooted(b, r.containerId);
    });
    this.setDesired(r, 'running');
    this.deps.log.info(`instance ${r.name}: rebooted`);
  }

  async terminate(resourceId: string): Promise<void> {
    const r = this.resource(resourceId);
    const own = r.owner.type === 'extension' && this.deps.store.instance(r.name) !== undefined;
    // A store that cannot record the termination refuses before anything is destroyed.
    if (own) this.deps.store.assertWritable(`terminate ${r.displayName ?? r.name}`);
    // Under the entry's lock (the one the reconciler checks), and forgotten before the
    // container goes: a pass in between never makes it again.
    await this.deps.locks.run(ownedKey('instance', r.name), 'terminate', async () => {
      if (r.backend === 'kubernetes') return this.deps.pods.terminate(r);
      await this.actions.run(r, 'terminating', (b) => {
        if (own) this.deps.store.removeInstance(r.name);
        return b.removeContainer(r.containerId);
      });
    });
    this.deps.log.info(`instance ${r.name}${r.displayName ? ` (${r.displayName})` : ''}: terminated`);
  }
}
