// A stand-in for a fakecloud server on 127.0.0.1: its health route, as the server answers it (camelCase JSON, with
// fields a newer server adds that a client must tolerate), and with `aws` its AWS APIs and introspection routes
// (fakecloudAws.ts). It counts what it is asked, and can go away and come back on the same port, as a restarted
// server does.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakecloudAws } from './fakecloudAws';

export class FakecloudStandIn {
  private server: http.Server | undefined;

  /** 0: a free port, kept across a stop and start. */
  constructor(
    private port = 0,
    readonly aws?: FakecloudAws,
  ) {}
  /** Holds every answer this long (a slow server). */
  delayMs = 0;
  /** Every request, as "METHOD /path". */
  readonly requests: string[] = [];
  version = '0.9.3';
  services = ['elasticache', 'ec2', 'lambda', 'rds', 's3', 'sqs'];

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = http.createServer((req, res) => {
      this.requests.push(`${req.method ?? ''} ${req.url ?? ''}`);
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        void (async () => {
          if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
          if (req.method === 'GET' && req.url === '/_fakecloud/health') {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ status: 'ok', version: this.version, services: this.services, uptimeSecs: 12, backend: 'docker' }));
            return;
          }
          if (this.aws && (await this.aws.handle(req, Buffer.concat(chunks), res))) return;
          res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not found"}');
        })().catch((err: Error) => {
          if (!res.headersSent) res.writeHead(500).end(err.message);
        });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  healthChecks(): number {
    return this.requests.filter((r) => r === 'GET /_fakecloud/health').length;
  }
}
