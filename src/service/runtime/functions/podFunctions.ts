// Lambda functions as Pods (as fakecloud's Lambda runs them on Kubernetes): the runtime image with
// the emulator on 8080. The code is streamed through exec into the staging init
// container's /var/task before the runtime starts; readiness is the Pod running,
// then the invoke port answering through a port-forward the service keeps open
// (this machine is outside the cluster, so that is how Invoke reaches it too).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FunctionDeployResult } from '../../../protocol/functions';
import type { Resource } from '../../../protocol/model';
import { placementOf, type PodBackend, type Spawned } from '../../backends/podBackend';
import type { DesiredStateStore } from '../../store/desiredState';
import type { OperationContext } from '../images';
import { UserError } from '../userError';
import { writeCodeArchive } from './codeArchive';
import type { DeployCode, FunctionRunner } from './functionRunner';
import { CONTAINER, functionPod } from '../../backends/kubernetes/podSpecs';
import type { ServiceLog } from '../../support/log';
import { RIE_PORT, type FunctionSpec } from './functionSpec';
import { deleteFailedPod, podContext, podNameOf, stageFile, type PodSettings } from '../podSpawn';
import { httpAnswers } from '../readiness';
import { l10n } from '../../../protocol/l10n';

export interface PodFunctionsDeps {
  pods: () => PodBackend;
  log: ServiceLog;
  podSettings: () => PodSettings;
  store: DesiredStateStore;
  /** Shows the change in the model now. */
  refresh: () => Promise<void>;
}

export class PodFunctions implements FunctionRunner {
  /** Open port-forwards to each function Pod's invoke port. */
  private readonly forwards = new Map<string, Promise<{ port: number; close(): void }>>();

  constructor(private readonly deps: PodFunctionsDeps) {}

  /**
   * A new Pod for this deploy: created, its code staged, running, answering.
   * On failure the Pod is deleted and the error says which step failed.
   */
  async spawn(spec: FunctionSpec, archive: string, progress: (m: string) => void, signal?: AbortSignal): Promise<Spawned<FunctionSpec>> {
    const pods = this.deps.pods();
    const s = this.deps.podSettings();
    const spawns = (spec.spawns ?? 0) + 1;
    const pod = functionPod(spec, podContext(pods.namespace, s, spawns));
    const name = podNameOf(pod);
    let step = 'create the Pod';
    try {
      progress(l10n.t('Creating Pod {0}…', name));
      await pods.createPod(pod);
      step = 'start the staging container';
      await pods.waitRunning(name, { timeoutMs: s.readyTimeoutMs, init: CONTAINER.staging, ...(signal ? { signal } : {}) });
      step = 'copy the code into /var/task';
      progress(l10n.t('Copying the code into /var/task…'));
      await stageFile(pods, name, archive, '/var/task', (size) => `head -c ${size} | tar -x -C /var/task`);
      step = 'start the runtime';
      await pods.waitRunning(name, { timeoutMs: s.readyTimeoutMs, ...(signal ? { signal } : {}) });
      step = 'wait for the invoke API';
      progress(l10n.t('Waiting for the invoke API…'));
      await this.waitAnswering(pods, name, s.readyTimeoutMs);
      return { ...spec, backend: 'kubernetes', podName: name, spawns, kube: pods.scope };
    } catch (err) {
      this.forget(name);
      await deleteFailedPod(pods, this.deps.log, `function ${spec.name}`, name);
      throw new Error(`could not ${step}: ${(err as Error).message}; the Pod was deleted`, { cause: err });
    }
  }

