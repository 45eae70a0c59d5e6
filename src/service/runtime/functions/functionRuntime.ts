// Lambda functions of ours and a fakecloud server's: what every way of running one
// shares — the checks before a deploy, the stored code, the locks, the desired
// state, invoke over the runtime interface emulator's HTTP API with that
// invocation's log lines — with the mechanics of a container or a Pod left to its
// runner (functionRunner.ts).
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { FunctionDeployParams, FunctionDeployResult, InvokeResult } from '../../../protocol/functions';
import {
  checkPayload,
  functionErrorOf,
  notLambdaAnswer,
  parseEnvironment,
  validateFunctionName,
  validateHandler,
} from '../../../protocol/functions';
import { RpcError } from '../../../protocol/jsonRpcPeer';
import type { Resource } from '../../../protocol/model';
import { ErrorCodes } from '../../../protocol/rpc';
import { placementOf } from '../../backends/podBackend';
import { OwnLabels } from '../../model/labels';
import { ownedKey } from '../../support/lockKeys';
import type { NetworkMode } from '../caches/cacheSpec';
import type { OperationContext } from '../images';
import type { Creations } from '../creations';
import { clearUnfinished, resourceOfKind, type RuntimeDeps } from '../runtimeDeps';
import { UserError } from '../userError';
import { within } from '../../../platform/within';
import { codeArchivePath, listCode } from './codeArchive';
import type { FunctionRunner, FunctionRunners } from './functionRunner';
import { handlerProblem, invocationLines, newDeployId, RIE_PORT, type FunctionSpec } from './functionSpec';
import { postInvocation } from './invokeHttp';
import { counted } from '../../../protocol/text';
import { l10n } from '../../../protocol/l10n';

export interface FunctionSettings {
  /** Runtime → image. */
  images: Record<string, string>;
  networkMode: NetworkMode;
  readinessTimeoutMs: number;
  invokeTimeoutMs: number;
}

export interface FunctionRuntimeDeps extends Omit<RuntimeDeps, 'backend' | 'creations'> {
  /** Creates that did not finish: what an earlier one of a name left is removed before that name is made again. */
  creations: Pick<Creations, 'clearUnfinished'>;
  settings: () => FunctionSettings;
  /** Where code archives are kept. */
  codeDir: string;
}

/** How long an invocation's REPORT line may trail its response. */
const LOG_SETTLE_MS = 1_000;

export class FunctionRuntime {
  private readonly deploying = new Set<string>();
  /** Warm connections to the invoke APIs, as a client of a warm function keeps them. */
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

  constructor(
    private readonly deps: FunctionRuntimeDeps,
    private readonly runners: FunctionRunners,
  ) {}

  annotate = (r: Resource): Resource => {
    if (r.kind !== 'function' || r.owner.type !== 'extension' || this.deploying.has(r.name)) return r;
    const spec = this.deps.store.function(r.name);
    // A container of an earlier deploy of a function we still own is an orphan too.
    const orphan = !spec || (r.labels[OwnLabels.deployId] !== undefined && r.labels[OwnLabels.deployId] !== spec.deployId);
    return orphan ? { ...r, orphan } : r;
  };

  private resource(resourceId: string): Resource {
    return resourceOfKind(this.deps.model, resourceId, 'function');
  }

  /** Where the resource runs picks how it is acted on. */
  private runner(r: Resource): FunctionRunner {
    // A fakecloud server's resource is acted on through that server's API.
    return this.runners[r.aws ? 'server' : r.backend];
  }

