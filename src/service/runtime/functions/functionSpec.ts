// What a function we own is (the desired state), and the container that runs it,
// as fakecloud's Lambda runs one: the runtime image with the runtime interface
// emulator (RIE) answering the invoke API on 8080, the code in /var/task. Pure.
import { randomBytes } from 'node:crypto';
import type { ContainerCreateSpec } from '../../backends/backend';
import { FakecloudLabels, OwnLabels, stackLabels } from '../../model/labels';
import type { NetworkMode } from '../caches/cacheSpec';
import type { Placement } from '../../backends/podBackend';

export const RIE_PORT = 8080;
export const INVOKE_PATH = '/2015-03-31/functions/function/invocations';
/** Lambda's limit for unzipped code. */
export const MAX_CODE_BYTES = 250 * 1024 * 1024;

export interface FunctionSpec extends Placement {
  name: string;
  /** "nodejs20.x": a key of the runtime images setting. */
  runtime: string;
  image: string;
  handler: string;
  environment: Record<string, string>;
  networkMode: NetworkMode;
  /** Host networking: the loopback ports of the invoke API and the runtime API. */
  port?: number;
  apiPort?: number;
  /** Each deploy is a new container with a name of its own. */
  deployId: string;
  /** The folder the code was taken from, for Redeploy. */
  codeSource: string;
  /** The code as deployed (a tar in the service's state directory), so a repair needs no folder. */
  codeArchive: string;
  desired: 'running' | 'stopped';
  /** Memory in MB and timeout in seconds, as Lambda's runtime reads them from its environment. */
  memory?: number;
  timeout?: number;
  /** The stack that made it, and the key of the folder its file is in. */
  stack?: { name: string; scope: string };
  createdAt: string;
}

export function newDeployId(): string {
  return randomBytes(4).toString('hex');
}

export function functionContainerName(name: string, deployId: string): string {
  return `fakecloud-explorer-fn-${name.toLowerCase()}-${deployId}`;
}

/** The files a handler may name, by runtime family; undefined: not checked (Java, .NET, custom runtimes). */
export function handlerFileCandidates(runtime: string, handler: string): string[] | undefined {
  const dot = handler.lastIndexOf('.');
  const module = handler.slice(0, dot);
  if (/^nodejs/.test(runtime)) return ['.js', '.mjs', '.cjs'].map((ext) => module + ext);
  if (/^python/.test(runtime)) return [`${module.replace(/\./g, '/')}.py`];
  if (/^ruby/.test(runtime)) return [`${module}.rb`];
  return undefined;
}

/** A clear message when the handler's file is not in the code folder; undefined when it is or cannot be told. */
export function handlerProblem(runtime: string, handler: string, exists: (relPath: string) => boolean): string | undefined {
  const candidates = handlerFileCandidates(runtime, handler);
  if (!candidates || candidates.some(exists)) return undefined;
  return `the handler ${handler} names a file that is not in the code folder (looked for ${candidates.join(', ')})`;
}

export function functionEnv(spec: FunctionSpec): string[] {
  const env: Record<string, string> = {
    ...spec.environment,
    AWS_LAMBDA_FUNCTION_NAME: spec.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memory ?? 128),
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
  };
  // Only when asked: the emulator's own default (5 minutes) stands otherwise, not Lambda's 3 s.
  if (spec.timeout) env.AWS_LAMBDA_FUNCTION_TIMEOUT = String(spec.timeout);
  return Object.entries(env).map(([k, v]) => `${k}=${v}`);
}

export function functionLabels(spec: FunctionSpec): Record<string, string> {
  const labels: Record<string, string> = {
    [FakecloudLabels.lambda]: spec.name,
    [OwnLabels.managedBy]: OwnLabels.managedByValue,
    [OwnLabels.runtime]: spec.runtime,
    [OwnLabels.deployId]: spec.deployId,
  };
  if (spec.networkMode === 'host' && spec.port) labels[OwnLabels.port] = String(spec.port);
  Object.assign(labels, stackLabels(spec.stack));
  return labels;
}

export function functionContainerOptions(spec: FunctionSpec): ContainerCreateSpec {
  const opts: ContainerCreateSpec = {
    name: functionContainerName(spec.name, spec.deployId),
    image: spec.image,
    env: functionEnv(spec),
    labels: functionLabels(spec),
    networkMode: spec.networkMode,
    mounts: [],
    publish: [],
  };
  if (spec.networkMode === 'host' && spec.port && spec.apiPort) {
    // Many functions share the host's loopback: each RIE gets ports of its own,
    // and runs the image's entrypoint as its runtime, as the base images do.
    opts.entrypoint = [
      '/usr/local/bin/aws-lambda-rie',
      '--runtime-interface-emulator-address',
      `127.0.0.1:${spec.port}`,
      '--runtime-api-address',
      `127.0.0.1:${spec.apiPort}`,
    ];
    opts.cmd = ['/lambda-entrypoint.sh', spec.handler];
  } else {
    // fakecloud's way: the base image's entrypoint, the handler as its command, 8080 published on loopback.
    opts.cmd = [spec.handler];
    opts.publish = [{ containerPort: RIE_PORT, hostIp: '127.0.0.1' }];
  }
  return opts;
}

/**
 * The lines of one invocation in a function's log: from its START line to its
 * REPORT line (the RIE runs one invocation at a time). Lines come with Docker's
 * timestamps; the first START at or after `sinceMs` begins it. With `allowSkew`
 * (the caller has waited long enough for the lines to arrive) and no START that
 * recent — the engine's clock is behind ours, a remote Docker host — the newest
 * START … REPORT block is taken instead. Pure.
 */
export function invocationLines(timestamped: string[], sinceMs: number, allowSkew = false): { lines: string[]; complete: boolean } {
  const parsed = timestamped.map((raw) => {
    const sp = raw.indexOf(' ');
    return { at: Date.parse(raw.slice(0, sp)), text: raw.slice(sp + 1).replace(/\r$/, '') };
  });
  const isStart = (t: string) => /^START RequestId: /.test(t);
  let from = parsed.findIndex((l) => Number.isFinite(l.at) && l.at >= sinceMs - 5 && isStart(l.text));
  if (from < 0 && !allowSkew) return { lines: [], complete: false };
  if (from < 0) {
    // Clock skew: the newest START that has its REPORT, else the newest START.
    const starts = parsed.map((l, i) => (isStart(l.text) ? i : -1)).filter((i) => i >= 0);
    from = starts.reverse().find((i) => parsed.slice(i).some((l) => /^REPORT RequestId: /.test(l.text))) ?? starts[0] ?? -1;
    if (from < 0) return { lines: [], complete: false };
  }
  const lines: string[] = [];
  const requestId = /^START RequestId: (\S+)/.exec(parsed[from].text)?.[1];
  let reported = false;
  for (const l of parsed.slice(from)) {
    if (lines.length > 0 && isStart(l.text)) break;
    // stdout and stderr reach the log separately: a line of this request's on stderr can land just after its REPORT.
    if (reported) {
      if (requestId && l.text.includes(requestId)) lines.push(l.text);
      continue;
    }
    lines.push(l.text);
    if (/^REPORT RequestId: /.test(l.text)) reported = true;
  }
  return { lines, complete: reported };
}
