// Keeps the live model in step with one Docker engine: one list call builds it,
// the events stream keeps it current (an event patches the model at once, then a
// debounced re-list confirms), a slow fallback re-list runs only while a view is
// visible, and a lost daemon is retried with backoff. Never throws to callers;
// failures become the backend's status.
import type { Readable } from 'node:stream';
import type { BackendStatus, Resource } from '../../../protocol/model';
import type { LiveModel } from '../../model/liveModel';
import { resourcesFromContainers } from '../../model/labels';
import type { ServiceLog } from '../../support/log';
import { backoffDelay } from '../../../protocol/backoff';
import type { ContainerBackend } from '../backend';
import { DockerApi } from './dockerApi';
import { DockerOperations } from './dockerOperations';
import { DockerEventParser, isRelevant, type DockerEvent } from './dockerEvents';
import { modemOptions, type ResolvedDockerHost } from './dockerHost';
import { timerDelay } from '../../support/timers';

export interface DockerDiscoveryOptions {
  /** Re-list this long after the last event (trailing debounce). */
  relistDebounceMs: number;
  /** Fallback re-list period while a view is visible. */
  fallbackPollMs: number;
  callTimeoutMs: number;
}

export const DEFAULT_DISCOVERY_OPTIONS: DockerDiscoveryOptions = {
  relistDebounceMs: 75,
  fallbackPollMs: 60_000,
  callTimeoutMs: 10_000,
};

export class DockerDiscovery {
  private api: DockerApi | undefined;
  private host: ResolvedDockerHost | undefined;
  private stream: Readable | undefined;
  private generation = 0;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private relistTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private relisting: Promise<void> | undefined;
  private relistAgain = false;
  private lastEventSeconds: number | undefined;
  private viewVisible = false;
  private stopped = false;
  /** Requests of APIs replaced by a reconnect, so the count never goes back. */
  private retiredRequests = 0;

  constructor(
    private readonly model: LiveModel,
    private readonly log: ServiceLog,
    private readonly resolveHost: () => ResolvedDockerHost,
    private readonly options: DockerDiscoveryOptions = DEFAULT_DISCOVERY_OPTIONS,
  ) {}

  /** Adds to each listed resource what only the service knows (orphan, updating, reconcile condition). */
  private connectedHooks: (() => void)[] = [];

  /** Runs after every successful (re)connect: recovery of interrupted work. */
  onConnected(hook: () => void): void {
    this.connectedHooks.push(hook);
  }

  /** The API of the engine we are connected to; a clear error when there is none. */
  dockerApi(): DockerApi {
    const status = this.model.backendStatus('docker');
    if (!this.api || status?.state !== 'connected') throw new Error(`Docker is not connected${status?.error ? `: ${status.error}` : ''}`);
    return this.api;
  }

  /** Operations on the engine we are connected to; a clear error when there is none. */
  backend(): ContainerBackend {
    return new DockerOperations(this.dockerApi());
  }

  get requests(): number {
    return this.retiredRequests + (this.api?.requests ?? 0);
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.generation++;
    this.teardown();
  }

  /** Settings changed or the user asked: drop the connection and connect again now. */
  reconnectNow(): Promise<void> {
    this.failures = 0;
    return this.connect();
  }

  /** Re-list now (the Refresh button). */
  async refresh(): Promise<void> {
    if (this.model.backendStatus('docker')?.state !== 'connected') return this.reconnectNow();
    await this.relist();
  }

  setViewVisible(visible: boolean): void {
    if (visible === this.viewVisible) return;
    this.viewVisible = visible;
    this.schedulePoll();
  }

  setFallbackPollMs(ms: number): void {
    this.options.fallbackPollMs = ms;
    this.schedulePoll();
  }

  private teardown(): void {
    clearTimeout(this.retryTimer);
    clearTimeout(this.relistTimer);
    clearInterval(this.pollTimer);
    this.retryTimer = this.relistTimer = this.pollTimer = undefined;
    if (this.stream) {
      const s = this.stream;
      this.stream = undefined;
      s.removeAllListeners();
      s.on('error', () => undefined);
      s.destroy();
    }
    if (this.api) this.retiredRequests += this.api.requests;
    this.api = undefined;
  }

  private setStatus(partial: Omit<BackendStatus, 'backend' | 'target' | 'source'>): void {
    this.model.setBackendStatus({
      backend: 'docker',
      target: this.host?.url ?? '',
      source: this.host?.source ?? '',
      ...partial,
    });
  }

