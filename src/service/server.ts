// The service process's socket server and lifecycle: one instance per user,
// token-authenticated clients, diffs and log lines pushed to subscribers, idle
// shutdown when no client and no operation is left.
import * as fs from 'node:fs';
import * as net from 'node:net';
import { BUILD, VERSION } from '../protocol/buildInfo';
import { RpcError } from '../protocol/jsonRpcPeer';
import { ErrorCodes, type MethodName, type ServiceStatus } from '../protocol/rpc';
import type { ServiceLocation } from '../protocol/serviceLocation';
import { ClientSession } from './clientSession';
import { cacheHandlers } from './handlers/caches';
import { functionHandlers } from './handlers/functions';
import { instanceHandlers } from './handlers/instances';
import { modelHandlers } from './handlers/model';
import { resourceLogHandlers } from './handlers/resourceLogs';
import { serviceLogHandlers } from './handlers/serviceLog';
import { sessionHandlers } from './handlers/session';
import { terminalHandlers, terminalNotifications } from './handlers/terminals';
import { updateHandlers } from './handlers/updates';
import { reconcileHandlers } from './handlers/reconcile';
import { adoptionHandlers } from './handlers/adoption';
import { timerDelay } from './support/timers';
import { releaseLock, writeNewToken } from './runtimeDir';
import { ensurePrivateDir } from '../platform/privateFiles';
import type { ServiceContext, ServiceParts } from './serviceContext';
import {
  invalidParams,
  type ClientNotificationName,
  type HandlerEntry,
  type HandlerTable,
  type NotificationTable,
} from './handlers/handlerTable';
import { kubernetesHandlers } from './handlers/kubernetes';
import { imageHandlers } from './handlers/images';
import { serverHandlers } from './handlers/servers';
import { awsHandlers } from './handlers/aws';
import { keyHandlers } from './handlers/keys';
import { dashboardHandlers } from './handlers/dashboards';
import { memcachedHandlers } from './handlers/memcached';
import { operationHandlers } from './handlers/operations';
import { fileHandlers } from './handlers/files';
import { stackHandlers } from './handlers/stacks';
import { l10n } from '../protocol/l10n';
import type { Languages } from './support/languages';

export interface ServerOptions extends ServiceParts {
  location: ServiceLocation;
  /** 0 = never shut down when idle. */
  idleShutdownMs: number;
  /** Each window's language for the words sent back to it; English when not given. */
  languages?: Languages;
}

// Every method of the protocol has its handler (the table does not compile otherwise).
const TABLE = {
  ...sessionHandlers,
  ...modelHandlers,
  ...serviceLogHandlers,
  ...cacheHandlers,
  ...instanceHandlers,
  ...functionHandlers,
  ...resourceLogHandlers,
  ...terminalHandlers,
  ...updateHandlers,
  ...reconcileHandlers,
  ...kubernetesHandlers,
  ...adoptionHandlers,
  ...imageHandlers,
  ...serverHandlers,
  ...awsHandlers,
  ...keyHandlers,
  ...memcachedHandlers,
  ...dashboardHandlers,
  ...operationHandlers,
  ...fileHandlers,
  ...stackHandlers,
} satisfies HandlerTable;
// Null-prototype maps, looked up as own properties only: a method named "constructor"
// or "toString" is unknown, not Object.prototype's.
const HANDLERS: HandlerTable = Object.assign(Object.create(null) as HandlerTable, TABLE);
const NOTIFICATIONS = { ...terminalNotifications } satisfies NotificationTable;
const NOTIFICATION_HANDLERS: NotificationTable = Object.assign(Object.create(null) as NotificationTable, NOTIFICATIONS);

export class ServiceServer {
  private server: net.Server | undefined;
  private readonly sessionsSet = new Set<ClientSession>();
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly startedAt = Date.now();
  private stopping = false;
  private readonly ctx: ServiceContext;
  private exitHook: (() => void) | undefined;

  constructor(private readonly opts: ServerOptions) {
    const { location: _location, idleShutdownMs: _idle, ...parts } = opts;
    this.ctx = {
      ...parts,
      backends: { docker: () => opts.docker.backend(), pods: () => opts.kubernetes.pods() },
      sessions: () => [...this.sessionsSet].filter((s) => s.authenticated),
      status: () => this.status(),
      shutdownSoon: (reason) => setTimeout(() => void this.stop(reason), 20),
      visibilityChanged: () => {
        const visible = [...this.sessionsSet].some((s) => s.viewVisible);
        opts.docker.setViewVisible(visible);
        opts.servers.setVisible(visible);
        opts.inventories.setVisible(visible);
      },
    };
    opts.model.onDiff((diff) => {
      for (const s of this.sessionsSet) if (s.modelSubscribed) s.peer.notify('model/changed', diff);
    });
    // Long operations hold the service up while they run, and every window hears of them.
    opts.operations.onChange(() => this.armIdle());
    opts.operations.attach(() => this.ctx.sessions());
    opts.log.onLine((line) => {
      for (const s of this.sessionsSet) if (s.logSubscribed) s.peer.notify('log/line', line);
    });
  }

  /** Every client hears every reconcile report. */
  broadcastReport(report: unknown): void {
    for (const s of this.sessionsSet) if (s.authenticated) s.peer.notify('reconcile/report', report);
  }

