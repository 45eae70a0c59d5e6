// The AWS half of the fakecloud stand-in: ElastiCache and EC2 over the query protocol (form POST, XML answers), RDS
// likewise, Lambda over REST-JSON, and the server's introspection routes — the wire shapes the real AWS SDK clients
// read. Its resources are real containers on the test's Docker engine, labelled as a fakecloud server labels them
// (no name, `fakecloud-instance=fakecloud-<pid>`, the service's label, account and incarnation), made the way the
// server makes them: created, code copied in, then started. With `containers: false` it keeps state only (for
// benchmarks with hundreds of resources).
import type * as http from 'node:http';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import { docker as defaultDocker, IMAGES, RUN, TEST_LABEL } from './docker';

const execFileP = promisify(execFile);

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

export interface Cluster {
  id: string;
  engine: 'redis' | 'valkey' | 'memcached';
  engineVersion: string;
  nodeType: string;
  status: string;
  replicationGroupId?: string;
  port?: number;
  containerId?: string;
  incarnation: string;
  created: string;
}

/**
 * As fakecloud 0.51 makes one: a single container (labelled with the group's id) behind the group; its member
 * clusters are named in the group but not described by DescribeCacheClusters.
 */
export interface ReplicationGroup {
  id: string;
  description: string;
  status: string;
  members: string[];
  containerId?: string;
  port?: number;
}

export interface LambdaFunction {
  name: string;
  runtime: string;
  handler: string;
  codeSize: number;
  codeDir?: string;
  lastModified: string;
  memorySize: number;
  timeout: number;
  warm: WarmContainer[];
}

export interface WarmContainer {
  containerId: string;
  port: number;
  lastUsed: number;
  /** Serving an invocation: another one at the same time gets a container of its own, as Lambda's pool does. */
  busy?: boolean;
}

export interface Instance {
  id: string;
  imageId: string;
  type: string;
  state: string;
  tags: Record<string, string>;
  userData?: string;
  containerId?: string;
  sidecarId?: string;
  launchTime: string;
}

export interface DbInstance {
  id: string;
  engine: string;
  engineVersion: string;
  instanceClass: string;
  status: string;
  port: number;
}

export interface Invocation {
  functionArn: string;
  payload: string;
  source: string;
  timestamp: string;
}

export interface AwsOptions {
  /** Real containers for its resources (default), or state only. */
  containers?: boolean;
  /** Adds fields and elements no client knows to every answer: a client must ignore them. */
  unknownFields?: boolean;
  /** The server's pid in its owner label: the test process, which is alive. */
  pid?: number;
  docker?: Docker;
  /** Answers per page of a list. */
  pageSize?: number;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const x = (tag: string, v: string | number | boolean | undefined): string => (v === undefined ? '' : `<${tag}>${esc(String(v))}</${tag}>`);
/** An element around already-written parts. */
const el = (tag: string, ...parts: string[]): string => `<${tag}>${parts.join('')}</${tag}>`;
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

class AwsFault extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** The signing service from `Authorization: AWS4-HMAC-SHA256 Credential=key/date/region/<service>/aws4_request`. */
export function signingService(auth: string | undefined): string | undefined {
  return /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(auth ?? '')?.[1];
}

export class FakecloudAws {
  readonly clusters = new Map<string, Cluster>();
  readonly groups = new Map<string, ReplicationGroup>();
  readonly serverless = new Map<string, { name: string; status: string; engine: string }>();
  readonly functions = new Map<string, LambdaFunction>();
  readonly instances = new Map<string, Instance>();
  readonly dbs = new Map<string, DbInstance>();
  /** The server's invocation log: what its event sources delivered (`logDelivery`); a direct Invoke is not in it. */
  readonly invocations: Invocation[] = [];
  /** Every AWS action it was asked, as "elasticache:DescribeCacheClusters". */
  readonly actions: string[] = [];
  /** Makes the next call of an action fail with this AWS error. */
  readonly failNext = new Map<string, { code: string; message: string; status?: number }>();
  /** How long a cluster's container sits created, before the server starts it. */
  makingMs = 300;
  private seq = 0;
  private readonly docker: Docker;
  readonly pid: number;
  private readonly containers: boolean;
  private readonly unknown: boolean;
  private readonly pageSize: number;
  private readonly scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-standin-'));

  constructor(opts: AwsOptions = {}) {
    this.docker = opts.docker ?? defaultDocker;
    this.pid = opts.pid ?? process.pid;
    this.containers = opts.containers ?? true;
    this.unknown = opts.unknownFields ?? false;
    this.pageSize = opts.pageSize ?? 50;
  }