  async deploy(req: FunctionDeployParams, op: OperationContext): Promise<FunctionDeployResult> {
    const invalid = validateFunctionName(req.name);
    if (invalid) throw new UserError(l10n.t('invalid function name "{0}": {1}', req.name, invalid));
    const badHandler = validateHandler(req.handler, req.runtime);
    if (badHandler) throw new UserError(l10n.t('invalid handler "{0}": {1}', req.handler, badHandler));
    const settings = this.deps.settings();
    const image = settings.images[req.runtime];
    if (!image) {
      const known = Object.keys(settings.images).join(', ') || 'none (see fakecloud.images.functionRuntimes)';
      throw new UserError(l10n.t('unknown runtime "{0}"; known: {1}', req.runtime, known));
    }
    const env = parseEnvironment(
      Object.entries(req.environment ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join('\n'),
    );
    if ('error' in env) throw new UserError(l10n.t('invalid environment: {0}', env.error));
    this.deps.store.assertWritable(`deploy ${req.name}`);
    return this.deps.locks.run(ownedKey('function', req.name), 'deploy', async () => {
      // What an earlier deploy of this name left half-made is no function: it goes first (and the model with it).
      if ((req.backend ?? 'docker') === 'docker') await clearUnfinished(this.deps, 'function', req.name);
      const taken =
        this.deps.store.function(req.name) ??
        this.deps.model.snapshot().resources.find((r) => r.kind === 'function' && r.name === req.name);
      if (taken) {
        const whose = 'owner' in taken && taken.owner.type === 'fakecloud' ? ` (by a fakecloud server, pid ${taken.owner.pid ?? '?'})` : '';
        throw new UserError(l10n.t('a function named "{0}" already exists{1}; use Redeploy to change its code', req.name, whose));
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
        ...(req.backend && req.backend !== 'docker' ? { backend: req.backend } : {}),
        ...(req.memory ? { memory: req.memory } : {}),
        ...(req.timeout ? { timeout: req.timeout } : {}),
        ...(req.stack ? { stack: req.stack } : {}),
      };
      const out = await this.launch(spec, undefined, op);
      const files = counted(out.files, 'file');
      this.deps.log.info(`function ${spec.name}: deployed (${spec.runtime}, ${spec.handler}, ${files}) at 127.0.0.1:${out.endpoint.port}`);
      return out;
    });
  }

  /** New code from the folder it came from: a new deploy, ready before the old one goes. */
  async redeploy(
    resourceId: string,
    op: OperationContext,
    codePath?: string,
    notFrom: readonly string[] = [],
  ): Promise<FunctionDeployResult> {
    const r = this.resource(resourceId);
    const old = this.deps.store.function(r.name);
    if (r.owner.type !== 'extension')
      throw new UserError(l10n.t("{0} belongs to a fakecloud server; redeploy it through the server's Lambda API", r.name));
    if (!old)
      throw new UserError(
        l10n.t(
          '{0} is an orphan: it was deployed from VS Code, but the desired state no longer lists it. Adopt Orphan takes it back (with the code in its container); then Redeploy works',
          r.name,
        ),
      );
    this.deps.store.assertWritable(`redeploy ${r.name}`);
    if (!codePath && !old.codeSource) {
      throw new RpcError(
        ErrorCodes.CodeFolderUnknown,
        l10n.t(
          '{0} was adopted from its container, so the folder its code came from is not known: pick the folder to redeploy from',
          r.name,
        ),
      );
    }
    const source = codePath ?? old.codeSource;
    // The window's workspace is not trusted: its folders' code is not deployed from there.
    if (notFrom.some((d) => within(d, source)))
      throw new UserError(
        l10n.t(
          '{0} is deployed from {1}, in a workspace in Restricted Mode: trust the workspace to redeploy from it (Workspaces: Manage Workspace Trust)',
          r.name,
          source,
        ),
      );
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
      const out = await this.launch(spec, old, op);
      this.deps.log.info(`function ${spec.name}: redeployed from ${spec.codeSource} (${counted(out.files, 'file')})`);
      return out;
    });
  }

  /** The code read and checked against the handler before anything is made; then the deploy where the spec says. */
  private async launch(spec: FunctionSpec, previous: FunctionSpec | undefined, op: OperationContext): Promise<FunctionDeployResult> {
    op.progress(l10n.t('Reading {0}…', spec.codeSource));
    const code = await listCode(spec.codeSource);
    const files = new Set(code.entries.filter((e) => e.type !== 'directory').map((e) => e.rel));
    const problem = handlerProblem(spec.runtime, spec.handler, (rel) => files.has(rel));
    if (problem) throw new UserError(problem);
    spec.codeArchive = codeArchivePath(this.deps.codeDir, spec.name, spec.deployId);
    this.deploying.add(spec.name);
    try {
      return await this.runners[placementOf(spec)].deploy(spec, previous, code, op);
    } finally {
      this.deploying.delete(spec.name);
      await this.deps.refresh().catch(() => undefined);
    }
  }

  /** The reconciler's repair: the deploy's process is gone, so it is made again from the stored spec and code. */
  recreateFromSpec(spec: FunctionSpec): Promise<void> {
    return this.deps.locks.run(ownedKey('function', spec.name), 'reconcile', async () => {
      if (!fs.existsSync(spec.codeArchive)) throw new Error(`its code archive ${spec.codeArchive} is gone; redeploy it`);
      this.deploying.add(spec.name);
      try {
        await this.runners[placementOf(spec)].recreate(spec);
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
    const runner = this.runner(r);
    if (runner.invoke) return runner.invoke(r, checked.json);
    if (r.state !== 'running') throw new UserError(l10n.t('{0} is not running ({1}); start it first', r.name, r.state));
    const endpoint = await runner.invokeEndpoint(r);
    if (!endpoint)
      throw new UserError(l10n.t('{0} has no invoke endpoint on this machine (its port {1} is not published)', r.name, RIE_PORT));
    const { host, port } = endpoint;
    const since = Date.now();
    const t0 = process.hrtime.bigint();
    const res = await postInvocation(this.agent, host, port, checked.json, this.deps.settings().invokeTimeoutMs).catch((err: Error) => {
      throw new UserError(l10n.t('invoke {0} at {1}:{2}: {3}', r.name, host, port, err.message));
    });
    const durationMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const foreign = notLambdaAnswer(res);
    if (foreign)
      throw new UserError(l10n.t("invoke {0} at {1}:{2}: the answer was {3}, not a Lambda invoke API's", r.name, host, port, foreign));
    const fnError = functionErrorOf(res.body);
    const logs = await this.invocationLogs(r, since, fnError !== undefined);
    const result: InvokeResult = { statusCode: res.status, body: res.body, durationMs, logs };
    if (fnError) result.functionError = fnError;
    return result;
  }

  /**
   * START … REPORT of this invocation; the log can trail the response by a little. A failed
   * invocation's error line comes on stderr and may land after its REPORT: it is waited for too.
   */
  private async invocationLogs(r: Resource, sinceMs: number, failed: boolean): Promise<string[]> {
    const deadline = Date.now() + LOG_SETTLE_MS;
    for (;;) {
      const lines = await this.runner(r)
        .recentLogLines(r, sinceMs)
        .catch(() => []);
      const got = invocationLines(lines, sinceMs);
      if (got.complete && (!failed || got.lines.some((l) => /ERROR/.test(l)))) return got.lines;
      if (Date.now() > deadline) return got.lines.length ? got.lines : invocationLines(lines, sinceMs, true).lines;
      await new Promise((res) => setTimeout(res, 25));
    }
  }

  /** Under the entry's lock: the reconciler never acts on it half-way. */
  async stop(resourceId: string): Promise<void> {
    const r = this.resource(resourceId);
    await this.deps.locks.run(ownedKey('function', r.name), 'stop', () => this.runner(r).stop(r));
    // Its desired state changed: the model re-reads it, so the status bar counts it as kept or not.
    await this.deps.refresh().catch(() => undefined);
  }

  async start(resourceId: string, op: OperationContext): Promise<{ waitedMs: number }> {
    const r = this.resource(resourceId);
    const started = await this.deps.locks.run(ownedKey('function', r.name), 'start', () => this.runner(r).start(r, op));
    await this.deps.refresh().catch(() => undefined);
    return started;
  }

  /** Its process; for ours also the desired state and the stored code. */
  async delete(resourceId: string): Promise<void> {
    const r = this.resource(resourceId);
    // A store that cannot record the deletion refuses before anything is destroyed.
    if (r.owner.type === 'extension' && this.deps.store.function(r.name)) this.deps.store.assertWritable(`delete ${r.name}`);
    // Under the entry's lock (the one the reconciler checks), forgotten before the container goes.
    await this.deps.locks.run(ownedKey('function', r.name), 'delete', async () => {
      const { forgot } = await this.runner(r).delete(r);
      if (forgot) await fs.promises.rm(path.join(this.deps.codeDir, r.name), { recursive: true, force: true });
    });
    this.deps.log.info(`function ${r.name}: deleted`);
  }

  /** An orphan (or an earlier deploy's container): its process, nothing else. */
  async removeOrphan(resourceId: string): Promise<void> {
    const r = this.resource(resourceId);
    if (!r.orphan) throw new UserError(l10n.t('{0} is not an orphan', r.displayName ?? r.name));
    await this.runner(r).removeOrphan(r);
    await this.deps.refresh().catch(() => undefined);
  }

  close(): void {
    this.agent.destroy();
    for (const runner of Object.values(this.runners)) runner.close();
  }
}
