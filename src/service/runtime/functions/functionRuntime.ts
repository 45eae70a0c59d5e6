// Lambda functions on our side (on Docker, as fakecloud's Lambda runs them): deploy a runtime image
// with the code copied into /var/task, readiness as fakecloud has it (running,
// then a TCP connect to the invoke port), invoke over the RIE's HTTP API with
// that invocation's log lines, redeploy (new container first, old one removed
// only once the new one is ready), stop, start, delete.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { FunctionDeployParams, FunctionDeployResult, InvokeResult } from '../../../protocol/functions';
import { checkPayload, functionErrorOf, parseEnvironment, validateFunctionName, validateHandler } from '../../../protocol/functions';
import type { Resource } from '../../../protocol/model';
import type { ContainerBackend } from '../../backends/backend';
import { OwnLabels } from '../../model/labels';
import type { NetworkMode } from '../caches/cacheSpec';
import { codeArchivePath, listCode, writeCodeArchive } from './codeArchive';
import {
  functionContainerName,
  functionContainerOptions,
  handlerProblem,
  invocationLines,
  newDeployId,
  RIE_PORT,
  type FunctionSpec,
} from './functionSpec';
import { ensureImage, type OperationContext } from '../images';
import { freeLoopbackPort, waitForTcp } from '../readiness';
import { LifecycleActions, requireUp, type RuntimeDeps } from '../runtimeDeps';
import { UserError } from '../userError';
import { failpoint } from '../../support/failpoints';
import { RpcError } from '../../../protocol/jsonRpcPeer';
import { ErrorCodes } from '../../../protocol/rpc';
import type { PodFunctions } from './podFunctions';
import { postInvocation } from './invokeHttp';
import { ownedKey } from '../../support/lockKeys';

export interface FunctionSettings {
  /** Runtime → image. */
  images: Record<string, string>;
  networkMode: NetworkMode;
  readinessTimeoutMs: number;
  invokeTimeoutMs: number;
}

export interface FunctionRuntimeDeps extends RuntimeDeps {
  settings: () => FunctionSettings;
  /** Where code archives are kept. */
  codeDir: string;
  /** The Kubernetes half: deploys there, and every action on a function that runs as a Pod. */
  pods: PodFunctions;
}

/** How long an invocation's REPORT line may trail its response. */
const LOG_SETTLE_MS = 1_000;

export class FunctionRuntime {
  private readonly deploying = new Set<string>();
  private readonly actions: LifecycleActions;
  /** Warm connections to the invoke APIs, as a client of a warm function keeps them. */
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

  constructor(private readonly deps: FunctionRuntimeDeps) {
    this.actions = new LifecycleActions(deps);
  }

  annotate = (r: Resource): Resource => {
    if (r.kind !== 'function') return r;
    const marked = this.actions.annotate(r);
    if (r.owner.type !== 'extension' || this.deploying.has(r.name)) return marked;
    const spec = this.deps.store.function(r.name);
    // A container of an earlier deploy of a function we still own is an orphan too.
    const orphan = !spec || (r.labels[OwnLabels.deployId] !== undefined && r.labels[OwnLabels.deployId] !== spec.deployId);
    return orphan ? { ...marked, orphan } : marked;
  };

  private resource(resourceId: string): Resource {
    const r = this.deps.model.get(resourceId);
    if (!r) throw new UserError('that function is gone (it is no longer in the model)');
    if (r.kind !== 'function') throw new UserError(`${r.name} is not a function`);
    return r;
  }

  private archivePath(name: string, deployId: string): string {
    return codeArchivePath(this.deps.codeDir, name, deployId);
  }