  arn(service: string, what: string): string {
    return `arn:aws:${service}:${REGION}:${ACCOUNT}:${what}`;
  }

  private labels(extra: Record<string, string>): Record<string, string> {
    return { 'fakecloud-instance': `fakecloud-${this.pid}`, [TEST_LABEL]: RUN, ...extra };
  }

  // ---- resources, made as the server makes them ----

  async createCluster(id: string, engine: Cluster['engine'] = 'redis', replicationGroupId?: string): Promise<Cluster> {
    if (this.clusters.has(id)) throw new AwsFault('CacheClusterAlreadyExists', `Cache cluster ${id} already exists.`);
    const c: Cluster = {
      id,
      engine,
      engineVersion: engine === 'memcached' ? '1.6.22' : engine === 'valkey' ? '8.0' : '7.1',
      nodeType: 'cache.t3.micro',
      status: 'creating',
      incarnation: `${Date.now().toString(36)}${this.seq++}`,
      created: new Date().toISOString(),
      ...(replicationGroupId ? { replicationGroupId } : {}),
    };
    this.clusters.set(id, c);
    if (!this.containers) {
      c.status = 'available';
      c.port = 6379;
      return c;
    }
    const port = await freePort();
    const memcached = engine === 'memcached';
    const container = await this.docker.createContainer({
      Image: memcached ? IMAGES.memcached : IMAGES.redis,
      Cmd: memcached ? ['memcached', '-p', String(port), '-l', '127.0.0.1'] : ['redis-server', '--port', String(port), '--dir', '/data'],
      Labels: this.labels({
        'fakecloud-elasticache': id,
        'fakecloud-account': ACCOUNT,
        'fakecloud-elasticache-resource': c.incarnation,
      }),
      HostConfig: { NetworkMode: 'host' },
    });
    c.containerId = container.id;
    c.port = port;
    // Created, then started a moment later: the tree sees "created" in between, which is not drift.
    setTimeout(() => {
      void container
        .start()
        .then(() => {
          if (this.clusters.get(id) === c) c.status = 'available';
        })
        .catch(() => {
          c.status = 'create-failed';
        });
    }, this.makingMs);
    return c;
  }

  async createReplicationGroup(id: string, members: number): Promise<ReplicationGroup> {
    const g: ReplicationGroup = {
      id,
      description: `${id} group`,
      status: 'creating',
      members: Array.from({ length: members }, (_, i) => `${id}-00${i + 1}`),
    };
    this.groups.set(id, g);
    if (this.containers) {
      const port = await freePort();
      const container = await this.docker.createContainer({
        Image: IMAGES.redis,
        Cmd: ['redis-server', '--port', String(port), '--dir', '/data'],
        Labels: this.labels({
          'fakecloud-elasticache': id,
          'fakecloud-account': ACCOUNT,
          'fakecloud-elasticache-resource': `${Date.now().toString(36)}${this.seq++}`,
        }),
        HostConfig: { NetworkMode: 'host' },
      });
      await container.start();
      g.containerId = container.id;
      g.port = port;
    }
    g.status = 'available';
    return g;
  }

  private async removeContainer(id: string | undefined): Promise<void> {
    if (!id || !this.containers) return;
    await this.docker
      .getContainer(id)
      .remove({ force: true, v: true })
      .catch(() => undefined);
  }

  async deleteCluster(id: string): Promise<Cluster> {
    const c = this.clusters.get(id);
    if (!c) throw new AwsFault('CacheClusterNotFound', `CacheCluster ${id} not found.`, 404);
    c.status = 'deleting';
    this.clusters.delete(id);
    await this.removeContainer(c.containerId);
    return c;
  }

  async rebootCluster(id: string): Promise<Cluster> {
    const c = this.clusters.get(id);
    if (!c) throw new AwsFault('CacheClusterNotFound', `CacheCluster ${id} not found.`, 404);
    c.status = 'rebooting cache cluster nodes';
    if (c.containerId && this.containers)
      void this.docker
        .getContainer(c.containerId)
        .restart({ t: 1 })
        .finally(() => {
          c.status = 'available';
        });
    else c.status = 'available';
    return c;
  }

