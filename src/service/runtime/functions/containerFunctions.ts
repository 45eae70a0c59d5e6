// Functions as containers on Docker (as fakecloud's Lambda runs them): a runtime
// image with the code copied into /var/task, ready once running and its invoke
// API answers HTTP; a redeploy's new container is ready before the old
// one goes; stop and start act on the same container.
import * as fs from 'node:fs';
import type { FunctionDeployResult } from '../../../protocol/functions';
import type { Resource } from '../../../protocol/model';
import type { ContainerBackend } from '../../backends/backend';
import { placementOf } from '../../backends/podBackend';
import { OwnLabels } from '../../model/labels';
import { failpoint } from '../../support/failpoints';
import { ensureImage, type OperationContext } from '../images';
import { freeLoopbackPort, loopbackPortFree, waitForHttp } from '../readiness';
import { remakeContainer, requireUp, type LifecycleActions, type RuntimeDeps } from '../runtimeDeps';
import { UserError } from '../userError';
import { writeCodeArchive } from './codeArchive';
import { setFunctionDesired, type DeployCode, type FunctionRunner } from './functionRunner';
import { execOutput } from '../../backends/execOutput';
import { ownListeningPorts, pickInvokePort } from './invokePort';
import { functionContainerName, functionContainerOptions, RIE_PORT, type FunctionSpec } from './functionSpec';
import { counted } from '../../../protocol/text';
import { l10n } from '../../../protocol/l10n';

export interface ContainerFunctionsDeps extends RuntimeDeps {
  readinessTimeoutMs: () => number;
  /** Stop, start, delete…: one at a time, shown as busy meanwhile. */
  actions: LifecycleActions;
}

export class ContainerFunctions implements FunctionRunner {
  /** Invoke ports found inside host-networked containers without a port flag, by container id. */
  private readonly foundPorts = new Map<string, number>();

  constructor(private readonly deps: ContainerFunctionsDeps) {}

  async deploy(
    spec: FunctionSpec,
    previous: FunctionSpec | undefined,
    code: DeployCode,
    op: OperationContext,
  ): Promise<FunctionDeployResult> {
    const backend = this.deps.backend();
    await ensureImage(backend, spec.image, op);
    if (op.signal?.aborted) throw new UserError(l10n.t('cancelled; nothing was created'));
    // On the host's network a redeploy keeps the port the app was told: the running deploy hands it over (it is
    // stopped just before the new one starts, and started again if the new one fails); a free one is simply taken.
    let handOver: string | undefined;
    if (spec.networkMode === 'host') {
      const kept = previous?.networkMode === 'host' ? previous.port : undefined;
      const running = previous ? await this.runningDeploy(backend, previous) : undefined;
      if (kept && running) handOver = running;
      spec.port = kept && (running || (await loopbackPortFree(kept))) ? kept : await freeLoopbackPort();
      do spec.apiPort = await freeLoopbackPort();
      while (spec.apiPort === spec.port);
    }
    let handedOver = false;
    const containerName = functionContainerName(spec.name, spec.deployId);
    const creation = await this.deps.creations.begin({
      kind: 'function',
      name: spec.name,
      deployId: spec.deployId,
      containers: [containerName],
      volumes: [],
      files: [spec.codeArchive],
    });
    let step = 'pack the code';
    try {
      const bytes = await writeCodeArchive(code.entries, spec.codeArchive);
      step = 'create the container';
      op.progress(l10n.t('Creating the container…'));
      const containerId = await backend.createContainer(functionContainerOptions(spec));
      await failpoint('function-deploy:created');
      step = 'copy the code into /var/task';
      op.progress(l10n.t('Copying {0} ({1} KB) into /var/task…', counted(code.files, 'file'), (bytes / 1024).toFixed(0)));
      await backend.putArchive(containerId, '/var/task', fs.createReadStream(spec.codeArchive));
      if (handOver) {
        step = 'stop the running deploy to take over its port';
        op.progress(l10n.t('Handing port {0} over from the running deploy…', String(spec.port)));
        await backend.stopContainer(handOver, 10);
        handedOver = true;
      }
      step = 'start the container';
      await backend.startContainer(containerId);
      step = 'find the invoke endpoint';
      const port = await this.invokePort(backend, containerId, spec);
      step = 'wait for the invoke API';
      op.progress(l10n.t('Waiting for the invoke API on 127.0.0.1:{0}…', port));
      const waitedMs = await this.waitReady(backend, containerId, port, op);
      step = 'save the desired state';
      this.deps.store.putFunction(spec);
      await creation.finish();
      if (previous) await this.removeDeploy(backend, previous);
      return { name: spec.name, containerId, containerName, endpoint: { host: '127.0.0.1', port }, files: code.files, bytes, waitedMs };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const removed = await creation.undo();
      // The running deploy gave up its port for nothing: it runs again, as it was.
      const restarted =
        handOver && handedOver
          ? await backend.startContainer(handOver).then(
              () => ' (started again)',
              (e: Error) => ` (but starting it again failed: ${e.message})`,
            )
          : '';
      const msg = `could not ${step} for function "${spec.name}": ${reason}${removed}${previous ? `; the running deploy was kept${restarted}` : ''}`;
      this.deps.log.warn(msg);
      throw new UserError(msg);
    }
  }

