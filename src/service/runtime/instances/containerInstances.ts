// Instances as containers on Docker (as fakecloud's EC2 runs them): a container off
// the instance image with the boot script (user data once, in the background);
// stop, start and reboot act on the same container, as EC2 does on the same VM.
import type { InstanceLaunchResult } from '../../../protocol/instances';
import type { Resource } from '../../../protocol/model';
import type { ContainerBackend } from '../../backends/backend';
import { failpoint } from '../../support/failpoints';
import { ensureImage, type OperationContext } from '../images';
import { remakeContainer, requireUp, type LifecycleActions, type RuntimeDeps } from '../runtimeDeps';
import { UserError } from '../userError';
import { setInstanceDesired, type InstanceRunner } from './instanceRunner';
import { instanceContainerName, instanceContainerOptions, type InstanceSpec } from './instanceSpec';
import { l10n } from '../../../protocol/l10n';

const STOP_TIMEOUT_S = 10;

export interface ContainerInstancesDeps extends RuntimeDeps {
  /** Stop, start, reboot…: one at a time, shown as busy meanwhile. */
  actions: LifecycleActions;
}

export class ContainerInstances implements InstanceRunner {
  constructor(private readonly deps: ContainerInstancesDeps) {}

  async launch(spec: InstanceSpec, op: OperationContext): Promise<InstanceLaunchResult> {
    const backend = this.deps.backend();
    await ensureImage(backend, spec.image, op);
    if (op.signal?.aborted) throw new UserError(l10n.t('cancelled; nothing was created'));
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
      op.progress(l10n.t('Creating {0} from {1}…', spec.instanceId, spec.image));
      const containerId = await backend.createContainer(instanceContainerOptions(spec));
      await failpoint('instance-launch:created');
      step = 'start the container';
      op.progress(l10n.t('Booting {0}…', spec.instanceId));
      await backend.startContainer(containerId);
      step = 'boot';
      await this.checkBooted(backend, containerId);
      step = 'save the desired state';
      this.deps.store.putInstance(spec);
      await creation.finish();
      const userData = spec.userData ? ', user data running in the background' : '';
      this.deps.log.info(`instance ${spec.instanceId} (${spec.name}): launched from ${spec.image}${userData}`);
      return { instanceId: spec.instanceId, containerId, containerName };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const msg = `could not ${step} for instance "${spec.name}": ${reason}${await creation.undo()}`;
      this.deps.log.warn(msg);
      throw new UserError(msg);
    }
  }

  /** The boot script must stay up: an image without sh, base64 or tail exits at once, and says why in its log. */
  private async checkBooted(backend: ContainerBackend, containerId: string): Promise<void> {
    await requireUp(backend, containerId);
    await new Promise((r) => setTimeout(r, 250));
    await requireUp(backend, containerId);
  }

  /** A new container off the spec. */
  async recreate(spec: InstanceSpec): Promise<void> {
    await remakeContainer(this.deps.backend(), instanceContainerName(spec.instanceId), instanceContainerOptions(spec));
  }

  async stop(r: Resource): Promise<void> {
    // Desired first: the reconciler must not start it again between the stop and the write.
    setInstanceDesired(this.deps.store, r, 'stopped');
    await this.deps.actions.run(r, 'stopping', (b) => b.stopContainer(r.containerId, STOP_TIMEOUT_S));
  }

  async start(r: Resource): Promise<void> {
    await this.deps.actions.run(r, 'starting', async (b) => {
      await b.startContainer(r.containerId);
      await this.checkBooted(b, r.containerId);
    });
    setInstanceDesired(this.deps.store, r, 'running');
  }

  /** A restart of the same container: the user-data marker is still there, so it does not run again. */
  async reboot(r: Resource): Promise<void> {
    await this.deps.actions.run(r, 'rebooting', async (b) => {
      await b.restartContainer(r.containerId, STOP_TIMEOUT_S);
      await this.checkBooted(b, r.containerId);
    });
    setInstanceDesired(this.deps.store, r, 'running');
  }

  async terminate(r: Resource): Promise<void> {
    const own = r.owner.type === 'extension' && this.deps.store.instance(r.name) !== undefined;
    await this.deps.actions.run(r, 'terminating', (b) => {
      if (own) this.deps.store.removeInstance(r.name);
      return b.removeContainer(r.containerId);
    });
  }

  async removeOrphan(r: Resource): Promise<void> {
    await this.deps.backend().removeContainer(r.containerId);
  }
}
