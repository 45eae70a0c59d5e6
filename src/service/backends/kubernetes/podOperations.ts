// Pods through @kubernetes/client-node: create, delete, get, wait until running,
// exec (with a TTY, or piped), logs (followed or read), port-forward to a
// loopback port. Every call has a deadline and an error that says what failed.
import * as net from 'node:net';
import { PassThrough, Writable } from 'node:stream';
import { CoreV1Api, CustomObjectsApi, Exec, Log, PortForward, type KubeConfig, type V1Pod, type V1Status } from '@kubernetes/client-node';
import type { InteractiveSession, LogChunk, LogFollower, PipeSession } from '../backend';
import type { KubeScope, PodBackend } from '../podBackend';
import { withTimeout } from '../../support/timeout';
import { podState } from './podResources';

const CALL_MS = 15_000;

function statusCode(err: unknown): number | undefined {
  const e = err as { code?: unknown; statusCode?: unknown };
  return typeof e?.code === 'number' ? e.code : typeof e?.statusCode === 'number' ? e.statusCode : undefined;
}

/** A V1Status from exec → its exit code (0 on Success). */
export function exitCodeOf(status: V1Status | undefined): number {
  if (!status || status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  const n = Number(cause?.message);
  return Number.isInteger(n) ? n : 1;
}

export class PodOperations implements PodBackend {
  private readonly core: CoreV1Api;
  private metricsApi: CustomObjectsApi | undefined;

  readonly scope: KubeScope;

  constructor(
    private readonly kc: KubeConfig,
    readonly namespace: string,
    server: string,
  ) {
    this.core = kc.makeApiClient(CoreV1Api);
    this.scope = { server, namespace };
  }

  private call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return withTimeout(fn(), CALL_MS, what).catch((err: unknown) => {
      const body = (err as { body?: unknown }).body;
      const message = typeof body === 'string' ? ((JSON.parse(body) as { message?: string }).message ?? body) : (err as Error).message;
      throw Object.assign(new Error(`${what}: ${message}`), { code: statusCode(err) });
    });
  }

  createPod(pod: V1Pod): Promise<V1Pod> {
    return this.call(`create Pod ${pod.metadata?.name ?? ''}`, () =>
      this.core.createNamespacedPod({ namespace: this.namespace, body: pod }),
    );
  }

  async deletePod(name: string): Promise<void> {
    try {
      await this.call(`delete Pod ${name}`, () =>
        this.core.deleteNamespacedPod({ namespace: this.namespace, name, gracePeriodSeconds: 5 }),
      );
    } catch (err) {
      if ((err as { code?: number }).code !== 404) throw err;
    }
  }

  async getPod(name: string): Promise<V1Pod | undefined> {
    try {
      return await this.call(`read Pod ${name}`, () => this.core.readNamespacedPod({ namespace: this.namespace, name }));
    } catch (err) {
      if ((err as { code?: number }).code === 404) return undefined;
      throw err;
    }
  }

  async podMetrics(name: string): Promise<unknown> {
    try {
      return await this.call(`metrics of ${name}`, () =>
        (this.metricsApi ??= this.kc.makeApiClient(CustomObjectsApi)).getNamespacedCustomObject({
          group: 'metrics.k8s.io',
          version: 'v1beta1',
          namespace: this.namespace,
          plural: 'pods',
          name,
        }),
      );
    } catch (err) {
      // Not served (no metrics-server), or not yet measured: the caller reads the cgroup instead.
      if ((err as { code?: number }).code === 404 || (err as { code?: number }).code === 503) return undefined;
      throw err;
    }
  }

  async waitRunning(name: string, opts: { timeoutMs: number; init?: string; signal?: AbortSignal }): Promise<V1Pod> {
    const deadline = Date.now() + opts.timeoutMs;
    for (;;) {
      if (opts.signal?.aborted) throw new Error('cancelled');
      const pod = await this.getPod(name);
      if (!pod) throw new Error(`the Pod ${name} disappeared`);
      const phase = pod.status?.phase;
      if (opts.init ? pod.status?.initContainerStatuses?.some((c) => c.name === opts.init && c.state?.running) : phase === 'Running')
        return pod;
      if (phase === 'Failed' || phase === 'Succeeded' || (phase === 'Running' && opts.init)) {
        const main = pod.spec?.containers[0]?.name ?? '';
        const log = await this.readLogs(name, main, { tail: 5 }).catch(() => '');
        throw new Error(
          `the Pod ${phase === 'Running' ? 'started before its files were staged' : `ended (${podState(pod).status})`}` +
            (log.trim() ? `: ${log.trim()}` : pod.status?.message ? `: ${pod.status.message}` : ''),
        );
      }
      if (Date.now() > deadline) {
        const waiting = pod.status?.containerStatuses?.[0]?.state?.waiting;
        throw new Error(
          `the Pod ${name} was not running after ${Math.round(opts.timeoutMs / 1000)} s ` +
            `(${phase ?? 'no phase'}${waiting?.reason ? `: ${waiting.reason}${waiting.message ? ` — ${waiting.message}` : ''}` : ''})`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async execInteractive(name: string, container: string, cmd: string[], size: { cols: number; rows: number }): Promise<InteractiveSession> {
    // A "resizable" stdout is how client-node sends the terminal size.
    const output = Object.assign(new PassThrough(), { columns: size.cols, rows: size.rows });
    const stdin = new PassThrough();
    let resolveExit!: (code: number) => void;
    const exited = new Promise<number>((r) => (resolveExit = r));
    const ws = await this.call(`exec ${cmd[0]} in ${name}`, () =>
      new Exec(this.kc).exec(this.namespace, name, container, cmd, output, null, stdin, true, (st: V1Status) =>
        resolveExit(exitCodeOf(st)),
      ),
    );
    // A close with no status first: the exec did not end on its own terms.
    ws.on('close', () => resolveExit(-1));
    return {
      output,
      write: (d) => void stdin.write(d),
      resize: async (cols, rows) => {
        output.columns = cols;
        output.rows = rows;
        output.emit('resize');
      },
      close: () => ws.close(),
      exited,
    };
  }

  async execPipe(name: string, container: string, cmd: string[]): Promise<PipeSession> {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const stdin = new PassThrough();
    let resolveExit!: (code: number) => void;
    const exited = new Promise<number>((r) => (resolveExit = r));
    const ws = await this.call(`exec ${cmd[0]} in ${name}`, () =>
      new Exec(this.kc).exec(this.namespace, name, container, cmd, stdout, stderr, stdin, false, (st: V1Status) =>
        resolveExit(exitCodeOf(st)),
      ),
    );
    ws.on('close', () => {
      stdout.end();
      stderr.end();
      resolveExit(-1);
    });
    return { stdout, stderr, write: (d: string | Buffer) => void stdin.write(d), close: () => ws.close(), exited };
  }

  // client-node pipes the response into the stream and never calls its done callback:
  // the end of the log is the stream's 'finish'.
  async followLogs(name: string, container: string, tail: number, onChunk: (c: LogChunk) => void): Promise<LogFollower> {
    let stopped = false;
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        onChunk({ stream: 'stdout', text: chunk.toString('utf8') });
        done();
      },
    });
    const ended = new Promise<string>((resolve) => {
      sink.on('finish', () => resolve(stopped ? 'stopped' : 'the log stream ended'));
      sink.on('close', () => resolve(stopped ? 'stopped' : 'the log stream ended'));
      sink.on('error', (e: Error) => resolve(`the log stream failed: ${e.message}`));
    });
    const controller = await this.call(`logs of ${name}`, () =>
      new Log(this.kc).log(this.namespace, name, container, sink, { follow: true, tailLines: tail }),
    );
    return {
      stop: () => {
        stopped = true;
        controller.abort();
        sink.destroy();
      },
      ended,
    };
  }

  async readLogs(name: string, container: string, opts: { tail?: number; sinceSeconds?: number; timestamps?: boolean }): Promise<string> {
    let text = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        text += chunk.toString('utf8');
        done();
      },
    });
    const finished = new Promise<void>((resolve, reject) => {
      sink.on('finish', () => resolve());
      sink.on('error', reject);
    });
    await this.call(`logs of ${name}`, async () => {
      await new Log(this.kc).log(this.namespace, name, container, sink, {
        follow: false,
        ...(opts.tail !== undefined ? { tailLines: opts.tail } : {}),
        ...(opts.sinceSeconds !== undefined ? { sinceSeconds: opts.sinceSeconds } : {}),
        ...(opts.timestamps ? { timestamps: true } : {}),
      });
      await finished;
    });
    return text;
  }

  async portForward(name: string, port: number): Promise<{ port: number; close(): void }> {
    const pf = new PortForward(this.kc);
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      // One WebSocket per connection, as kubectl opens one stream per connection.
      pf.portForward(this.namespace, name, [port], socket, null, socket).then(
        (ws) => {
          const w = ws as unknown as { on(e: string, cb: () => void): void; close(): void };
          w.on('close', () => socket.destroy());
          socket.on('close', () => w.close());
        },
        () => socket.destroy(),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return {
      port: (server.address() as net.AddressInfo).port,
      close: () => {
        server.close();
        for (const s of sockets) s.destroy();
      },
    };
  }
}