  /** Removes an earlier deploy's container(s) and code archive. */
  private async removeDeploy(backend: ContainerBackend, spec: FunctionSpec): Promise<void> {
    const stale = this.deps.model
      .snapshot()
      .resources.filter(
        (r) =>
          r.kind === 'function' && r.owner.type === 'extension' && r.name === spec.name && r.labels[OwnLabels.deployId] === spec.deployId,
      );
    const byName = await backend.inspectContainer(functionContainerName(spec.name, spec.deployId));
    const ids = new Set([...stale.map((r) => r.containerId), ...(byName ? [byName.id] : [])]);
    for (const id of ids) await backend.removeContainer(id);
    await fs.promises.rm(spec.codeArchive, { force: true });
  }

  /** The previous deploy's container, when it is running. */
  private async runningDeploy(backend: ContainerBackend, previous: FunctionSpec): Promise<string | undefined> {
    const d = await backend.inspectContainer(functionContainerName(previous.name, previous.deployId));
    return d?.running ? d.id : undefined;
  }

  private async invokePort(backend: ContainerBackend, containerId: string, spec: FunctionSpec): Promise<number> {
    if (spec.networkMode === 'host' && spec.port) return spec.port;
    const d = await backend.inspectContainer(containerId);
    const port = d?.ports[RIE_PORT];
    if (!port) throw new Error(`the invoke port ${RIE_PORT} was not published`);
    return port;
  }

  private waitReady(backend: ContainerBackend, containerId: string, port: number, op: OperationContext): Promise<number> {
    return waitForHttp({
      port,
      timeoutMs: this.deps.readinessTimeoutMs(),
      stillRunning: () => requireUp(backend, containerId),
      ...(op.signal ? { signal: op.signal } : {}),
    });
  }

  async recreate(spec: FunctionSpec): Promise<void> {
    const backend = this.deps.backend();
    await remakeContainer(backend, functionContainerName(spec.name, spec.deployId), functionContainerOptions(spec), (id) =>
      backend.putArchive(id, '/var/task', fs.createReadStream(spec.codeArchive)),
    );
  }

  async invokeEndpoint(r: Resource): Promise<{ host: string; port: number } | undefined> {
    // Published, our own port label, or the port the emulator was told: the model has it.
    if (r.endpoint) return r.endpoint;
    const known = this.foundPorts.get(r.containerId);
    if (known) return { host: '127.0.0.1', port: known };
    const backend = this.deps.backend();
    const d = await backend.inspectContainer(r.containerId);
    if (d?.config?.networkMode !== 'host') return undefined;
    // On the host's network, without a flag, only the container's own listening socket tells.
    const argv = [...d.config.entrypoint, ...d.config.cmd];
    const listening = await ownListeningPorts((cmd) =>
      execOutput(() => backend.execPipe(r.containerId, cmd), `looking for ${r.name}'s invoke port (${cmd.join(' ')})`),
    );
    const port = pickInvokePort(r.name, listening, argv);
    // A container keeps its ports: found once, not on every invoke. A few dozen at most are remembered.
    if (this.foundPorts.size >= 64) this.foundPorts.delete(this.foundPorts.keys().next().value ?? '');
    this.foundPorts.set(r.containerId, port);
    return { host: '127.0.0.1', port };
  }

  async recentLogLines(r: Resource, sinceMs: number): Promise<string[]> {
    // A margin for an engine whose clock is behind ours; the caller picks the lines out by their times.
    const chunks = await this.deps.backend().readLogs(r.containerId, { sinceMs: sinceMs - 30_000, timestamps: true, tty: false });
    return chunks
      .map((c) => c.text)
      .join('')
      .split('\n')
      .filter(Boolean);
  }

  async stop(r: Resource): Promise<void> {
    // Desired first: the reconciler must not start it again between the stop and the write.
    setFunctionDesired(this.deps.store, r, 'stopped');
    await this.deps.actions.run(r, 'stopping', (b) => b.stopContainer(r.containerId, 10));
    this.deps.log.info(`function ${r.name}: stopped`);
  }

  async start(r: Resource, op: OperationContext): Promise<{ waitedMs: number }> {
    const waitedMs = await this.deps.actions.run(r, 'starting', async (b) => {
      await b.startContainer(r.containerId);
      const d = await b.inspectContainer(r.containerId);
      const own = Number(r.labels[OwnLabels.port]);
      const port = own > 0 ? own : d?.ports[RIE_PORT];
      if (!port) throw new UserError(l10n.t('{0} started, but its invoke port is not published', r.name));
      return this.waitReady(b, r.containerId, port, op);
    });
    setFunctionDesired(this.deps.store, r, 'running');
    this.deps.log.info(`function ${r.name}: started, ready after ${waitedMs} ms`);
    return { waitedMs };
  }

  async delete(r: Resource): Promise<{ forgot: boolean }> {
    const spec = r.owner.type === 'extension' ? this.deps.store.function(r.name) : undefined;
    // An older deploy's container leaves the function as it is; so does a same-named one on a cluster.
    const current =
      spec !== undefined &&
      placementOf(spec) === r.backend &&
      (!r.labels[OwnLabels.deployId] || r.labels[OwnLabels.deployId] === spec.deployId);
    await this.deps.actions.run(r, 'deleting', (b) => {
      if (current) this.deps.store.removeFunction(r.name);
      return b.removeContainer(r.containerId);
    });
    return { forgot: current };
  }

  async removeOrphan(r: Resource): Promise<void> {
    await this.deps.backend().removeContainer(r.containerId);
  }

  close(): void {}
}
