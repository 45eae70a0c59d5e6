// The extension's side of the socket: find the running service or start it,
// authenticate, replace an older one, keep a copy of the model current from the
// pushed diffs, and reconnect when the connection drops. No vscode import, so
// tests and benchmarks drive it headless.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { applyDiff } from '../protocol/applyDiff';
import { BUILD, VERSION, isOlder } from '../protocol/buildInfo';
import { JsonRpcPeer, RpcError } from '../protocol/jsonRpcPeer';
import type { ModelDiff, ModelSnapshot } from '../protocol/model';
import {
  ErrorCodes,
  MAX_REQUEST_BYTES,
  PROTOCOL_VERSION,
  type ClientNotifications,
  type HelloResult,
  type LogLine,
  type Methods,
  type MethodName,
  type Notifications,
  type ServiceSettings,
} from '../protocol/rpc';
import type { ServiceLocation } from '../protocol/serviceLocation';
import { REQUEST_TIMEOUT_MS } from '../protocol/timeouts';
import { backoffDelay, type BackoffPolicy } from '../protocol/backoff';
import { l10n } from '../protocol/l10n';

/** A window retries its service soon at first (it may be starting), then every 10 s. */
const CLIENT_RECONNECT_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 10_000 };
import { NotPrivateError, checkPrivateSocket, ensurePrivateDir, openPrivateAppend, readPrivateFile } from '../platform/privateFiles';

export type ClientConnectionState = 'connecting' | 'connected' | 'disconnected';

export interface ServiceClientOptions {
  location: ServiceLocation;
  /** Path of dist/service.js, started when no service answers. */
  servicePath: string;
  serviceArgs?: string[];
  clientName: string;
  /** The display language, sent with hello so that the service answers in it. */
  language?: string;
  /** How long to wait for a started service to answer. */
  startTimeoutMs?: number;
  /** One timeout for every request (tests); else each method's own (REQUEST_TIMEOUT_MS). */
  requestTimeoutMs?: number;
  /** Reconnect after a drop (the extension wants it; a one-shot test may not). */
  reconnect?: boolean;
  /** Environment for a started service. */
  env?: NodeJS.ProcessEnv;
  /** This client's version and build, compared with the service's (defaults: the bundle's own). */
  identity?: { version: string; build: string };
}

type Listener<T> = (value: T) => void;

class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();
  on(l: Listener<T>): { dispose(): void } {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  }
  fire(v: T): void {
    for (const l of this.listeners) l(v);
  }
}

export class ServiceClient {
  private peer: JsonRpcPeer | undefined;
  private model: ModelSnapshot | undefined;
  /** Diffs that arrive while a snapshot is being fetched; applied after it. */
  private pendingDiffs: ModelDiff[] | undefined;
  private connectionState: ClientConnectionState = 'disconnected';
  private lastError: string | undefined;
  private settings: ServiceSettings = {};
  private viewVisible = false;
  private disposed = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private connecting: Promise<void> | undefined;
  service: HelloResult | undefined;

  readonly onModel = new Emitter<ModelSnapshot>();
  readonly onLog = new Emitter<LogLine>();
  readonly onConnection = new Emitter<{ state: ClientConnectionState; error?: string }>();
  /** Every other notification the service pushes (progress, log chunks, terminal output). */
  readonly onPush = new Emitter<{ method: string; params: unknown }>();

  constructor(private readonly opts: ServiceClientOptions) {}

  get state(): ClientConnectionState {
    return this.connectionState;
  }
  get error(): string | undefined {
    return this.lastError;
  }
  get snapshot(): ModelSnapshot | undefined {
    return this.model;
  }