  async createFunction(name: string, runtime: string, handler: string, zip: Buffer): Promise<LambdaFunction> {
    if (this.functions.has(name)) throw new AwsFault('ResourceConflictException', `Function already exist: ${name}`, 409);
    const codeDir = path.join(this.scratch, `${name}-${this.seq++}`);
    fs.mkdirSync(codeDir, { recursive: true });
    const zipPath = `${codeDir}.zip`;
    fs.writeFileSync(zipPath, zip);
    try {
      await execFileP('unzip', ['-q', '-o', zipPath, '-d', codeDir], { timeout: 30_000 });
    } catch (err) {
      throw new AwsFault('InvalidParameterValueException', `Could not unzip uploaded file: ${(err as Error).message}`);
    }
    const f: LambdaFunction = {
      name,
      runtime,
      handler,
      codeSize: zip.length,
      codeDir,
      lastModified: new Date().toISOString().replace('Z', '+0000'),
      memorySize: 128,
      timeout: 3,
      warm: [],
    };
    this.functions.set(name, f);
    return f;
  }

  /** A function listed with no code behind it (benchmarks). */
  addFunction(name: string): LambdaFunction {
    const f: LambdaFunction = {
      name,
      runtime: 'nodejs20.x',
      handler: 'index.handler',
      codeSize: 312,
      lastModified: new Date().toISOString().replace('Z', '+0000'),
      memorySize: 128,
      timeout: 3,
      warm: [],
    };
    this.functions.set(name, f);
    return f;
  }

