// EC2 instances as Pods (as fakecloud's EC2 runs them on Kubernetes): a Pod off the instance image
// kept alive by the same boot script. A Pod cannot be stopped and started in place:
// Stop deletes it (the instance stays, shown as stopped, in the desired state),
// Start and Reboot make a new Pod under a fresh name — without the user data, which
// runs at first boot only, as on EC2.
import type { V1Pod } from '@kubernetes/client-node';
import type { InstanceLaunchResult } from '../../../protocol/instances';
import type { Resource } from '../../../protocol/model';
import { placementOf, type PodBackend, type Spawned } from '../../backends/podBackend';
import { instancePod } from '../../backends/kubernetes/podSpecs';
import type { DesiredStateStore } from '../../store/desiredState';
import type { ServiceLog } from '../../support/log';
import type { InstanceSpec } from './instanceSpec';
import { deleteFailedPod, podContext, podNameOf, type PodSettings } from '../podSpawn';
import { UserError } from '../userError';
import type { OperationContext } from '../images';
import type { InstanceRunner } from './instanceRunner';
import { l10n } from '../../../protocol/l10n';

export interface PodInstancesDeps {
  pods: () => PodBackend;
  store: DesiredStateStore;
  log: ServiceLog;
  /** Scheduling from the settings (global, then EC2's own) and the pull secret. */
  podSettings: () => PodSettings;
  /** Shows the change in the model now. */
  refresh: () => Promise<void>;
}

export class PodInstances implements InstanceRunner {
  constructor(private readonly deps: PodInstancesDeps) {}

  /** The instance's next Pod (a fresh name per spawn), and the spec that records it. */
  podFor(spec: InstanceSpec, runUserData: boolean): { pod: V1Pod; next: Spawned<InstanceSpec> } {
    const pods = this.deps.pods();
    const spawns = (spec.spawns ?? 0) + 1;
    const pod = instancePod(spec, podContext(pods.namespace, this.deps.podSettings(), spawns), { runUserData });
    return { pod, next: { ...spec, podName: podNameOf(pod), spawns, kube: pods.scope } };
  }

  /** Creates the instance's next Pod and waits until it runs; on failure the Pod is deleted again. */
  async spawn(spec: InstanceSpec, runUserData: boolean, signal?: AbortSignal): Promise<Spawned<InstanceSpec>> {
    const pods = this.deps.pods();
    const { pod, next } = this.podFor(spec, runUserData);
    const name = next.podName;
    await pods.createPod(pod);
    try {
      await pods.waitRunning(name, { timeoutMs: this.deps.podSettings().readyTimeoutMs, ...(signal ? { signal } : {}) });
    } catch (err) {
      await deleteFailedPod(pods, this.deps.log, `instance ${spec.instanceId}`, name);
      throw new Error(`${(err as Error).message}; the Pod was deleted`, { cause: err });
    }
    return next;
  }

  async launch(spec: InstanceSpec, op: OperationContext): Promise<InstanceLaunchResult> {
    try {
      // The kubelet pulls the image.
      op.progress(l10n.t('Creating the Pod for {0} ({1})…', spec.instanceId, spec.image));
      const running = await this.spawn({ ...spec, backend: 'kubernetes' }, true, op.signal);
      this.deps.store.putInstance(running);
      this.deps.log.info(`instance ${spec.instanceId} (${spec.name}): launched on Kubernetes as Pod ${running.podName}`);
      return { instanceId: spec.instanceId, containerId: running.podName, containerName: running.podName };
    } catch (err) {
      const msg = `could not launch instance "${spec.name}" on Kubernetes: ${(err as Error).message}`;
      this.deps.log.warn(msg);
      throw new UserError(msg);
    }
  }

  private spec(r: Resource): InstanceSpec {
    const spec = this.deps.store.instance(r.name);
    if (!spec || placementOf(spec) !== r.backend)
      throw new UserError(
        l10n.t(
          "{0} runs on Kubernetes but was not launched from VS Code; manage it through the fakecloud server's EC2 API",
          r.displayName ?? r.name,
        ),
      );
    return spec;
  }

  async stop(r: Resource): Promise<void> {
    const spec = this.spec(r);
    this.deps.store.putInstance({ ...spec, desired: 'stopped' });
    if (spec.podName) await this.deps.pods().deletePod(spec.podName);
    await this.deps.refresh();
  }

  async start(r: Resource): Promise<void> {
    const spec = this.spec(r);
    if (spec.desired === 'running' && r.state === 'running') return;
    const next = await this.spawn(spec, false);
    this.deps.store.putInstance({ ...next, desired: 'running' });
    await this.deps.refresh();
  }

  async reboot(r: Resource): Promise<void> {
    const spec = this.spec(r);
    if (spec.podName) await this.deps.pods().deletePod(spec.podName);
    const next = await this.spawn(spec, false);
    this.deps.store.putInstance({ ...next, desired: 'running' });
    await this.deps.refresh();
  }

  /** The reconciler's repair: the Pod is gone or ended; a new one boots (without the user data, as a restart would). */
  async recreate(spec: InstanceSpec): Promise<void> {
    if (spec.podName) await this.deps.pods().deletePod(spec.podName);
    const next = await this.spawn(spec, false);
    this.deps.store.putInstance({ ...next, desired: 'running' });
  }

  async terminate(r: Resource): Promise<void> {
    const spec = this.deps.store.instance(r.name);
    // A fakecloud server's instance Pod: only the Pod itself.
    await this.deps.pods().deletePod(spec?.podName ?? r.containerId);
    if (spec) this.deps.store.removeInstance(spec.instanceId);
    await this.deps.refresh();
  }

  async removeOrphan(r: Resource): Promise<void> {
    await this.deps.pods().deletePod(r.containerId);
  }
}
