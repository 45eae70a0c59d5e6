// The I/O edge to the Docker engine: dockerode with a timeout on every call and
// errors that say what failed and where. Counts requests for the idle benchmark.
import { withTimeout } from '../../support/timeout';
import Docker from 'dockerode';
import type { ModemOptions } from './dockerHost';
import type { ContainerSummary } from '../../model/labels';

export class DockerCallError extends Error {
  constructor(
    readonly operation: string,
    readonly target: string,
    cause: unknown,
  ) {
    // The reason first: the tree shows the start of this line.
    super(`${describe(cause)} (${operation} on ${target})`, { cause });
    this.name = 'DockerCallError';
  }
}

function describe(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { code?: unknown; message?: unknown; statusCode?: unknown; json?: { message?: unknown } };
    if (e.code === 'ENOENT') return 'the Docker socket does not exist (is Docker running?)';
    if (e.code === 'ECONNREFUSED') return 'connection refused (is Docker running?)';
    if (e.code === 'EACCES') return 'permission denied on the Docker socket (is your user in the docker group?)';
    if (typeof e.json?.message === 'string') return e.json.message;
    if (typeof e.message === 'string') return e.message.replace(/^\(HTTP code \d+\) [a-z ]+ - /, '');
  }
  return String(err);
}

/** The HTTP status of a failed Docker call (a DockerCallError's cause, or dockerode's own error). */
export function statusCode(err: unknown): number | undefined {
  const e = err instanceof DockerCallError ? (err.cause ?? err) : err;
  const code = (e as { statusCode?: unknown })?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

export function isNotFound(err: unknown): boolean {
  return statusCode(err) === 404 || /no such (container|image|volume)|not found/i.test(err instanceof Error ? err.message : String(err));
}

export { withTimeout };

export class DockerApi {
  /** Requests sent since start. */
  requests = 0;
  readonly docker: Docker;
  /** No modem timeout: event, log and exec streams are idle for as long as nothing happens. */
  readonly streaming: Docker;

  constructor(
    options: ModemOptions,
    readonly target: string,
    readonly timeoutMs = 10_000,
  ) {
    this.docker = new Docker({ ...options, timeout: timeoutMs });
    this.streaming = new Docker({ ...options });
  }

  /** One Docker request with a timeout and an error that names the operation and the host. */
  async call<T>(operation: string, fn: () => Promise<T>, timeoutMs = this.timeoutMs): Promise<T> {
    this.requests++;
    try {
      return await withTimeout(fn(), timeoutMs, operation);
    } catch (err) {
      throw new DockerCallError(operation, this.target, err);
    }
  }

  version(): Promise<{ Version: string; ApiVersion: string }> {
    return this.call('version', () => this.docker.version() as Promise<{ Version: string; ApiVersion: string }>);
  }

  listContainers(): Promise<ContainerSummary[]> {
    return this.call('list containers', () => this.docker.listContainers({ all: true }) as Promise<ContainerSummary[]>);
  }

  /** Opens the events stream for containers, from `since` (unix seconds) when reconnecting. */
  events(since?: number): Promise<NodeJS.ReadableStream> {
    const opts: { filters: string; since?: number } = { filters: JSON.stringify({ type: ['container'] }) };
    if (since !== undefined) opts.since = since;
    return this.call('events', () => this.streaming.getEvents(opts));
  }
}
