// A counting proxy in front of the Docker engine's socket: the service is pointed at it, and every request it sends
// is counted by method and path as it crosses (the bytes pass through untouched). Streams that stay open (stats,
// logs, exec) are told apart by their connection still being open.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { TEST_DOCKER_SOCKET } from './docker';

export interface SeenRequest {
  at: number;
  method: string;
  path: string;
}

const REQUEST_LINE = /(GET|POST|PUT|DELETE|HEAD) (\/\S*) HTTP\/1\.[01]\r\n/g;

export class CountingProxy {
  readonly requests: SeenRequest[] = [];
  /** Each open connection's last request path. */
  private readonly open = new Map<net.Socket, string>();

  private constructor(
    private readonly server: net.Server,
    readonly socketPath: string,
  ) {}

  static async start(target = TEST_DOCKER_SOCKET): Promise<CountingProxy> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-proxy-'));
    const socketPath = path.join(dir, 'docker.sock');
    const ref: { self?: CountingProxy } = {};
    const server = net.createServer((client) => {
      const upstream = net.connect(target);
      ref.self?.open.set(client, '');
      let head = '';
      client.on('data', (d: Buffer) => {
        // Request lines can only start a chunk's text or follow one; keep a short tail in case one is split.
        head = (head + d.toString('latin1')).slice(-4096);
        REQUEST_LINE.lastIndex = 0;
        let m: RegExpExecArray | null;
        let last = 0;
        while ((m = REQUEST_LINE.exec(head))) {
          ref.self?.requests.push({ at: Date.now(), method: m[1], path: m[2] });
          ref.self?.open.set(client, m[2]);
          last = REQUEST_LINE.lastIndex;
        }
        head = head.slice(last);
        upstream.write(d);
      });
      upstream.on('data', (d: Buffer) => client.write(d));
      const close = () => {
        ref.self?.open.delete(client);
        client.destroy();
        upstream.destroy();
      };
      client.on('close', close);
      upstream.on('close', close);
      client.on('error', close);
      upstream.on('error', close);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => resolve());
    });
    ref.self = new CountingProxy(server, socketPath);
    return ref.self;
  }

  get url(): string {
    return `unix://${this.socketPath}`;
  }

  /** Requests whose path matches, since `sinceMs`. */
  count(pattern: RegExp, sinceMs = 0): number {
    return this.requests.filter((r) => r.at >= sinceMs && pattern.test(r.path)).length;
  }

  /** Connections still open whose last request matches (a stats stream being read). */
  openStreams(pattern: RegExp): number {
    return [...this.open.values()].filter((p) => pattern.test(p)).length;
  }

  async close(): Promise<void> {
    for (const s of this.open.keys()) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    fs.rmSync(path.dirname(this.socketPath), { recursive: true, force: true });
  }
}

/** Stats requests: the stats stream of a container. */
export const STATS = /\/containers\/[^/]+\/stats/;
/** Anything a dashboard asks of the engine: stats, exec (INFO through the relay), inspect, logs. */
export const DASHBOARD_TRAFFIC = /\/containers\/[^/]+\/(stats|exec|json|logs)|\/exec\//;
