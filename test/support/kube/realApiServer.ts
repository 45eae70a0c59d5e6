// A real Kubernetes API server (kube-apiserver and etcd, built from the Go module proxy by
// scripts/install-kubernetes.sh) on loopback, for the suites that need the real API's wire behaviour: lists, watches,
// label selectors, resource versions, status updates, a server that goes away and comes back. It has no kubelet (see
// docs/testing.md): Pods stay Pending unless a test writes their status, as a kubelet would.
import { spawn, type ChildProcess } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freeLoopbackPort } from '../../../src/service/runtime/readiness';
import { stopProcess, waitFor } from '../docker';
import { writeKubeconfig } from './kubeconfig';

export const KUBERNETES_VERSION = '1.37.2';

export function kubernetesBinaries(): string {
  const tools = process.env.FAKECLOUD_TOOLS_DIR || path.join(os.homedir(), '.cache', 'fakecloud-explorer');
  return path.join(tools, `kubernetes-${KUBERNETES_VERSION}`, 'bin');
}

/** Call in a before(): skips without the binaries, except under CI=true, where it fails. */
export function requireRealApiServer(ctx: Mocha.Context): void {
  const bin = kubernetesBinaries();
  const missing = ['kube-apiserver', 'etcd'].filter((b) => !fs.existsSync(path.join(bin, b)));
  if (!missing.length) return;
  const why = `no ${missing.join(' or ')} in ${bin}; run scripts/setup-machine.sh (it builds Kubernetes ${KUBERNETES_VERSION})`;
  if (process.env.CI === 'true') throw new Error(why);
  console.warn(`      skipped: ${why}`);
  ctx.skip();
}

export class RealApiServer {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-kube-real-'));
  private etcd: ChildProcess | undefined;
  private apiserver: ChildProcess | undefined;
  private readonly token = crypto.randomBytes(16).toString('hex');
  port = 0;
  private etcdPort = 0;

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  private log(name: string): number {
    return fs.openSync(path.join(this.dir, `${name}.log`), 'a');
  }

  logTail(name: 'etcd' | 'kube-apiserver', lines = 20): string {
    try {
      return fs
        .readFileSync(path.join(this.dir, `${name}.log`), 'utf8')
        .trim()
        .split('\n')
        .slice(-lines)
        .join('\n');
    } catch {
      return '(no log)';
    }
  }

  async start(): Promise<void> {
    const bin = kubernetesBinaries();
    if (!this.etcdPort) {
      this.etcdPort = await freeLoopbackPort();
      const peer = await freeLoopbackPort();
      const out = this.log('etcd');
      this.etcd = spawn(
        path.join(bin, 'etcd'),
        [
          '--data-dir',
          path.join(this.dir, 'etcd'),
          '--listen-client-urls',
          `http://127.0.0.1:${this.etcdPort}`,
          '--advertise-client-urls',
          `http://127.0.0.1:${this.etcdPort}`,
          '--listen-peer-urls',
          `http://127.0.0.1:${peer}`,
          '--initial-advertise-peer-urls',
          `http://127.0.0.1:${peer}`,
          '--initial-cluster',
          `default=http://127.0.0.1:${peer}`,
        ],
        { stdio: ['ignore', out, out] },
      );
      fs.closeSync(out);
      const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
      fs.writeFileSync(path.join(this.dir, 'sa.key'), privateKey.export({ type: 'pkcs1', format: 'pem' }));
      fs.writeFileSync(path.join(this.dir, 'sa.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
      fs.writeFileSync(path.join(this.dir, 'tokens.csv'), `${this.token},admin,admin,"system:masters"\n`);
    }
    this.port = this.port || (await freeLoopbackPort());
    const out = this.log('kube-apiserver');
    this.apiserver = spawn(
      path.join(bin, 'kube-apiserver'),
      [
        '--etcd-servers',
        `http://127.0.0.1:${this.etcdPort}`,
        '--bind-address',
        '127.0.0.1',
        '--secure-port',
        String(this.port),
        '--cert-dir',
        path.join(this.dir, 'certs'),
        '--token-auth-file',
        path.join(this.dir, 'tokens.csv'),
        '--authorization-mode',
        'AlwaysAllow',
        '--service-account-issuer',
        'https://kubernetes.default.svc',
        '--service-account-key-file',
        path.join(this.dir, 'sa.pub'),
        '--service-account-signing-key-file',
        path.join(this.dir, 'sa.key'),
        '--service-cluster-ip-range',
        '10.96.0.0/24',
        // Loopback is not a routable address, which the endpoint reconciler insists on; nothing here needs it.
        '--advertise-address',
        '127.0.0.1',
        '--endpoint-reconciler-type',
        'none',
      ],
      { stdio: ['ignore', out, out] },
    );
    fs.closeSync(out);
    try {
      await waitFor(
        'the API server to be ready',
        async () => {
          if (this.apiserver?.exitCode !== null) throw new Error(`kube-apiserver exited (${String(this.apiserver?.exitCode)})`);
          const res = await this.get('/readyz');
          return res.ok || undefined;
        },
        90_000,
        250,
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}\nkube-apiserver:\n${this.logTail('kube-apiserver')}\netcd:\n${this.logTail('etcd')}`, {
        cause: err,
      });
    }
  }

  /** An authenticated request from the test, as kubectl makes it (the server's certificate is its own, self-signed). */
  async get(p: string, init: { method?: string; body?: unknown; contentType?: string } = {}): Promise<Response> {
    const { request } = await import('node:https');
    return new Promise((resolve, reject) => {
      const body = init.body === undefined ? undefined : JSON.stringify(init.body);
      const req = request(
        `${this.url}${p}`,
        {
          method: init.method ?? 'GET',
          rejectUnauthorized: false,
          headers: {
            authorization: `Bearer ${this.token}`,
            ...(body ? { 'content-type': init.contentType ?? 'application/json' } : {}),
          },
          timeout: 5_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 500 })));
        },
      );
      req.on('error', reject);
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.end(body);
    });
  }

  writeKubeconfig(namespace: string, context = 'real'): string {
    return writeKubeconfig(path.join(this.dir, 'kubeconfig'), {
      server: this.url,
      token: this.token,
      namespace,
      context,
      ca: path.join(this.dir, 'certs', 'apiserver.crt'),
    });
  }

  /** The API server goes away (SIGKILL, as a crash); etcd keeps the state for `start` again on the same port. */
  async killApiServer(): Promise<void> {
    const p = this.apiserver;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise<void>((r) => p.once('exit', () => r()));
    p.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    await stopProcess(this.apiserver, 10_000);
    await stopProcess(this.etcd, 10_000);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
