// Lambda functions as Pods (as fakecloud's Lambda runs them on Kubernetes): the runtime image with
// the emulator on 8080. The code is streamed through exec into the staging init
// container's /var/task before the runtime starts; readiness is the Pod running,
// then the invoke port answering through a port-forward the service keeps open
// (this machine is outside the cluster, so that is how Invoke reaches it too).
import type { Resource } from '../../../protocol/model';
import type { PodBackend } from '../../backends/podBackend';
import { CONTAINER, functionPod } from '../../backends/kubernetes/podSpecs';
import type { ServiceLog } from '../../support/log';
import { RIE_PORT, type FunctionSpec } from './functionSpec';
import { deleteFailedPod, podContext, stageFile, type PodSettings } from '../podSpawn';
import { httpAnswers } from '../readiness';

export interface PodFunctionsDeps {
  pods: () => PodBackend;
  log: ServiceLog;
  podSettings: () => PodSettings;
}

export class PodFunctions {
  /** Open port-forwards to each function Pod's invoke port. */
  private readonly forwards = new Map<string, Promise<{ port: number; close(): void }>>();

  constructor(private readonly deps: PodFunctionsDeps) {}

  /**
   * A new Pod for this deploy: created, its code staged, running, answering.
   * On failure the Pod is deleted and the error says which step failed.
   */
  async spawn(spec: FunctionSpec, archive: string, progress: (m: string) => void, signal?: AbortSignal): Promise<FunctionSpec> {
    const pods = this.deps.pods();
    const s = this.deps.podSettings();
    const spawns = (spec.spawns ?? 0) + 1;
    const pod = functionPod(spec, podContext(pods.namespace, s, spawns));
    const name = pod.metadata!.name!;
    let step = 'create the Pod';
    try {
      progress(`Creating Pod ${name}…`);
      await pods.createPod(pod);
      step = 'start the staging container';
      await pods.waitRunning(name, { timeoutMs: s.readyTimeoutMs, init: CONTAINER.staging, ...(signal ? { signal } : {}) });
      step = 'copy the code into /var/task';
      progress('Copying the code into /var/task…');
      await stageFile(pods, name, archive, '/var/task', (size) => `head -c ${size} | tar -x -C /var/task`);
      step = 'start the runtime';
      await pods.waitRunning(name, { timeoutMs: s.readyTimeoutMs, ...(signal ? { signal } : {}) });
      step = 'wait for the invoke API';
      progress('Waiting for the invoke API…');
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

  /** This invocation's log lines (timestamped, so they can be cut out). */
  async recentLog(r: Resource): Promise<string[]> {
    const text = await this.deps.pods().readLogs(r.containerId, CONTAINER.function, { sinceSeconds: 60, timestamps: true });
    return text.split('\n').filter(Boolean);
  }

  closeAll(): void {
    for (const name of [...this.forwards.keys()]) this.forget(name);
  }
}