  /** Called once the process should exit (after stop). */
  onExit(hook: () => void): void {
    this.exitHook = hook;
  }

  /** Listens; the caller holds the single-instance lock (released by stop). */
  async start(): Promise<void> {
    const { location, log } = this.opts;
    ensurePrivateDir(location.dir);
    const token = writeNewToken(location.tokenPath);
    if (process.platform !== 'win32') fs.rmSync(location.socketPath, { force: true });

    const server = net.createServer((socket) => this.accept(socket, token));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // The directory is 0700 already; the socket is made 0600 as well.
      const oldUmask = process.platform !== 'win32' ? process.umask(0o177) : undefined;
      server.listen(location.socketPath, () => {
        if (oldUmask !== undefined) process.umask(oldUmask);
        server.off('error', reject);
        resolve();
      });
    });
    if (process.platform !== 'win32') fs.chmodSync(location.socketPath, 0o600);
    server.on('error', (err) => log.error(`socket server: ${err.message}`));
    log.info(`service ${VERSION} (build ${BUILD}) pid ${process.pid} listening on ${location.socketPath}`);
    this.opts.docker.start();
    this.armIdle();
  }

  private accept(socket: net.Socket, token: string): void {
    if (this.stopping) {
      socket.destroy();
      return;
    }
    const session = new ClientSession(
      socket,
      token,
      (s, method, params) => this.dispatch(s, method, params),
      (s, method, params) => this.notify(s, method, params),
    );
    this.sessionsSet.add(session);
    this.armIdle();
    session.peer.onClose(() => {
      this.sessionsSet.delete(session);
      if (session.authenticated) this.opts.log.info(`client disconnected: ${session.name} (${this.ctx.sessions().length} connected)`);
      if (session.viewVisible) this.ctx.visibilityChanged();
      this.armIdle();
    });
  }

  /** A notification has no reply: one that is unknown or malformed is dropped. */
  private notify(session: ClientSession, method: string, params: unknown): void {
    if (!Object.hasOwn(NOTIFICATION_HANDLERS, method)) return;
    const entry = NOTIFICATION_HANDLERS[method as ClientNotificationName];
    const parsed = entry.params.safeParse(params);
    if (parsed.success) entry.handle(this.ctx, session, parsed.data);
  }

  private async dispatch(session: ClientSession, method: string, params: unknown): Promise<unknown> {
    if (this.stopping && method !== 'hello') throw new RpcError(ErrorCodes.ShuttingDown, l10n.t('the service is shutting down'));
    if (!Object.hasOwn(HANDLERS, method)) throw new RpcError(ErrorCodes.MethodNotFound, l10n.t('unknown method {0}', method));
    // One method's entry; its schema's output is that method's params, which its handler takes.
    const entry = HANDLERS[method as MethodName] as HandlerEntry<MethodName>;
    const parsed = entry.params.safeParse(params ?? {});
    if (!parsed.success) throw invalidParams(method, parsed.error);
    const handle = () =>
      (entry.handle as (ctx: ServiceContext, session: ClientSession, params: unknown) => Promise<unknown>)(this.ctx, session, parsed.data);
    const languages = this.opts.languages;
    if (!languages) return handle();
    if (method === 'hello') languages.heard(session.language);
    return languages.run(session.language, handle);
  }

  /** Starts the idle countdown when nobody is connected and nothing runs; cancels it otherwise. */
  armIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    if (this.stopping || this.opts.idleShutdownMs <= 0) return;
    if (this.sessionsSet.size > 0 || this.opts.operations.count > 0) return;
    this.idleTimer = setTimeout(() => {
      if (this.sessionsSet.size === 0 && this.opts.operations.count === 0) {
        void this.stop(`idle for ${Math.round(this.opts.idleShutdownMs / 1000)} s with no clients`);
      }
    }, timerDelay(this.opts.idleShutdownMs));
    this.idleTimer.unref?.();
  }

  status(): ServiceStatus {
    return {
      pid: process.pid,
      version: VERSION,
      build: BUILD,
      clients: this.ctx.sessions().length,
      uptimeMs: Date.now() - this.startedAt,
      operationsInFlight: this.opts.operations.count,
      idleShutdownMs: this.opts.idleShutdownMs,
      dockerRequests: this.opts.docker.requests,
      serverListings: this.opts.inventories.listings,
      serverListingMs: this.opts.inventories.lastListingMs,
      rssBytes: process.memoryUsage().rss,
    };
  }

  async stop(reason: string): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.opts.log.info(`service stopping: ${reason}`);
    clearTimeout(this.idleTimer);
    // Shutdown lets the reconcile pass in flight finish.
    await this.opts.reconciler.stop();
    this.opts.caches.closeAll();
    this.opts.keys.closeAll();
    this.opts.keyWatches.closeAll();
    this.opts.dashboards.closeAll();
    this.opts.functions.close();
    this.opts.docker.stop();
    this.opts.kubernetes.stop();
    this.opts.servers.stop();
    this.opts.inventories.stop();
    for (const s of this.sessionsSet) s.peer.close(new Error('service stopped'));
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    if (process.platform !== 'win32') fs.rmSync(this.opts.location.socketPath, { force: true });
    releaseLock(this.opts.location.lockPath);
    this.exitHook?.();
  }
}