  async deploy(req: FunctionDeployParams, op: OperationContext): Promise<FunctionDeployResult> {
    const invalid = validateFunctionName(req.name);
    if (invalid) throw new UserError(`invalid function name "${req.name}": ${invalid}`);
    const badHandler = validateHandler(req.handler, req.runtime);
    if (badHandler) throw new UserError(`invalid handler "${req.handler}": ${badHandler}`);
    const settings = this.deps.settings();
    const image = settings.images[req.runtime];
    if (!image)
      throw new UserError(
        `unknown runtime "${req.runtime}"; known: ${Object.keys(settings.images).join(', ') || 'none (see fakecloud.images.functionRuntimes)'}`,
      );
    const env = parseEnvironment(
      Object.entries(req.environment ?? {})
        .map(([k, v]) => `${k}=${String(v)}`)
        .join('\n'),
    );
    if ('error' in env) throw new UserError(`invalid environment: ${env.error}`);
    this.deps.store.assertWritable(`deploy ${req.name}`);
    return this.deps.locks.run(ownedKey('function', req.name), 'deploy', async () => {
      const taken =
        this.deps.store.function(req.name) ??
        this.deps.model.snapshot().resources.find((r) => r.kind === 'function' && r.name === req.name);
      if (taken) {
        const whose = 'owner' in taken && taken.owner.type === 'fakecloud' ? ` (by a fakecloud server, pid ${taken.owner.pid ?? '?'})` : '';
        throw new UserError(`a function named "${req.name}" already exists${whose}; use Redeploy to change its code`);
      }
      const spec: FunctionSpec = {
        name: req.name,
        runtime: req.runtime,
        image,
        handler: req.handler,
        environment: env.env,
        networkMode: settings.networkMode,
        deployId: newDeployId(),
        codeSource: req.codePath,
        codeArchive: '',
        desired: 'running',
        createdAt: new Date().toISOString(),
      };
      if (req.backend === 'kubernetes') spec.backend = 'kubernetes';
      const out = spec.backend === 'kubernetes' ? await this.launchPod(spec, undefined, op) : await this.launch(spec, undefined, op);
      this.deps.log.info(
        `function ${spec.name}: deployed (${spec.runtime}, ${spec.handler}, ${out.files} files) at 127.0.0.1:${out.endpoint.port}`,
      );
      return out;
    });
  }

  /** New code from the folder it came from: a new container, ready before the old one goes. */
  async redeploy(resourceId: string, op: OperationContext, codePath?: string): Promise<FunctionDeployResult> {
    const r = this.resource(resourceId);
    const old = this.deps.store.function(r.name);
    if (r.owner.type !== 'extension')
      throw new UserError(`${r.name} belongs to a fakecloud server; redeploy it through the server's Lambda API`);
    if (!old)
      throw new UserError(
        `${r.name} is an orphan: it was deployed from VS Code, but the desired state no longer lists it. Adopt Orphan takes it back (with the code in its container); then Redeploy works`,
      );
    this.deps.store.assertWritable(`redeploy ${r.name}`);
    if (!codePath && !old.codeSource) {
      throw new RpcError(
        ErrorCodes.CodeFolderUnknown,
        `${r.name} was adopted from its container, so the folder its code came from is not known: pick the folder to redeploy from`,
      );
    }
    return this.deps.locks.run(ownedKey('function', r.name), 'redeploy', async () => {
      const spec: FunctionSpec = {
        ...old,
        ...(codePath ? { codeSource: codePath } : {}),
        deployId: newDeployId(),
        codeArchive: '',
        image: this.deps.settings().images[old.runtime] ?? old.image,
        desired: 'running',
      };
      delete spec.port;
      delete spec.apiPort;
      const out = spec.backend === 'kubernetes' ? await this.launchPod(spec, old, op) : await this.launch(spec, old, op);
      this.deps.log.info(`function ${spec.name}: redeployed from ${spec.codeSource} (${out.files} files)`);
      return out;
    });
  }