  private async waitAnswering(pods: PodBackend, name: string, timeoutMs: number): Promise<void> {
    const { port } = await this.forward(name);
    const deadline = Date.now() + timeoutMs;
    while (!(await httpAnswers(port))) {
      const pod = await pods.getPod(name);
      if (pod?.status?.phase !== 'Running') throw new Error(`the runtime stopped (${pod?.status?.phase ?? 'the Pod is gone'})`);
      if (Date.now() > deadline) throw new Error(`nothing answered on port ${RIE_PORT} after ${Math.round(timeoutMs / 1000)} s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** A loopback port that reaches the Pod's invoke port; opened once, kept while the Pod lives. */
  forward(podName: string): Promise<{ port: number; close(): void }> {
    let f = this.forwards.get(podName);
    if (!f) {
      f = this.deps.pods().portForward(podName, RIE_PORT);
      f.catch(() => this.forwards.delete(podName));
      this.forwards.set(podName, f);
    }
    return f;
  }

  forget(podName: string): void {
    const f = this.forwards.get(podName);
    this.forwards.delete(podName);
    void f?.then(
      (x) => x.close(),
      () => undefined,
    );
  }

  async deletePod(podName: string): Promise<void> {
    this.forget(podName);
    await this.deps.pods().deletePod(podName);
  }

  /** The code checked and packed here, staged into the Pod, reached through a port-forward. */
  async deploy(
    spec: FunctionSpec,
    previous: FunctionSpec | undefined,
    code: DeployCode,
    op: OperationContext,
  ): Promise<FunctionDeployResult> {
    if (op.signal?.aborted) throw new UserError(l10n.t('cancelled; nothing was created'));
    const t0 = Date.now();
    try {
      const bytes = await writeCodeArchive(code.entries, spec.codeArchive);
      const next = await this.spawn(spec, spec.codeArchive, op.progress, op.signal);
      this.deps.store.putFunction(next);
      if (previous?.podName) await this.deletePod(previous.podName);
      if (previous) await fs.promises.rm(previous.codeArchive, { force: true });
      const pod = next.podName;
      const { port } = await this.forward(pod);
      const endpoint = { host: '127.0.0.1', port };
      return { name: spec.name, containerId: pod, containerName: pod, endpoint, files: code.files, bytes, waitedMs: Date.now() - t0 };
    } catch (err) {
      await fs.promises.rm(spec.codeArchive, { force: true });
      if (!previous) await fs.promises.rmdir(path.dirname(spec.codeArchive)).catch(() => undefined);
      const kept = previous ? '; the running deploy was kept' : '';
      const msg = `could not deploy function "${spec.name}" on Kubernetes: ${(err as Error).message}${kept}`;
      this.deps.log.warn(msg);
      throw new UserError(msg);
    }
  }

  async recreate(spec: FunctionSpec): Promise<void> {
    if (spec.podName) await this.deletePod(spec.podName);
    const next = await this.spawn(spec, spec.codeArchive, () => undefined);
    this.deps.store.putFunction({ ...next, desired: 'running' });
  }

  /** This machine is outside the cluster: a port-forward the service keeps open. */
  async invokeEndpoint(r: Resource): Promise<{ host: string; port: number }> {
    return { host: '127.0.0.1', port: (await this.forward(r.containerId)).port };
  }

  async recentLogLines(r: Resource): Promise<string[]> {
    const text = await this.deps.pods().readLogs(r.containerId, CONTAINER.function, { sinceSeconds: 60, timestamps: true });
    return text.split('\n').filter(Boolean);
  }

  /** Ours: a Pod cannot stop in place, so Stop deletes it and Start makes a new one from the stored code. */
  private ownSpec(r: Resource): FunctionSpec {
    const spec = this.deps.store.function(r.name);
    if (r.owner.type !== 'extension' || !spec || placementOf(spec) !== r.backend)
      throw new UserError(
        l10n.t("{0} runs on Kubernetes but was not deployed from VS Code; manage it through the fakecloud server's Lambda API", r.name),
      );
    return spec;
  }

  async stop(r: Resource): Promise<void> {
    const spec = this.ownSpec(r);
    this.deps.store.putFunction({ ...spec, desired: 'stopped' });
    if (spec.podName) await this.deletePod(spec.podName);
    await this.deps.refresh().catch(() => undefined);
    this.deps.log.info(`function ${r.name}: stopped (its Pod deleted)`);
  }

  async start(r: Resource, op: OperationContext): Promise<{ waitedMs: number }> {
    const spec = this.ownSpec(r);
    const t0 = Date.now();
    try {
      const next = await this.spawn(spec, spec.codeArchive, op.progress, op.signal);
      this.deps.store.putFunction({ ...next, desired: 'running' });
    } catch (err) {
      throw new UserError(l10n.t('could not start {0}: {1}', r.name, (err as Error).message));
    } finally {
      await this.deps.refresh().catch(() => undefined);
    }
    return { waitedMs: Date.now() - t0 };
  }

  async delete(r: Resource): Promise<{ forgot: boolean }> {
    const spec = r.owner.type === 'extension' ? this.deps.store.function(r.name) : undefined;
    const forgot = spec !== undefined && placementOf(spec) === r.backend;
    if (forgot) this.deps.store.removeFunction(r.name);
    if (r.containerId) await this.deletePod(r.containerId);
    await this.deps.refresh().catch(() => undefined);
    return { forgot };
  }

  async removeOrphan(r: Resource): Promise<void> {
    await this.deletePod(r.containerId);
  }

  close(): void {
    this.closeAll();
  }

  closeAll(): void {
    for (const name of [...this.forwards.keys()]) this.forget(name);
  }
}