  private async connect(): Promise<void> {
    const gen = ++this.generation;
    this.teardown();
    if (this.stopped) return;
    try {
      this.host = this.resolveHost();
      const api = new DockerApi(modemOptions(this.host), this.host.url, this.options.callTimeoutMs);
      this.api = api;
      if (this.model.backendStatus('docker')?.state !== 'disconnected') this.setStatus({ state: 'connecting' });
      const version = await api.version();
      if (gen !== this.generation) return;
      // Subscribe before listing, so nothing that happens during the list is missed.
      await this.openEvents(api, gen);
      if (gen !== this.generation) return;
      await this.listInto(api);
      if (gen !== this.generation) return;
      if (this.failures > 0) this.log.info(`Docker: reconnected to ${this.host.url}`);
      else
        this.log.info(`Docker: connected to ${this.host.url} (${this.host.source}), engine ${version.Version}, API ${version.ApiVersion}`);
      this.failures = 0;
      this.setStatus({ state: 'connected', version: version.Version });
      this.schedulePoll();
      for (const h of this.connectedHooks) h();
    } catch (err) {
      if (gen !== this.generation) return;
      this.fail(err);
    }
  }

  private fail(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    this.teardown();
    this.failures++;
    const delay = backoffDelay(this.failures);
    // Log the first failure and then only every few, so a long outage does not flood the channel.
    if (this.failures === 1 || this.failures % 10 === 0) this.log.warn(`Docker: ${message}; retrying in ${Math.round(delay / 100) / 10} s`);
    this.setStatus({ state: 'disconnected', error: message, nextRetryAt: Date.now() + delay });
    this.retryTimer = setTimeout(() => void this.connect(), timerDelay(delay));
  }

  private async openEvents(api: DockerApi, gen: number): Promise<void> {
    const stream = (await api.events(this.lastEventSeconds)) as Readable;
    if (gen !== this.generation) {
      stream.destroy();
      return;
    }
    this.stream = stream;
    const parser = new DockerEventParser();
    stream.on('data', (chunk: Buffer) => {
      for (const ev of parser.push(chunk)) this.onEvent(ev);
    });
    const dropped = (why: string) => {
      if (gen !== this.generation || this.stopped) return;
      this.log.warn(`Docker: events stream ${why}; reconnecting`);
      // The re-list on reconnect makes up for anything missed.
      void this.connect();
    };
    stream.on('end', () => dropped('ended'));
    stream.on('error', (e: Error) => dropped(`failed (${e.message})`));
    stream.on('close', () => dropped('closed'));
  }

  private onEvent(ev: DockerEvent): void {
    if (ev.time !== undefined) this.lastEventSeconds = ev.time;
    if (!isRelevant(ev)) return;
    const patched = patchFromEvent(this.model.get(`docker:${ev.id}`), ev);
    if (patched === 'removed') this.model.patch([], [`docker:${ev.id}`]);
    else if (patched) this.model.patch([patched], []);
    this.scheduleRelist();
  }

  private scheduleRelist(): void {
    clearTimeout(this.relistTimer);
    this.relistTimer = setTimeout(() => void this.relist(), this.options.relistDebounceMs);
  }

  private schedulePoll(): void {
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
    if (!this.viewVisible || !this.api) return;
    this.pollTimer = setInterval(() => void this.relist(), timerDelay(this.options.fallbackPollMs));
  }

  /** One re-list at a time; a request during one runs once more after it. */
  private async relist(): Promise<void> {
    if (this.relisting) {
      this.relistAgain = true;
      return this.relisting;
    }
    const api = this.api;
    if (!api) return;
    const gen = this.generation;
    this.relisting = (async () => {
      try {
        do {
          this.relistAgain = false;
          await this.listInto(api);
        } while (this.relistAgain && gen === this.generation);
      } catch (err) {
        if (gen === this.generation) this.fail(err);
      } finally {
        this.relisting = undefined;
      }
    })();
    return this.relisting;
  }

  private async listInto(api: DockerApi): Promise<void> {
    const containers = await api.listContainers();
    if (api !== this.api) return;
    this.model.replaceBackendResources('docker', resourcesFromContainers(containers));
  }
}

/**
 * What an event says about a known resource, before the re-list confirms it.
 * Pure. Undefined when the event alone does not tell (create, rename…).
 */
export function patchFromEvent(current: Resource | undefined, ev: DockerEvent): Resource | 'removed' | undefined {
  if (!current) return undefined;
  const next: Resource = { ...current };
  switch (ev.action) {
    case 'destroy':
      return 'removed';
    case 'die': {
      next.state = 'exited';
      // A stopped container publishes nothing, and its next start may be given another host port.
      if (next.endpoint?.via === 'published') delete next.endpoint;
      const code = Number(ev.attributes.exitCode);
      if (Number.isInteger(code)) next.exitCode = code;
      delete next.health;
      next.status = Number.isInteger(code) ? `Exited (${code})` : 'Exited';
      return next;
    }
    case 'start':
    case 'restart':
    case 'unpause':
      next.state = 'running';
      // A random host port is chosen again at each start: the old one is stale until the re-list says the new one.
      if (ev.action !== 'unpause' && next.endpoint?.via === 'published') delete next.endpoint;
      delete next.exitCode;
      next.status = 'Up';
      return next;
    case 'pause':
      next.state = 'paused';
      next.status = 'Paused';
      return next;
    default:
      if (ev.action.startsWith('health_status')) {
        const h = ev.action.split(':')[1]?.trim();
        if (h === 'healthy' || h === 'unhealthy' || h === 'starting') next.health = h;
        return next;
      }
      return undefined;
  }
}