  /** A warm container as the server starts one: created, the code copied into /var/task, then started. */
  private async warmUp(f: LambdaFunction): Promise<WarmContainer> {
    const port = await freePort();
    const c = await this.docker.createContainer({
      Image: IMAGES.lambdaNode,
      Cmd: ['--runtime-interface-emulator-address', `127.0.0.1:${port}`, f.handler],
      Labels: this.labels({ 'fakecloud-lambda': f.name }),
      HostConfig: { NetworkMode: 'host' },
    });
    if (f.codeDir) {
      const { stdout } = await execFileP('tar', ['-C', f.codeDir, '-c', '.'], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });
      await c.putArchive(stdout, { path: '/var/task' });
    }
    await c.start();
    const w: WarmContainer = { containerId: c.id, port, lastUsed: Date.now(), busy: true };
    f.warm.push(w);
    // Until its invoke API answers.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const ok = await new Promise<boolean>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => {
          s.destroy();
          resolve(true);
        });
        s.on('error', () => resolve(false));
      });
      if (ok) break;
      if (Date.now() > deadline) throw new AwsFault('ServiceException', `the function's container did not start`, 500);
      await new Promise((r) => setTimeout(r, 50));
    }
    return w;
  }

  /** An event source's delivery to a function (SQS, SNS, EventBridge…), logged as the server logs one. */
  logDelivery(name: string, payload: string, source: string): void {
    this.invocations.push({ functionArn: this.arn('lambda', `function:${name}`), payload, source, timestamp: new Date().toISOString() });
  }

  async invoke(name: string, payload: string): Promise<{ body: string; error?: string; log: string }> {
    const f = this.functions.get(name);
    if (!f) throw new AwsFault('ResourceNotFoundException', `Function not found: ${this.arn('lambda', `function:${name}`)}`, 404);
    // As fakecloud 0.51: a direct Invoke is not in the invocation log (only what its event sources deliver is).
    if (!this.containers) return { body: 'null', log: '' };
    // An idle warm container, else a new one (the server keeps up to 10 per function).
    const idle = f.warm.find((c) => !c.busy);
    if (idle) idle.busy = true;
    const w = idle ?? (await this.warmUp(f));
    w.lastUsed = Date.now();
    const since = Math.floor(Date.now() / 1000) - 1;
    let body: string;
    try {
      const res = await fetch(`http://127.0.0.1:${w.port}/2015-03-31/functions/function/invocations`, {
        method: 'POST',
        body: payload,
        signal: AbortSignal.timeout(30_000),
      });
      body = await res.text();
    } finally {
      w.busy = false;
    }
    // The runtime's lines reach the engine's log a moment after the response: read until this invocation's REPORT is
    // there (after its START), as Lambda's log tail ends with it.
    let text: string;
    for (const deadline = Date.now() + 5_000; ;) {
      const logs = await this.docker.getContainer(w.containerId).logs({ stdout: true, stderr: true, since, follow: false });
      text = demux(logs);
      const lastStart = text.lastIndexOf('START RequestId');
      if ((lastStart >= 0 && text.indexOf('REPORT RequestId', lastStart) > 0) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const error = /"errorType"/.test(body) ? 'Unhandled' : undefined;
    return { body, ...(error ? { error } : {}), log: text.slice(-4096) };
  }

  async evict(name: string): Promise<boolean> {
    const f = this.functions.get(name);
    if (!f || f.warm.length === 0) return false;
    const gone = f.warm.splice(0);
    await Promise.all(gone.map((w) => this.removeContainer(w.containerId)));
    return true;
  }

  async deleteFunction(name: string): Promise<void> {
    const f = this.functions.get(name);
    if (!f) throw new AwsFault('ResourceNotFoundException', `Function not found: ${this.arn('lambda', `function:${name}`)}`, 404);
    this.functions.delete(name);
    await Promise.all(f.warm.map((w) => this.removeContainer(w.containerId)));
  }

  async runInstance(imageId: string, type: string, userData: string | undefined, tags: Record<string, string>): Promise<Instance> {
    const id = `i-${(0x10000000 + this.seq++).toString(16)}${Math.random().toString(16).slice(2, 9)}`;
    const i: Instance = {
      id,
      imageId,
      type,
      state: 'pending',
      tags,
      launchTime: new Date().toISOString(),
      ...(userData ? { userData } : {}),
    };
    this.instances.set(id, i);
    if (!this.containers) {
      i.state = 'running';
      return i;
    }
    const script = userData ? `(${userData}) >/tmp/user-data.log 2>&1 & ` : '';
    const c = await this.docker.createContainer({
      Image: IMAGES.instance,
      Cmd: ['sh', '-c', `${script}exec tail -f /dev/null`],
      Labels: this.labels({ 'fakecloud-ec2': id }),
      HostConfig: { NetworkMode: 'host' },
    });
    i.containerId = c.id;
    await c.start();
    await this.startSidecar(i);
    i.state = 'running';
    return i;
  }

  private async startSidecar(i: Instance): Promise<void> {
    const s = await this.docker.createContainer({
      Image: IMAGES.busybox,
      name: `fakecloud-ec2-imds-${i.id}-${RUN}`,
      Cmd: ['tail', '-f', '/dev/null'],
      Labels: this.labels({ 'fakecloud-ec2-imds': i.id }),
      HostConfig: { NetworkMode: 'host' },
    });
    await s.start();
    i.sidecarId = s.id;
  }

  private instance(id: string): Instance {
    const i = this.instances.get(id);
    if (!i) throw new AwsFault('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);
    return i;
  }

  async stopInstance(id: string): Promise<void> {
    const i = this.instance(id);
    i.state = 'stopped';
    if (!this.containers || !i.containerId) return;
    // As the server does: the instance's container stops, its metadata sidecar is removed.
    await this.docker
      .getContainer(i.containerId)
      .stop({ t: 1 })
      .catch(() => undefined);
    await this.removeContainer(i.sidecarId);
    i.sidecarId = undefined;
  }

  async startInstance(id: string): Promise<void> {
    const i = this.instance(id);
    if (this.containers && i.containerId) {
      await this.docker
        .getContainer(i.containerId)
        .start()
        .catch(() => undefined);
      if (!i.sidecarId) await this.startSidecar(i);
    }
    i.state = 'running';
  }

  async rebootInstance(id: string): Promise<void> {
    const i = this.instance(id);
    if (this.containers && i.containerId) await this.docker.getContainer(i.containerId).restart({ t: 1 });
  }

  async terminateInstance(id: string): Promise<void> {
    const i = this.instance(id);
    i.state = 'terminated';
    await this.removeContainer(i.containerId);
    await this.removeContainer(i.sidecarId);
    i.containerId = undefined;
    i.sidecarId = undefined;
  }

  async reset(service?: string): Promise<void> {
    if (!service || service === 'elasticache') {
      for (const id of [...this.clusters.keys()]) await this.deleteCluster(id);
      for (const g of this.groups.values()) await this.removeContainer(g.containerId);
      this.groups.clear();
      this.serverless.clear();
    }
    if (!service || service === 'lambda') {
      for (const name of [...this.functions.keys()]) await this.deleteFunction(name);
      this.invocations.length = 0;
    }
    if (!service || service === 'ec2') {
      for (const i of this.instances.values()) if (i.state !== 'terminated') await this.terminateInstance(i.id);
      this.instances.clear();
    }
    if (!service || service === 'rds') this.dbs.clear();
  }

  async close(): Promise<void> {
    await this.reset();
    fs.rmSync(this.scratch, { recursive: true, force: true });
  }

  // ---- the wire ----

  /** Handles a request if it is an AWS or introspection one; false when it is not its to answer. */
  async handle(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://x');
    try {
      if (url.pathname.startsWith('/2015-03-31/functions')) {
        await this.lambda(req, url, body, res);
        return true;
      }
      if (url.pathname.startsWith('/_fakecloud/') || url.pathname === '/_reset') return await this.introspection(req, url, res);
      if (req.method === 'POST' && url.pathname === '/') {
        const params = new URLSearchParams(body.toString('utf8'));
        const service = signingService(req.headers.authorization);
        const action = params.get('Action') ?? '';
        await this.query(service ?? '', action, params, res);
        return true;
      }
    } catch (err) {
      if (!res.headersSent) this.fault(res, req, err);
      return true;
    }
    return false;
  }

  private fault(res: http.ServerResponse, req: http.IncomingMessage, err: unknown): void {
    const f = err instanceof AwsFault ? err : new AwsFault('InternalFailure', (err as Error).message, 500);
    if ((req.url ?? '').startsWith('/2015-03-31/')) {
      res.writeHead(f.status, { 'content-type': 'application/json', 'x-amzn-errortype': f.code });
      res.end(JSON.stringify({ Type: 'User', Message: f.message, message: f.message }));
      return;
    }
    const service = signingService(req.headers.authorization);
    res.writeHead(f.status, { 'content-type': 'text/xml' });
    if (service === 'ec2')
      res.end(
        `<?xml version="1.0"?><Response><Errors><Error>${x('Code', f.code)}${x('Message', f.message)}</Error></Errors><RequestID>r-1</RequestID></Response>`,
      );
    else
      res.end(
        `<ErrorResponse><Error><Type>Sender</Type>${x('Code', f.code)}${x('Message', f.message)}</Error><RequestId>r-1</RequestId></ErrorResponse>`,
      );
  }

  private checkFail(name: string): void {
    this.actions.push(name);
    const f = this.failNext.get(name);
    if (f) {
      this.failNext.delete(name);
      throw new AwsFault(f.code, f.message, f.status ?? 400);
    }
  }

  private odd(): string {
    return this.unknown ? '<FieldFromTheFuture><Nested>1</Nested></FieldFromTheFuture>' : '';
  }

  private page<T>(list: T[], marker: string | null): { items: T[]; next?: string } {
    const start = marker ? Number(marker) : 0;
    const items = list.slice(start, start + this.pageSize);
    const next = start + this.pageSize < list.length ? String(start + this.pageSize) : undefined;
    return { items, ...(next ? { next } : {}) };
  }

  private xml(res: http.ServerResponse, action: string, ns: string, inner: string, wrapResult = true): void {
    res.writeHead(200, { 'content-type': 'text/xml' });
    const body = wrapResult ? `<${action}Result>${inner}${this.odd()}</${action}Result>` : inner;
    res.end(`${XML_HEAD}<${action}Response xmlns="${ns}">${body}${el('ResponseMetadata', x('RequestId', 'r-1'))}</${action}Response>`);
  }

  private clusterXml(c: Cluster, nodes: boolean): string {
    const node = nodes
      ? el(
          'CacheNodes',
          el(
            'CacheNode',
            x('CacheNodeId', '0001'),
            x('CacheNodeStatus', c.status),
            el('Endpoint', x('Address', '127.0.0.1'), x('Port', c.port)),
            this.odd(),
          ),
        )
      : '';
    return el(
      'CacheCluster',
      x('CacheClusterId', c.id),
      x('CacheNodeType', c.nodeType),
      x('Engine', c.engine),
      x('EngineVersion', c.engineVersion),
      x('CacheClusterStatus', c.status),
      x('NumCacheNodes', 1),
      x('CacheClusterCreateTime', c.created),
      node,
      x('ReplicationGroupId', c.replicationGroupId),
      x('ARN', this.arn('elasticache', `cluster:${c.id}`)),
      this.odd(),
    );
  }

  private async query(service: string, action: string, p: URLSearchParams, res: http.ServerResponse): Promise<void> {
    this.checkFail(`${service}:${action}`);
    const EC = 'http://elasticache.amazonaws.com/doc/2015-02-02/';
    const EC2 = 'http://ec2.amazonaws.com/doc/2016-11-15/';
    const RDS = 'http://rds.amazonaws.com/doc/2014-10-31/';
    switch (`${service}:${action}`) {
      case 'elasticache:DescribeCacheClusters': {
        const id = p.get('CacheClusterId');
        const all = [...this.clusters.values()].filter((c) => !id || c.id === id);
        if (id && all.length === 0) throw new AwsFault('CacheClusterNotFound', `CacheCluster ${id} not found.`, 404);
        const pg = this.page(all, p.get('Marker'));
        const nodes = p.get('ShowCacheNodeInfo') === 'true';
        return this.xml(
          res,
          action,
          EC,
          `<CacheClusters>${pg.items.map((c) => this.clusterXml(c, nodes)).join('')}</CacheClusters>${x('Marker', pg.next)}`,
        );
      }
      case 'elasticache:DescribeReplicationGroups': {
        const pg = this.page([...this.groups.values()], p.get('Marker'));
        const groups = pg.items
          .map((g) =>
            el(
              'ReplicationGroup',
              x('ReplicationGroupId', g.id),
              x('Description', g.description),
              x('Status', g.status),
              el('MemberClusters', ...g.members.map((m) => x('ClusterId', m))),
              g.port
                ? el(
                    'NodeGroups',
                    el(
                      'NodeGroup',
                      x('NodeGroupId', '0001'),
                      x('Status', g.status),
                      el('PrimaryEndpoint', x('Address', '127.0.0.1'), x('Port', String(g.port))),
                    ),
                  )
                : '',
              x('CacheNodeType', 'cache.t3.micro'),
              x('ARN', this.arn('elasticache', `replicationgroup:${g.id}`)),
              this.odd(),
            ),
          )
          .join('');
        return this.xml(res, action, EC, `<ReplicationGroups>${groups}</ReplicationGroups>${x('Marker', pg.next)}`);
      }
      case 'elasticache:DescribeServerlessCaches': {
        const items = [...this.serverless.values()]
          .map((s) =>
            el(
              'member',
              x('ServerlessCacheName', s.name),
              x('Status', s.status),
              x('Engine', s.engine),
              x('ARN', this.arn('elasticache', `serverlesscache:${s.name}`)),
            ),
          )
          .join('');
        return this.xml(res, action, EC, `<ServerlessCaches>${items}</ServerlessCaches>`);
      }
      case 'elasticache:CreateCacheCluster': {
        const id = p.get('CacheClusterId') ?? '';
        const engine = (p.get('Engine') ?? 'redis') as Cluster['engine'];
        if (!/^[a-z][a-z0-9-]{0,39}$/.test(id)) throw new AwsFault('InvalidParameterValue', `Invalid cache cluster id: ${id}`);
        if (!['redis', 'valkey', 'memcached'].includes(engine)) throw new AwsFault('InvalidParameterValue', `Invalid engine: ${engine}`);
        const c = await this.createCluster(id, engine);
        return this.xml(res, action, EC, this.clusterXml(c, false));
      }
      case 'elasticache:RebootCacheCluster': {
        const c = await this.rebootCluster(p.get('CacheClusterId') ?? '');
        return this.xml(res, action, EC, this.clusterXml(c, false));
      }
      case 'elasticache:DeleteCacheCluster': {
        const id = p.get('CacheClusterId') ?? '';
        const c = this.clusters.get(id);
        if (c?.replicationGroupId)
          throw new AwsFault('InvalidCacheClusterState', `Cache cluster ${id} is a member of a replication group; delete the group.`);
        const gone = await this.deleteCluster(id);
        return this.xml(res, action, EC, this.clusterXml(gone, false));
      }
      case 'elasticache:DeleteReplicationGroup': {
        const id = p.get('ReplicationGroupId') ?? '';
        const g = this.groups.get(id);
        if (!g) throw new AwsFault('ReplicationGroupNotFoundFault', `ReplicationGroup ${id} not found.`, 404);
        this.groups.delete(id);
        await this.removeContainer(g.containerId);
        return this.xml(res, action, EC, `<ReplicationGroup>${x('ReplicationGroupId', id)}${x('Status', 'deleting')}</ReplicationGroup>`);
      }
      case 'ec2:DescribeInstances': {
        const pg = this.page([...this.instances.values()], p.get('NextToken'));
        const items = pg.items.map(
          (i) =>
            `<item>${x('reservationId', `r-${i.id.slice(2)}`)}${x('ownerId', ACCOUNT)}<instancesSet>${this.instanceXml(i)}</instancesSet></item>`,
        );
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(
          `${XML_HEAD}<DescribeInstancesResponse xmlns="${EC2}">` +
            `${x('requestId', 'r-1')}${el('reservationSet', ...items)}${x('nextToken', pg.next)}${this.odd()}</DescribeInstancesResponse>`,
        );
        return;
      }
      case 'ec2:RunInstances': {
        const imageId = p.get('ImageId') ?? '';
        if (!imageId) throw new AwsFault('MissingParameter', 'The request must contain the parameter ImageId');
        const tags: Record<string, string> = {};
        for (let n = 1; p.get(`TagSpecification.1.Tag.${n}.Key`); n++)
          tags[p.get(`TagSpecification.1.Tag.${n}.Key`)!] = p.get(`TagSpecification.1.Tag.${n}.Value`) ?? '';
        const ud = p.get('UserData');
        const i = await this.runInstance(
          imageId,
          p.get('InstanceType') ?? 't3.micro',
          ud ? Buffer.from(ud, 'base64').toString('utf8') : undefined,
          tags,
        );
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(
          `${XML_HEAD}<RunInstancesResponse xmlns="${EC2}">` +
            `${x('requestId', 'r-1')}${x('reservationId', 'r-1')}${x('ownerId', ACCOUNT)}${el('instancesSet', this.instanceXml(i))}</RunInstancesResponse>`,
        );
        return;
      }
      case 'ec2:StopInstances':
      case 'ec2:StartInstances':
      case 'ec2:RebootInstances':
      case 'ec2:TerminateInstances': {
        const id = p.get('InstanceId.1') ?? '';
        if (action === 'StopInstances') await this.stopInstance(id);
        else if (action === 'StartInstances') await this.startInstance(id);
        else if (action === 'RebootInstances') await this.rebootInstance(id);
        else await this.terminateInstance(id);
        res.writeHead(200, { 'content-type': 'text/xml' });
        const i = this.instances.get(id);
        const inner =
          action === 'RebootInstances'
            ? '<return>true</return>'
            : `<instancesSet><item>${x('instanceId', id)}<currentState>${x('name', i?.state)}</currentState></item></instancesSet>`;
        res.end(`<?xml version="1.0"?><${action}Response xmlns="${EC2}"><requestId>r-1</requestId>${inner}</${action}Response>`);
        return;
      }
      case 'rds:DescribeDBInstances': {
        const items = [...this.dbs.values()]
          .map((d) =>
            el(
              'DBInstance',
              x('DBInstanceIdentifier', d.id),
              x('DBInstanceClass', d.instanceClass),
              x('Engine', d.engine),
              x('EngineVersion', d.engineVersion),
              x('DBInstanceStatus', d.status),
              el('Endpoint', x('Address', '127.0.0.1'), x('Port', d.port)),
              x('DBInstanceArn', this.arn('rds', `db:${d.id}`)),
              this.odd(),
            ),
          )
          .join('');
        return this.xml(res, action, RDS, `<DBInstances>${items}</DBInstances>`);
      }
      default:
        throw new AwsFault('InvalidAction', `The action ${action} is not valid for this web service (${service}).`);
    }
  }

  private instanceXml(i: Instance): string {
    const code = { pending: 0, running: 16, 'shutting-down': 32, terminated: 48, stopping: 64, stopped: 80 }[i.state] ?? 0;
    const tags = Object.entries(i.tags)
      .map(([k, v]) => `<item>${x('key', k)}${x('value', v)}</item>`)
      .join('');
    return el(
      'item',
      x('instanceId', i.id),
      x('imageId', i.imageId),
      el('instanceState', x('code', code), x('name', i.state)),
      x('instanceType', i.type),
      x('launchTime', i.launchTime),
      x('privateIpAddress', '10.0.0.12'),
      el('tagSet', tags),
      this.odd(),
    );
  }

  private json(res: http.ServerResponse, status: number, v: unknown, headers: Record<string, string> = {}): void {
    const body = this.unknown && v && typeof v === 'object' ? { ...v, fieldFromTheFuture: { nested: [1] } } : v;
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  private functionJson(f: LambdaFunction): Record<string, unknown> {
    return {
      FunctionName: f.name,
      FunctionArn: this.arn('lambda', `function:${f.name}`),
      Runtime: f.runtime,
      Handler: f.handler,
      CodeSize: f.codeSize,
      LastModified: f.lastModified,
      MemorySize: f.memorySize,
      Timeout: f.timeout,
      PackageType: 'Zip',
      State: 'Active',
      Role: `arn:aws:iam::${ACCOUNT}:role/lambda-role`,
      ...(this.unknown ? { SomethingNew: 'x' } : {}),
    };
  }

  private async lambda(req: http.IncomingMessage, url: URL, body: Buffer, res: http.ServerResponse): Promise<void> {
    const parts = url.pathname.split('/').filter(Boolean).slice(2); // after 2015-03-31/functions
    const name = parts[0] ? decodeURIComponent(parts[0]) : undefined;
    if (req.method === 'GET' && !name) {
      this.checkFail('lambda:ListFunctions');
      const pg = this.page([...this.functions.values()], url.searchParams.get('Marker'));
      return this.json(res, 200, { Functions: pg.items.map((f) => this.functionJson(f)), NextMarker: pg.next ?? null });
    }
    if (req.method === 'POST' && !name) {
      this.checkFail('lambda:CreateFunction');
      const p = JSON.parse(body.toString('utf8')) as {
        FunctionName?: string;
        Runtime?: string;
        Handler?: string;
        Code?: { ZipFile?: string };
      };
      if (!p.FunctionName || !p.Code?.ZipFile)
        throw new AwsFault('InvalidParameterValueException', 'FunctionName and Code.ZipFile are required');
      const f = await this.createFunction(
        p.FunctionName,
        p.Runtime ?? 'nodejs20.x',
        p.Handler ?? 'index.handler',
        Buffer.from(p.Code.ZipFile, 'base64'),
      );
      return this.json(res, 201, this.functionJson(f));
    }
    if (req.method === 'DELETE' && name && parts.length === 1) {
      this.checkFail('lambda:DeleteFunction');
      await this.deleteFunction(name);
      res.writeHead(204).end();
      return;
    }
    if (req.method === 'POST' && name && parts[1] === 'invocations') {
      this.checkFail('lambda:Invoke');
      const out = await this.invoke(name, body.toString('utf8'));
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' };
      if (req.headers['x-amz-log-type'] === 'Tail') headers['x-amz-log-result'] = Buffer.from(out.log).toString('base64');
      if (out.error) headers['x-amz-function-error'] = out.error;
      res.writeHead(200, headers);
      res.end(out.body);
      return;
    }
    throw new AwsFault('UnknownOperationException', `${req.method ?? ''} ${url.pathname}`, 404);
  }

  private async introspection(req: http.IncomingMessage, url: URL, res: http.ServerResponse): Promise<boolean> {
    const p = url.pathname;
    const get = req.method === 'GET';
    if (get && p === '/_fakecloud/elasticache/clusters')
      this.json(res, 200, {
        clusters: [...this.clusters.values()].map((c) => ({
          cacheClusterId: c.id,
          cacheClusterStatus: c.status,
          engine: c.engine,
          engineVersion: c.engineVersion,
          cacheNodeType: c.nodeType,
          numCacheNodes: 1,
          replicationGroupId: c.replicationGroupId ?? null,
          port: c.port,
          hostPort: c.port,
          containerId: c.containerId ?? null,
        })),
      });
    else if (get && p === '/_fakecloud/elasticache/replication-groups')
      this.json(res, 200, {
        replicationGroups: [...this.groups.values()].map((g) => ({
          replicationGroupId: g.id,
          status: g.status,
          description: g.description,
          memberClusters: g.members,
        })),
      });
    else if (get && p === '/_fakecloud/elasticache/serverless-caches')
      this.json(res, 200, {
        serverlessCaches: [...this.serverless.values()].map((s) => ({ serverlessCacheName: s.name, status: s.status, engine: s.engine })),
      });
    else if (get && p === '/_fakecloud/lambda/warm-containers')
      this.json(res, 200, {
        containers: [...this.functions.values()].flatMap((f) =>
          f.warm.map((w) => ({
            functionName: f.name,
            runtime: f.runtime,
            containerId: w.containerId,
            lastUsedSecsAgo: Math.floor((Date.now() - w.lastUsed) / 1000),
          })),
        ),
      });
    else if (get && p === '/_fakecloud/lambda/invocations') this.json(res, 200, { invocations: this.invocations });
    else if (get && p === '/_fakecloud/ec2/instances')
      this.json(res, 200, {
        instances: [...this.instances.values()].map((i) => ({ instanceId: i.id, state: i.state, containerId: i.containerId ?? null })),
      });
    else if (get && p === '/_fakecloud/rds/instances')
      this.json(res, 200, {
        instances: [...this.dbs.values()].map((d) => ({
          dbInstanceIdentifier: d.id,
          dbInstanceStatus: d.status,
          engine: d.engine,
          port: d.port,
        })),
      });
    else if (req.method === 'POST' && /^\/_fakecloud\/lambda\/[^/]+\/evict-container$/.test(p))
      this.json(res, 200, { evicted: await this.evict(decodeURIComponent(p.split('/')[3])) });
    else if (req.method === 'POST' && p.startsWith('/_fakecloud/reset/')) {
      const service = decodeURIComponent(p.slice('/_fakecloud/reset/'.length));
      await this.reset(service);
      this.json(res, 200, { reset: service });
    } else if (req.method === 'POST' && p === '/_reset') {
      await this.reset();
      this.json(res, 200, { reset: 'all' });
    } else return false;
    return true;
  }
}

/** Docker's multiplexed log frames, as text. */
function demux(buf: Buffer): string {
  const out: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buf.length) {
    const len = buf.readUInt32BE(i + 4);
    out.push(buf.subarray(i + 8, i + 8 + len));
    i += 8 + len;
  }
  return Buffer.concat(out).toString('utf8');
}
