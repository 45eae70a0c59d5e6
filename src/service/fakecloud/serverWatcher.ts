// Finds and identifies fakecloud servers: GET /_fakecloud/health on each endpoint, with a deadline. Looks when
// the endpoints change, when asked (Retry), and every poll interval only while a view is visible: with every view
// hidden it sends nothing.
import type { ServerStatus } from '../../protocol/model';
import { DEFAULT_SERVER, normaliseEndpoints } from '../../protocol/references';
import { httpCall } from './introspection';
import { HEALTH_PATH, parseHealth, serversToShow } from './serverHealth';

export const HEALTH_TIMEOUT_MS = 2_000;
export const SERVER_POLL_MS = 15_000;

/** One GET with a deadline (the server's routes' own call): status and body, or the reason it failed. */
export function httpGet(url: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return httpCall('GET', url, timeoutMs);
}

export interface ServerWatcherDeps {
  get?: typeof httpGet;
  /** Every change of what is shown. */
  onChange: (servers: ServerStatus[]) => void;
  /** Whether a fakecloud server's containers are in the model (a server runs somewhere). */
  serverContainersSeen: () => boolean;
  pollMs?: number;
  /** One line each time a server's state changes (found, lost, a different answer). */
  log?: (line: string) => void;
}

export class ServerWatcher {
  private endpoints = [DEFAULT_SERVER];
  /** Endpoints where running servers' processes listen (found from their pids): shown only when they answer. */
  private found: string[] = [];
  private configuredByUser = false;
  private readonly statuses = new Map<string, ServerStatus>();
  private visible = false;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private stopped = false;
  private pollMs: number;
  private containersSeen = false;

  constructor(private readonly deps: ServerWatcherDeps) {
    this.pollMs = deps.pollMs ?? SERVER_POLL_MS;
  }

  /** The endpoints from fakecloud.servers; the default alone counts as not configured. */
  setEndpoints(list: readonly string[]): void {
    const next = normaliseEndpoints(list.length ? list : [DEFAULT_SERVER]);
    const user = !(next.length === 1 && next[0] === DEFAULT_SERVER);
    if (JSON.stringify(next) === JSON.stringify(this.endpoints) && user === this.configuredByUser) return;
    this.endpoints = next;
    this.configuredByUser = user;
    // A found server now configured is one server, shown once, its last answer kept.
    this.found = this.found.filter((e) => !next.includes(e));
    this.forgetUnwatched();
    // Shown as set at once (a new one "checking…"), not only once every endpoint has answered.
    this.deps.onChange(this.list());
    void this.check();
  }

  /** How often to look while a view is visible (the discovery's fallback re-list interval). */
  setPollMs(ms: number): void {
    this.pollMs = ms;
    this.schedule();
  }

  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (visible) void this.check();
    this.schedule();
  }

  /** Endpoints running servers listen on (from their pids); looked at now when they are new. */
  setFound(list: readonly string[]): void {
    const next = normaliseEndpoints(list).filter((e) => !this.endpoints.includes(e));
    if (JSON.stringify(next) === JSON.stringify(this.found)) return;
    const fresh = next.some((e) => !this.found.includes(e));
    this.found = next;
    this.forgetUnwatched();
    if (fresh) void this.check();
    else this.deps.onChange(this.list());
  }

  /** What is shown now, re-read (a server's containers may have come or gone). */
  list(): ServerStatus[] {
    const all = this.endpoints.map((e) => this.statuses.get(e) ?? { endpoint: e, state: 'checking' as const });
    // A port a server's process listens on is a server only if it answers as one (it may listen on others too).
    const found = this.found.flatMap((e) => {
      const st = this.statuses.get(e);
      return st?.state === 'connected' ? [st] : [];
    });
    return [...serversToShow(all, this.configuredByUser, this.deps.serverContainersSeen()), ...found];
  }

  /** Looks at every endpoint now (Retry); resolves once each has answered or failed. */
  async check(): Promise<ServerStatus[]> {
    if (this.stopped) return this.list();
    // One at a time; one asked for meanwhile (Retry) runs after it, so it sees the servers as they are now.
    while (this.checking) await this.checking;
    this.checking = Promise.all([...this.endpoints, ...this.found].map((e) => this.checkOne(e))).then(() => {
      this.checking = undefined;
    });
    await this.checking;
    const shown = this.list();
    this.deps.onChange(shown);
    return shown;
  }

  /**
   * Called as the model changes. Only whether a server's containers are there matters: when they come, a server
   * runs now and is looked for at once rather than at the next interval; when they go, an unreachable one is no
   * longer worth showing.
   */
  modelChanged(): void {
    const seen = this.deps.serverContainersSeen();
    if (seen === this.containersSeen) return;
    this.containersSeen = seen;
    if (seen) void this.check();
    else this.deps.onChange(this.list());
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async checkOne(endpoint: string): Promise<void> {
    const get = this.deps.get ?? httpGet;
    try {
      const res = await get(`${endpoint}${HEALTH_PATH}`, HEALTH_TIMEOUT_MS);
      const h = parseHealth(res.status, res.body);
      this.setStatus(
        'error' in h
          ? { endpoint, state: 'unreachable', error: h.error }
          : { endpoint, state: 'connected', version: h.version, services: h.services },
      );
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const why = e.code === 'ECONNREFUSED' ? 'nothing listens there (connection refused)' : e.message;
      this.setStatus({ endpoint, state: 'unreachable', error: why });
    }
  }

  /** Drops the answers of endpoints neither configured nor found. */
  private forgetUnwatched(): void {
    for (const e of [...this.statuses.keys()]) if (!this.endpoints.includes(e) && !this.found.includes(e)) this.statuses.delete(e);
  }

  private setStatus(s: ServerStatus): void {
    const before = this.statuses.get(s.endpoint);
    this.statuses.set(s.endpoint, s);
    if (JSON.stringify(before) === JSON.stringify(s)) return;
    this.deps.log?.(
      s.state === 'connected'
        ? `fakecloud server ${s.endpoint}: fakecloud ${s.version ?? '?'} answers (${(s.services ?? []).join(', ') || 'no services listed'})`
        : `fakecloud server ${s.endpoint}: unreachable: ${s.error ?? 'no answer'}`,
    );
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.visible || this.stopped) return;
    this.timer = setTimeout(() => {
      void this.check().finally(() => this.schedule());
    }, this.pollMs);
    this.timer.unref();
  }
}