  /** Resolves when a model has arrived (at once if one has), or after timeoutMs without one. */
  whenModel(timeoutMs: number): Promise<void> {
    if (this.model) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      const sub = this.onModel.on(done);
    });
  }

  /** Connects (starting the service if needed). Resolves when connected; rejects with a clear error. */
  connect(): Promise<void> {
    this.connecting ??= this.doConnect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  async request<M extends MethodName>(method: M, params: Methods[M][0], timeoutMs?: number): Promise<Methods[M][1]> {
    if (!this.peer || this.peer.isClosed) await this.connect();
    const peer = this.peer;
    if (!peer) throw new Error(l10n.t('{0}: not connected to the Fakecloud service', method));
    try {
      return await peer.request<Methods[M][1]>(method, params, timeoutMs ?? this.opts.requestTimeoutMs ?? REQUEST_TIMEOUT_MS[method]);
    } catch (err) {
      // The service went away mid-call (it crashed or was killed): say so in the user's terms.
      if (peer.isClosed && err instanceof RpcError && err.code === ErrorCodes.Internal) {
        throw new RpcError(
          ErrorCodes.Internal,
          l10n.t(
            'the Fakecloud service stopped while {0} was running ({1}); it is started again, and what the call left half-done is cleaned up then',
            method,
            err.message.replace(`${method}: `, ''),
          ),
        );
      }
      throw err;
    }
  }

  /** Settings refused by the service are not kept (so they are not sent again at the next connect). */
  configure(settings: ServiceSettings): Promise<void> {
    const next = { ...this.settings, ...settings };
    if (this.connectionState !== 'connected') {
      this.settings = next;
      return Promise.resolve();
    }
    return this.request('client/configure', next).then(() => {
      this.settings = next;
    });
  }

  setViewVisible(visible: boolean): void {
    this.viewVisible = visible;
    if (this.connectionState === 'connected') void this.request('client/viewVisible', { visible }).catch(() => undefined);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.reconnectTimer);
    this.peer?.close(new Error('client disposed'));
  }

  private setState(state: ClientConnectionState, error?: string): void {
    this.connectionState = state;
    this.lastError = error;
    this.onConnection.fire(error === undefined ? { state } : { state, error });
  }

  private async doConnect(): Promise<void> {
    clearTimeout(this.reconnectTimer);
    this.setState('connecting');
    try {
      let peer = await this.tryOpen();
      if (!peer) {
        this.startService();
        peer = await this.waitForService();
      }
      let hello = await this.hello(peer);
      const me = this.opts.identity ?? { version: VERSION, build: BUILD };
      if (isOlder(hello.serviceVersion, hello.serviceBuild, me.version, me.build)) {
        // An older service (from before an update) is asked to stop and replaced.
        await peer.request('shutdown', { reason: `replaced by ${me.version} (build ${me.build})` }, 5_000).catch(() => undefined);
        peer.close();
        await this.waitUntilGone();
        this.startService();
        peer = await this.waitForService();
        hello = await this.hello(peer);
      }
      this.service = hello;
      await this.attach(peer);
      this.failures = 0;
      this.setState('connected');
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.setState('disconnected', message);
      this.scheduleReconnect();
      throw new Error(l10n.t('Fakecloud service: {0}', message), { cause: err });
    }
  }

  private scheduleReconnect(): void {
    if (this.disposed || this.opts.reconnect === false) return;
    this.failures++;
    const delay = backoffDelay(this.failures, CLIENT_RECONNECT_BACKOFF);
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => void this.connect().catch(() => undefined), delay);
  }

  /**
   * Opens the socket; undefined when nothing listens there. The directory and the
   * socket must be the user's own and closed to others: a service someone else set up
   * is never talked to (it would be handed secrets: environment variables, AUTH
   * passwords, terminal input).
   */
  private tryOpen(): Promise<JsonRpcPeer | undefined> {
    return new Promise((resolve, reject) => {
      try {
        if (!fs.existsSync(this.opts.location.dir)) {
          resolve(undefined);
          return;
        }
        ensurePrivateDir(this.opts.location.dir);
        if (!checkPrivateSocket(this.opts.location.socketPath)) {
          resolve(undefined);
          return;
        }
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      const socket = net.createConnection(this.opts.location.socketPath);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(l10n.t('connecting to {0} timed out', this.opts.location.socketPath)));
      }, 5_000);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(
          new JsonRpcPeer(
            socket,
            async () => {
              throw new Error(l10n.t('the client serves no requests'));
            },
            (method, params) => this.onNotification(method, params),
            this.opts.requestTimeoutMs ?? 15_000,
          ),
        );
      });
      socket.once('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') resolve(undefined);
        else if (err.code === 'EACCES')
          reject(new Error(l10n.t('permission denied on {0}: it belongs to another user', this.opts.location.socketPath)));
        else reject(err);
      });
    });
  }

  private async hello(peer: JsonRpcPeer): Promise<HelloResult> {
    const token = readPrivateFile(this.opts.location.tokenPath).trim();
    // Past hello, a longer line would close the connection: such a request is refused here, saying why.
    peer.setRequestLimit(MAX_REQUEST_BYTES);
    return peer.request<HelloResult>(
      'hello',
      {
        token,
        protocolVersion: PROTOCOL_VERSION,
        clientVersion: this.opts.identity?.version ?? VERSION,
        clientBuild: this.opts.identity?.build ?? BUILD,
        clientName: this.opts.clientName,
        ...(this.opts.language ? { language: this.opts.language } : {}),
      },
      5_000,
    );
  }

  /** The service processes this client started (one wins the lock; others exit), for diagnostics and tests. */
  readonly spawned: number[] = [];

  private startService(): void {
    if (!fs.existsSync(this.opts.servicePath)) throw new Error(l10n.t('service bundle not found at {0}', this.opts.servicePath));
    // What the process prints before its own log is open (a crash at start) goes to a file the error names.
    ensurePrivateDir(this.opts.location.dir);
    const out = openPrivateAppend(this.startLogPath);
    try {
      // In VS Code desktop the extension host is Electron: run it as plain Node. For debugging,
      // FAKECLOUD_EXPLORER_SERVICE_INSPECT=<port> opens the inspector on loopback (see .vscode/launch.json).
      const inspect = Number((this.opts.env ?? process.env).FAKECLOUD_EXPLORER_SERVICE_INSPECT);
      // A long-lived background process: V8 favours a small heap over speed, and collects short-lived garbage (pages
      // of keys, copies of a large value) in a small young generation, rather than growing by tens of MB to hold it.
      const memory = ['--optimize-for-size', '--max-semi-space-size=1'];
      const node = [...memory, ...(inspect > 0 && inspect < 65536 ? [`--inspect=127.0.0.1:${inspect}`] : [])];
      const child = spawn(process.execPath, [...node, this.opts.servicePath, ...(this.opts.serviceArgs ?? [])], {
        detached: true,
        stdio: ['ignore', out, out],
        windowsHide: true,
        env: { ...(this.opts.env ?? process.env), ELECTRON_RUN_AS_NODE: '1' },
      });
      child.unref();
      if (child.pid) this.spawned.push(child.pid);
    } finally {
      fs.closeSync(out);
    }
  }

  private get startLogPath(): string {
    return this.opts.location.logPath.replace(/service\.log$/, 'service-start.log');
  }

  private async waitForService(): Promise<JsonRpcPeer> {
    const deadline = Date.now() + (this.opts.startTimeoutMs ?? 10_000);
    for (;;) {
      const peer = await this.tryOpen().catch((err: unknown) => {
        // Someone else's files in our place: say so at once rather than after the start timeout.
        if (err instanceof NotPrivateError) throw err;
        return undefined;
      });
      if (peer) {
        if (fs.existsSync(this.opts.location.tokenPath)) return peer;
        peer.close();
      }
      if (Date.now() > deadline) {
        let why = '';
        try {
          why = readPrivateFile(this.startLogPath, 1024 * 1024)
            .trim()
            .split('\n')
            .slice(-3)
            .join(' ');
        } catch {
          // nothing printed
        }
        throw new Error(
          l10n.t(
            'the service did not start within {0} s{1} (logs: ',
            Math.round((this.opts.startTimeoutMs ?? 10_000) / 1000),
            why ? `: ${why}` : '',
          ) + `${this.opts.location.logPath}, ${this.startLogPath})`,
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private async waitUntilGone(): Promise<void> {
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline) {
      const peer = await this.tryOpen().catch(() => undefined);
      if (!peer) return;
      peer.close();
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private async attach(peer: JsonRpcPeer): Promise<void> {
    this.peer?.close();
    this.peer = peer;
    peer.onClose((err) => {
      if (this.peer !== peer) return;
      this.peer = undefined;
      if (this.disposed) return;
      this.setState('disconnected', l10n.t('lost the service: {0}', err.message));
      this.scheduleReconnect();
    });
    await peer.request('client/configure', this.settings);
    await peer.request('client/viewVisible', { visible: this.viewVisible });
    const { lines } = await peer.request<{ lines: LogLine[] }>('log/subscribe', {});
    for (const line of lines) this.onLog.fire(line);
    await this.takeSnapshot(peer);
  }

  private async takeSnapshot(peer: JsonRpcPeer): Promise<void> {
    this.pendingDiffs = [];
    try {
      const snap = await peer.request<ModelSnapshot>('model/subscribe', {});
      for (const d of this.pendingDiffs) if (d.revision > snap.revision) applyDiff(snap, d);
      this.model = snap;
    } finally {
      this.pendingDiffs = undefined;
    }
    this.onModel.fire(this.model);
  }

  /** Sends a notification (no reply): terminal input, where a round trip would slow typing. */
  notify<N extends keyof ClientNotifications>(method: N, params: ClientNotifications[N]): void {
    this.peer?.notify(method, params);
  }

  /** Subscribes to one pushed notification type. */
  on<N extends keyof Notifications>(method: N, listener: (params: Notifications[N]) => void): { dispose(): void } {
    return this.onPush.on((e) => {
      if (e.method === method) listener(e.params as Notifications[N]);
    });
  }

  private onNotification(method: string, params: unknown): void {
    if (method !== 'log/line' && method !== 'model/changed') this.onPush.fire({ method, params });
    if (method === 'log/line') this.onLog.fire(params as LogLine);
    else if (method === 'model/changed') {
      const diff = params as ModelDiff;
      if (this.pendingDiffs) {
        this.pendingDiffs.push(diff);
        return;
      }
      if (!this.model) return;
      if (applyDiff(this.model, diff)) this.onModel.fire(this.model);
      else void this.resync();
    }
  }

  /** A missed diff: take a fresh snapshot. */
  private async resync(): Promise<void> {
    if (!this.peer || this.pendingDiffs) return;
    await this.takeSnapshot(this.peer).catch(() => undefined);
  }
}
