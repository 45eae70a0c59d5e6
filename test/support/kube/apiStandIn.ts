// A Kubernetes API server stand-in for tests (no API server can be installed on
// these machines): plain HTTP on 127.0.0.1, speaking the real wire format for
// Pods — create, get, list (with label selectors), delete, and watch (JSON lines,
// bookmarks, 410 Gone for an expired resourceVersion). Pods live in memory; the
// test moves them through phases. Hooks drop watches, expire history, and stop
// answering, so reconnects can be tested through the real @kubernetes/client-node.
import { writeKubeconfig } from './kubeconfig';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import { WebSocketServer } from 'ws';
import type { StandInKubelet } from './kubelet';

type WatchEvent = { type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: V1Pod; rv: number };

interface Watcher {
  namespace: string;
  selector: string | undefined;
  res: http.ServerResponse;
}

export class KubeApiStandIn {
  private server: http.Server | undefined;
  private readonly pods = new Map<string, V1Pod>();
  private rv = 100;
  private history: WatchEvent[] = [];
  /** Events older than this resourceVersion are gone: a watch from before it gets 410. */
  private compactedTo = 0;
  private readonly watchers = new Set<Watcher>();
  private readonly sockets = new Set<import('node:net').Socket>();
  port = 0;
  /** Runs created Pods as Docker containers, when attached. */
  kubelet: StandInKubelet | undefined;
  private readonly wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has('v4.channel.k8s.io') ? 'v4.channel.k8s.io' : false),
  });
  /** Requests by kind, for tests and benchmarks. */
  readonly counts = { list: 0, watch: 0, create: 0, delete: 0, get: 0, metrics: 0 };
  /** Serve the metrics API (metrics.k8s.io) as a metrics-server would, from the engine's stats; off by default. */
  serveMetrics = false;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<void> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    // exec and port-forward: WebSocket upgrades carrying the v4 channel protocol.
    this.server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', this.url);
      const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(exec|portforward)$/.exec(url.pathname);
      if (!m || !this.kubelet || req.headers.authorization !== 'Bearer stand-in-token') {
        socket.destroy();
        return;
      }
      const [, ns, name, what] = m;
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        const k = this.kubelet!;
        void (what === 'exec' ? k.exec(ws, ns, name, url.searchParams) : k.portForward(ws, ns, name, url.searchParams)).catch(() =>
          ws.close(),
        );
      });
    });
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Stops answering (the cluster is unreachable); start() again on the same port brings it back. */
  async stop(): Promise<void> {
    for (const w of this.watchers) w.res.destroy();
    this.watchers.clear();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  /** Answer requests without the token (kubectl sends none over plain HTTP): benchmarks only. */
  anonymous = false;

  /** Open watches, for tests. */
  get watching(): number {
    return this.watchers.size;
  }

  /** Ends every open watch, as a load balancer dropping idle connections does. */
  dropWatches(): void {
    for (const w of this.watchers) w.res.destroy();
    this.watchers.clear();
  }

  /** Forgets the event history: a watch resuming from an older resourceVersion gets 410 Gone. */
  compact(): void {
    this.compactedTo = this.rv;
    this.history = [];
  }

  /** A kubeconfig file pointing at this server, in a temp dir. */
  writeKubeconfig(namespace = 'default', context = 'standin'): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-kube-'));
    return writeKubeconfig(path.join(dir, 'config'), { server: this.url, token: 'stand-in-token', namespace, context });
  }

  // ---- what tests do to Pods (as the kubelet and other clients would) ----

  list(): V1Pod[] {
    return [...this.pods.values()];
  }

  get(namespace: string, name: string): V1Pod | undefined {
    return this.pods.get(`${namespace}/${name}`);
  }

  put(pod: V1Pod): V1Pod {
    const ns = pod.metadata!.namespace ?? 'default';
    const key = `${ns}/${pod.metadata!.name}`;
    const existed = this.pods.has(key);
    const stored: V1Pod = JSON.parse(JSON.stringify(pod)) as V1Pod;
    stored.metadata = { ...stored.metadata, namespace: ns, uid: stored.metadata?.uid ?? randomUUID(), resourceVersion: String(++this.rv) };
    stored.metadata.creationTimestamp ??= new Date().toISOString() as unknown as Date;
    // A Pod the kubelet has not reported on yet is Pending.
    stored.status ??= { phase: 'Pending' };
    this.pods.set(key, stored);
    this.emit({ type: existed ? 'MODIFIED' : 'ADDED', object: stored, rv: this.rv });
    return stored;
  }

  /** Sets the phase (and the main container's state) as the kubelet would report it. */
  setPhase(namespace: string, name: string, phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed', exitCode?: number): V1Pod {
    const pod = this.get(namespace, name);
    if (!pod) throw new Error(`no pod ${namespace}/${name}`);
    const c = pod.spec!.containers[0];
    const state =
      phase === 'Running'
        ? { running: { startedAt: new Date() } }
        : phase === 'Pending'
          ? { waiting: { reason: 'ContainerCreating' } }
          : { terminated: { exitCode: exitCode ?? (phase === 'Succeeded' ? 0 : 1), reason: phase === 'Failed' ? 'Error' : 'Completed' } };
    return this.put({
      ...pod,
      status: {
        phase,
        podIP: phase === 'Running' ? '127.0.0.1' : undefined,
        containerStatuses: [{ name: c.name, image: c.image ?? '', imageID: '', ready: phase === 'Running', restartCount: 0, state }],
      },
    });
  }

  remove(namespace: string, name: string): void {
    const pod = this.get(namespace, name);
    if (!pod) return;
    this.pods.delete(`${namespace}/${name}`);
    this.emit({ type: 'DELETED', object: { ...pod, metadata: { ...pod.metadata, resourceVersion: String(++this.rv) } }, rv: this.rv });
  }

  private emit(ev: WatchEvent): void {
    this.history.push(ev);
    for (const w of this.watchers)
      if (this.matches(ev.object, w.namespace, w.selector)) w.res.write(`${JSON.stringify({ type: ev.type, object: ev.object })}\n`);
  }

  private matches(pod: V1Pod, namespace: string, selector: string | undefined): boolean {
    if (pod.metadata?.namespace !== namespace) return false;
    if (!selector) return true;
    const labels = pod.metadata?.labels ?? {};
    return selector.split(',').every((term) => {
      const t = term.trim();
      if (t.startsWith('!')) return labels[t.slice(1)] === undefined;
      const eq = t.indexOf('=');
      if (eq < 0) return labels[t] !== undefined;
      return labels[t.slice(0, eq).replace(/=$/, '')] === t.slice(eq + 1).replace(/^=/, '');
    });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    if (this.anonymous && !req.headers.authorization) req.headers.authorization = 'Bearer stand-in-token';
    // API discovery, as kubectl asks for it before anything else.
    const discovery: Record<string, unknown> = {
      '/api': {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${this.port}` }],
      },
      '/apis': { kind: 'APIGroupList', apiVersion: 'v1', groups: [] },
      '/api/v1': {
        kind: 'APIResourceList',
        groupVersion: 'v1',
        resources: [
          {
            name: 'pods',
            singularName: 'pod',
            namespaced: true,
            kind: 'Pod',
            verbs: ['create', 'delete', 'get', 'list', 'watch'],
            shortNames: ['po'],
          },
          {
            name: 'namespaces',
            singularName: 'namespace',
            namespaced: false,
            kind: 'Namespace',
            verbs: ['get', 'list'],
            shortNames: ['ns'],
          },
        ],
      },
    };
    if (req.method === 'GET' && discovery[url.pathname]) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(discovery[url.pathname]));
      return;
    }
    if (req.method === 'GET' && url.pathname === '/api/v1/namespaces' && req.headers.authorization === 'Bearer stand-in-token') {
      const names = new Set(['default', 'kube-system', ...this.list().map((p) => p.metadata?.namespace ?? 'default')]);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          kind: 'NamespaceList',
          apiVersion: 'v1',
          metadata: { resourceVersion: String(this.rv) },
          items: [...names].map((name) => ({ metadata: { name } })),
        }),
      );
      return;
    }
    const metrics = /^\/apis\/metrics\.k8s\.io\/v1beta1\/namespaces\/([^/]+)\/pods\/([^/]+)$/.exec(url.pathname);
    if (metrics && req.method === 'GET' && req.headers.authorization === 'Bearer stand-in-token') {
      this.counts.metrics++;
      if (!this.serveMetrics || !this.kubelet) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            reason: 'NotFound',
            code: 404,
            message: 'the server could not find the requested resource',
          }),
        );
        return;
      }
      void this.kubelet.metrics(metrics[1], metrics[2]).then(
        (body) => {
          res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body ?? { kind: 'Status', status: 'Failure', code: 404, message: `podmetrics ${metrics[2]} not found` }));
        },
        () => res.destroy(),
      );
      return;
    }
    const log = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/log$/.exec(url.pathname);
    if (log && req.method === 'GET' && this.kubelet && req.headers.authorization === 'Bearer stand-in-token') {
      void this.kubelet.logs(res, log[1], log[2], url.searchParams).catch(() => res.destroy());
      return;
    }
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods(?:\/([^/]+))?$/.exec(url.pathname);
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const status = (code: number, reason: string, message: string) =>
      send(code, { kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code });
    if (req.headers.authorization !== 'Bearer stand-in-token') return status(401, 'Unauthorized', 'Unauthorized');
    if (!m) return status(404, 'NotFound', `the server could not find the requested resource (${url.pathname})`);
    const [, namespace, name] = m;
    const selector = url.searchParams.get('labelSelector') ?? undefined;
    if (req.method === 'GET' && !name && url.searchParams.get('watch') === 'true') {
      this.counts.watch++;
      const from = Number(url.searchParams.get('resourceVersion') ?? 0);
      if (from && from < this.compactedTo) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          `${JSON.stringify({
            type: 'ERROR',
            object: {
              kind: 'Status',
              apiVersion: 'v1',
              status: 'Failure',
              message: `too old resource version: ${from} (${this.compactedTo})`,
              reason: 'Expired',
              code: 410,
            },
          })}\n`,
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      for (const ev of this.history)
        if (ev.rv > from && this.matches(ev.object, namespace, selector))
          res.write(`${JSON.stringify({ type: ev.type, object: ev.object })}\n`);
      if (url.searchParams.get('allowWatchBookmarks') === 'true')
        res.write(
          `${JSON.stringify({ type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: String(this.rv) } } })}\n`,
        );
      const w: Watcher = { namespace, selector, res };
      this.watchers.add(w);
      req.on('close', () => this.watchers.delete(w));
      return;
    }
    if (req.method === 'GET' && !name) {
      this.counts.list++;
      const items = this.list().filter((p) => this.matches(p, namespace, selector));
      return send(200, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: String(this.rv) }, items });
    }
    if (req.method === 'GET' && name) {
      this.counts.get++;
      const pod = this.get(namespace, name);
      return pod ? send(200, pod) : status(404, 'NotFound', `pods "${name}" not found`);
    }
    if (req.method === 'POST' && !name) {
      this.counts.create++;
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        const pod = JSON.parse(body) as V1Pod;
        if (!pod.metadata?.name) return status(422, 'Invalid', 'Pod "" is invalid: metadata.name: Required value');
        if (this.get(namespace, pod.metadata.name)) return status(409, 'AlreadyExists', `pods "${pod.metadata.name}" already exists`);
        const stored = this.put({ ...pod, metadata: { ...pod.metadata, namespace }, status: { phase: 'Pending' } });
        send(201, stored);
        this.kubelet?.created(stored);
      });
      return;
    }
    if (req.method === 'DELETE' && name) {
      this.counts.delete++;
      const pod = this.get(namespace, name);
      if (!pod) return status(404, 'NotFound', `pods "${name}" not found`);
      this.remove(namespace, name);
      void this.kubelet?.deleted(pod);
      return send(200, pod);
    }
    status(405, 'MethodNotAllowed', `${req.method} is not supported by the stand-in`);
  }
}