  /**
   * Creates, fills and starts one deploy's container, and waits until it
   * answers. On success the previous deploy (if any) is removed; on failure
   * everything this attempt made is removed and the previous deploy stays.
   */
  private async launch(spec: FunctionSpec, previous: FunctionSpec | undefined, op: OperationContext): Promise<FunctionDeployResult> {
    const backend = this.deps.backend();
    op.progress(`Reading ${spec.codeSource}…`);
    const code = await listCode(spec.codeSource);
    const files = new Set(code.entries.filter((e) => e.type !== 'directory').map((e) => e.rel));
    const problem = handlerProblem(spec.runtime, spec.handler, (rel) => files.has(rel));
    if (problem) throw new UserError(problem);
    await ensureImage(backend, spec.image, op);
    if (op.signal?.aborted) throw new UserError('cancelled; nothing was created');
    if (spec.networkMode === 'host') {
      spec.port = await freeLoopbackPort();
      do spec.apiPort = await freeLoopbackPort();
      while (spec.apiPort === spec.port);
    }
    spec.codeArchive = this.archivePath(spec.name, spec.deployId);
    this.deploying.add(spec.name);
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
      op.progress('Creating the container…');
      const containerId = await backend.createContainer(functionContainerOptions(spec));
      await failpoint('function-deploy:created');
      step = 'copy the code into /var/task';
      op.progress(`Copying ${code.files} files (${(bytes / 1024).toFixed(0)} KB) into /var/task…`);
      await backend.putArchive(containerId, '/var/task', fs.createReadStream(spec.codeArchive));
      step = 'start the container';
      await backend.startContainer(containerId);
      step = 'find the invoke endpoint';
      const port = await this.invokePort(backend, containerId, spec);
      step = 'wait for the invoke API';
      op.progress(`Waiting for the invoke API on 127.0.0.1:${port}…`);
      const waitedMs = await this.waitReady(backend, containerId, port, op);
      step = 'save the desired state';
      this.deps.store.putFunction(spec);
      await creation.finish();
      if (previous) await this.removeDeploy(backend, previous);
      return { name: spec.name, containerId, containerName, endpoint: { host: '127.0.0.1', port }, files: code.files, bytes, waitedMs };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const removed = await creation.undo();
      const msg = `could not ${step} for function "${spec.name}": ${reason}${removed}${previous ? '; the running deploy was kept' : ''}`;
      this.deps.log.warn(msg);
      throw new UserError(msg);
    } finally {
      this.deploying.delete(spec.name);
      await this.deps.refresh().catch(() => undefined);
    }
  }

  /** The same deploy as a Pod: code checked and packed here, staged into the Pod, reached through a port-forward. */
  private async launchPod(spec: FunctionSpec, previous: FunctionSpec | undefined, op: OperationContext): Promise<FunctionDeployResult> {
    op.progress(`Reading ${spec.codeSource}…`);
    const code = await listCode(spec.codeSource);
    const files = new Set(code.entries.filter((e) => e.type !== 'directory').map((e) => e.rel));
    const problem = handlerProblem(spec.runtime, spec.handler, (rel) => files.has(rel));
    if (problem) throw new UserError(problem);
    if (op.signal?.aborted) throw new UserError('cancelled; nothing was created');
    spec.codeArchive = this.archivePath(spec.name, spec.deployId);
    this.deploying.add(spec.name);
    const t0 = Date.now();
    try {
      const bytes = await writeCodeArchive(code.entries, spec.codeArchive);
      const next = await this.deps.pods.spawn(spec, spec.codeArchive, op.progress, op.signal);
      this.deps.store.putFunction(next);
      if (previous?.podName) await this.deps.pods.deletePod(previous.podName);
      if (previous) await fs.promises.rm(previous.codeArchive, { force: true });
      const { port } = await this.deps.pods.forward(next.podName!);
      return {
        name: spec.name,
        containerId: next.podName!,
        containerName: next.podName!,
        endpoint: { host: '127.0.0.1', port },
        files: code.files,
        bytes,
        waitedMs: Date.now() - t0,
      };
    } catch (err) {
      await fs.promises.rm(spec.codeArchive, { force: true });
      if (!previous) await fs.promises.rmdir(path.dirname(spec.codeArchive)).catch(() => undefined);
      const msg = `could not deploy function "${spec.name}" on Kubernetes: ${(err as Error).message}${previous ? '; the running deploy was kept' : ''}`;
      this.deps.log.warn(msg);
      throw new UserError(msg);
    } finally {
      this.deploying.delete(spec.name);
      await this.deps.refresh().catch(() => undefined);
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

  private async invokePort(backend: ContainerBackend, containerId: string, spec: FunctionSpec): Promise<number> {
    if (spec.networkMode === 'host' && spec.port) return spec.port;
    const d = await backend.inspectContainer(containerId);
    const port = d?.ports[RIE_PORT];
    if (!port) throw new Error(`the invoke port ${RIE_PORT} was not published`);
    return port;
  }

  private waitReady(backend: ContainerBackend, containerId: string, port: number, op: OperationContext): Promise<number> {
    const opts: Parameters<typeof waitForTcp>[0] = {
      host: '127.0.0.1',
      port,
      timeoutMs: this.deps.settings().readinessTimeoutMs,
      stillRunning: () => requireUp(backend, containerId),
    };
    if (op.signal) opts.signal = op.signal;
    return waitForTcp(opts);
  }

  /** The reconciler's repair: the deploy's container is gone, so it is made again from the stored spec and code. */
  async recreateFromSpec(spec: FunctionSpec): Promise<void> {
    if (spec.backend === 'kubernetes') {
      await this.deps.locks.run(ownedKey('function', spec.name), 'reconcile', async () => {
        if (!fs.existsSync(spec.codeArchive)) throw new Error(`its code archive ${spec.codeArchive} is gone; redeploy it`);
        if (spec.podName) await this.deps.pods.deletePod(spec.podName);
        const next = await this.deps.pods.spawn(spec, spec.codeArchive, () => undefined);
        this.deps.store.putFunction({ ...next, desired: 'running' });
      });
      return;
    }
    const backend = this.deps.backend();
    await this.deps.locks.run(ownedKey('function', spec.name), 'reconcile', async () => {
      if (!fs.existsSync(spec.codeArchive)) throw new Error(`its code archive ${spec.codeArchive} is gone; redeploy it`);
      this.deploying.add(spec.name);
      let containerId: string | undefined;
      try {
        const stale = await backend.inspectContainer(functionContainerName(spec.name, spec.deployId));
        if (stale) await backend.removeContainer(stale.id);
        containerId = await backend.createContainer(functionContainerOptions(spec));
        await backend.putArchive(containerId, '/var/task', fs.createReadStream(spec.codeArchive));
        await backend.startContainer(containerId);
      } catch (err) {
        if (containerId) await backend.removeContainer(containerId).catch(() => undefined);
        throw err;
      } finally {
        this.deploying.delete(spec.name);
      }
    });
  }

  /** POST the payload to the invoke API; the response, its duration, and the function's lines for it. */
  async invoke(resourceId: string, payload: string): Promise<InvokeResult> {
    const checked = checkPayload(payload);
    if ('error' in checked) throw new UserError(checked.error);
    const r = this.resource(resourceId);
    if (r.state !== 'running') throw new UserError(`${r.name} is not running (${r.state}); start it first`);
    // A Pod is reached through a port-forward the service keeps open.
    const endpoint =
      r.backend === 'kubernetes' ? { host: '127.0.0.1', port: (await this.deps.pods.forward(r.containerId)).port } : r.endpoint;
    if (!endpoint) throw new UserError(`${r.name} has no invoke endpoint on this machine (port ${RIE_PORT} is not published)`);
    const { host, port } = endpoint;
    const since = Date.now();
    const t0 = process.hrtime.bigint();
    const res = await postInvocation(this.agent, host, port, checked.json, this.deps.settings().invokeTimeoutMs).catch((err: Error) => {
      throw new UserError(`invoke ${r.name} at ${host}:${port}: ${err.message}`);
    });
    const durationMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const logs = await this.invocationLogs(r, since);
    const result: InvokeResult = { statusCode: res.status, body: res.body, durationMs, logs };
    const fnError = functionErrorOf(res.body);
    if (fnError) result.functionError = fnError;
    return result;
  }

  /** START … REPORT of this invocation; the log can trail the response by a little. */
  private async invocationLogs(r: Resource, sinceMs: number): Promise<string[]> {
    const backend = r.backend === 'kubernetes' ? undefined : this.deps.backend();
    const deadline = Date.now() + LOG_SETTLE_MS;
    for (;;) {
      // A margin for an engine whose clock is behind ours; invocationLines picks the lines out.
      const lines =
        r.backend === 'kubernetes'
          ? await this.deps.pods.recentLog(r).catch(() => [])
          : (await backend!.readLogs(r.containerId, { sinceMs: sinceMs - 30_000, timestamps: true, tty: false }).catch(() => []))
              .map((c) => c.text)
              .join('')
              .split('\n')
              .filter(Boolean);
      const got = invocationLines(lines, sinceMs);
      if (got.complete) return got.lines;
      if (Date.now() > deadline) return got.lines.length ? got.lines : invocationLines(lines, sinceMs, true).lines;
      await new Promise((res) => setTimeout(res, 25));
    }
  }

  private setDesired(r: Resource, desired: 'running' | 'stopped'): void {
    const spec = r.owner.type === 'extension' ? this.deps.store.function(r.name) : undefined;
    if (spec && spec.desired !== desired) this.deps.store.putFunction({ ...spec, desired });
  }

  /** Ours on Kubernetes: a Pod cannot stop in place, so Stop deletes it and Start makes a new one from the stored code. */
  private podSpec(r: Resource): FunctionSpec {
    const spec = this.deps.store.function(r.name);
    if (r.owner.type !== 'extension' || spec?.backend !== 'kubernetes')
      throw new UserError(
        `${r.name} runs on Kubernetes but was not deployed from VS Code; manage it through the fakecloud server's Lambda API`,
      );
    return spec;
  }

  async stop(resourceId: string): Promise<void> {
    const r = this.resource(resourceId);
    if (r.backend === 'kubernetes') {
      const spec = this.podSpec(r);
      await this.deps.locks.run(ownedKey('function', r.name), 'stop', async () => {
        this.deps.store.putFunction({ ...spec, desired: 'stopped' });
        if (spec.podName) await this.deps.pods.deletePod(spec.podName);
        await this.deps.refresh().catch(() => undefined);
      });
      this.deps.log.info(`function ${r.name}: stopped (its Pod deleted)`);
      return;
    }
    this.setDesired(r, 'stopped');
    await this.actions.run(r, 'stopping', (b) => b.stopContainer(r.containerId, 10));
    this.deps.log.info(`function ${r.name}: stopped`);
  }

  async start(resourceId: string, op: OperationContext): Promise<{ waitedMs: number }> {
    const r = this.resource(resourceId);
    if (r.backend === 'kubernetes') {
      const spec = this.podSpec(r);
      return this.deps.locks.run(ownedKey('function', r.name), 'start', async () => {
        const t0 = Date.now();
        try {
          const next = await this.deps.pods.spawn(spec, spec.codeArchive, op.progress, op.signal);
          this.deps.store.putFunction({ ...next, desired: 'running' });
        } catch (err) {
          throw new UserError(`could not start ${r.name}: ${(err as Error).message}`);
        } finally {
          await this.deps.refresh().catch(() => undefined);
        }
        return { waitedMs: Date.now() - t0 };
      });
    }
    const waitedMs = await this.actions.run(r, 'starting', async (b) => {
      await b.startContainer(r.containerId);
      const d = await b.inspectContainer(r.containerId);
      const own = Number(r.labels[OwnLabels.port]);
      const port = own > 0 ? own : d?.ports[RIE_PORT];
      if (!port) throw new UserError(`${r.name} started, but its invoke port is not published`);
      return this.waitReady(b, r.containerId, port, op);
    });
    this.setDesired(r, 'running');
    this.deps.log.info(`function ${r.name}: started, ready after ${waitedMs} ms`);
    return { waitedMs };
  }

  /** The container; for ours also the desired state and the stored code. */
  async delete(resourceId: string): Promise<void> {
    const r = this.resource(resourceId);
    const spec = r.owner.type === 'extension' ? this.deps.store.function(r.name) : undefined;
    // A store that cannot record the deletion refuses before anything is destroyed.
    if (spec) this.deps.store.assertWritable(`delete ${r.name}`);
    // Under the entry's lock (the one the reconciler checks), forgotten before the container goes.
    await this.deps.locks.run(ownedKey('function', r.name), 'delete', async () => {
      if (r.backend === 'kubernetes') {
        const forget = spec?.backend === 'kubernetes';
        if (forget) this.deps.store.removeFunction(r.name);
        if (r.containerId) await this.deps.pods.deletePod(r.containerId);
        if (forget) await fs.promises.rm(path.join(this.deps.codeDir, r.name), { recursive: true, force: true });
        await this.deps.refresh().catch(() => undefined);
        return;
      }
      // An older deploy's container leaves the function as it is.
      const current =
        spec !== undefined &&
        (spec.backend ?? 'docker') === 'docker' &&
        (!r.labels[OwnLabels.deployId] || r.labels[OwnLabels.deployId] === spec.deployId);
      await this.actions.run(r, 'deleting', (b) => {
        if (current) this.deps.store.removeFunction(r.name);
        return b.removeContainer(r.containerId);
      });
      if (current) await fs.promises.rm(path.join(this.deps.codeDir, r.name), { recursive: true, force: true });
    });
    this.deps.log.info(`function ${r.name}: deleted`);
  }

  close(): void {
    this.agent.destroy();
    this.deps.pods.closeAll();
  }
}
