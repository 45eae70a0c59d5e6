// Each answering fakecloud server's resources, listed through its AWS API and its own routes: at once when it
// answers, after every action, soon after its containers change, and every interval while a view is visible.
// With every view hidden nothing is sent. One service that fails to list is said in the tree; the others show.
import type { AwsTie } from '../../protocol/aws';
import { DEFAULT_REGION } from '../../protocol/handOff';
import type { Resource, ServerStatus } from '../../protocol/model';
import type { LiveModel } from '../model/liveModel';
import type { ServiceLog } from '../support/log';
import { Introspection } from './introspection';
import { buildInventory, type ServerListing } from './inventory';
import type { ServerApi, ServerApiOptions } from './serverApi';

export const LIST_TIMEOUT_MS = 10_000;
export const DEFAULT_INVENTORY_POLL_MS = 1_500;
/** Container changes come in bursts (a create is several events): one listing after the burst. */
const NUDGE_MS = 250;

export interface ServerInventoriesDeps {
  model: LiveModel;
  log: ServiceLog;
  /** The AWS SDK half, loaded on first use. */
  makeApi: (opts: ServerApiOptions) => Promise<ServerApi>;
  introspection?: (endpoint: string) => Introspection;
  invokeTimeoutMs: () => number;
  region?: () => string;
  pollMs?: number;
}

interface ServerEntry {
  status: ServerStatus;
  api?: Promise<ServerApi>;
  introspection: Introspection;
  listing?: Promise<void>;
  /** Another listing was asked for while one ran: it runs once that one ends. */
  again: boolean;
  listed: boolean;
  errors: { service: string; error: string }[];
  ties: Map<string, AwsTie>;
  strays: Set<string>;
}

const SERVICES = ['elasticache', 'lambda', 'ec2', 'rds'] as const;

export class ServerInventories {
  private readonly servers = new Map<string, ServerEntry>();
  private watched: ServerStatus[] = [];
  private visible = false;
  private timer: NodeJS.Timeout | undefined;
  private nudgeTimer: NodeJS.Timeout | undefined;
  private pollMs: number;
  private stopped = false;
  /** Listings sent, for the benchmark and the tests of "nothing while hidden". */
  listings = 0;
  /** How long the last listing took, from its first call to the model showing it (the benchmark reads it). */
  lastListingMs = 0;

  constructor(private readonly deps: ServerInventoriesDeps) {
    this.pollMs = deps.pollMs ?? DEFAULT_INVENTORY_POLL_MS;
  }

  /** The servers as the watcher sees them: an answering one is listed, one that stopped answering forgotten. */
  update(statuses: ServerStatus[]): void {
    this.watched = statuses;
    const connected = new Set(statuses.filter((s) => s.state === 'connected').map((s) => s.endpoint));
    for (const [endpoint, e] of this.servers) {
      if (connected.has(endpoint)) continue;
      this.servers.delete(endpoint);
      void e.api?.then((a) => a.close()).catch(() => undefined);
      this.deps.model.setAwsResources(endpoint, []);
    }
    let fresh = false;
    for (const s of statuses) {
      if (s.state !== 'connected') continue;
      const e = this.servers.get(s.endpoint);
      if (e) e.status = s;
      else {
        fresh = true;
        this.servers.set(s.endpoint, {
          status: s,
          introspection: (this.deps.introspection ?? ((x: string) => new Introspection(x)))(s.endpoint),
          again: false,
          listed: false,
          errors: [],
          ties: new Map(),
          strays: new Set(),
        });
      }
    }
    this.publish();
    this.deps.model.reannotate();
    // A server that just answered is listed at once, seen or not: the first listing is what ties its containers.
    if (fresh) for (const [endpoint, e] of this.servers) if (!e.listed) void this.list(endpoint);
    this.schedule();
  }

  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (visible) void this.refreshAll();
    this.schedule();
  }

  setPollMs(ms: number): void {
    this.pollMs = ms;
    this.schedule();
  }

  /** A server's containers changed: list again soon, while a view is visible. */
  nudge(): void {
    if (!this.visible || this.servers.size === 0 || this.nudgeTimer) return;
    this.nudgeTimer = setTimeout(() => {
      this.nudgeTimer = undefined;
      void this.refreshAll();
    }, NUDGE_MS);
    this.nudgeTimer.unref();
  }

  async refreshAll(): Promise<void> {
    await Promise.all([...this.servers.keys()].map((e) => this.list(e)));
  }

  /** Lists one server now (after an action); resolves once the model shows what it found. */
  async refresh(endpoint: string): Promise<void> {
    await this.list(endpoint);
  }

  /** The server's API, loaded on first use. */
  api(endpoint: string): Promise<ServerApi> {
    const e = this.servers.get(endpoint);
    if (!e) return Promise.reject(new Error(`the fakecloud server at ${endpoint} does not answer`));
    e.api ??= this.deps.makeApi({
      endpoint,
      region: this.deps.region?.() ?? DEFAULT_REGION,
      requestTimeoutMs: LIST_TIMEOUT_MS,
      invokeTimeoutMs: this.deps.invokeTimeoutMs(),
    });
    return e.api;
  }

  introspection(endpoint: string): Introspection {
    const e = this.servers.get(endpoint);
    if (!e) throw new Error(`the fakecloud server at ${endpoint} does not answer`);
    return e.introspection;
  }

  /** A server's container: tied to what it runs, or marked a stray. */
  annotate = (r: Resource): Resource => {
    if (r.owner.type !== 'fakecloud' || r.leftover) return r;
    for (const [endpoint, e] of this.servers) {
      const tie = e.ties.get(r.id);
      if (tie) return { ...r, aws: tie };
      if (e.strays.has(r.id)) return { ...r, stray: endpoint };
    }
    return r;
  };

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.nudgeTimer);
    for (const e of this.servers.values()) void e.api?.then((a) => a.close()).catch(() => undefined);
  }

  private list(endpoint: string): Promise<void> {
    const e = this.servers.get(endpoint);
    if (!e || this.stopped) return Promise.resolve();
    if (e.listing) {
      // One at a time per server; one asked for meanwhile runs after, so an action's result is always seen.
      e.again = true;
      return e.listing.then(() => this.list(endpoint));
    }
    e.listing = this.listOnce(endpoint, e).finally(() => {
      e.listing = undefined;
    });
    return e.listing;
  }

  private async listOnce(endpoint: string, e: ServerEntry): Promise<void> {
    e.again = false;
    this.listings++;
    const started = process.hrtime.bigint();
    const offered = e.status.services?.length ? e.status.services.map((s) => s.toLowerCase()) : [...SERVICES];
    const wants = (s: string) => offered.includes(s);
    const errors: { service: string; error: string }[] = [];
    const listing: ServerListing = { server: endpoint };
    let api: ServerApi;
    try {
      api = await this.api(endpoint);
    } catch (err) {
      errors.push({ service: 'all', error: `the AWS SDK could not be loaded: ${(err as Error).message}` });
      this.finish(endpoint, e, listing, errors);
      return;
    }
    const intro = e.introspection;
    const attempt = async <T>(service: string, run: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await run();
      } catch (err) {
        errors.push({ service, error: (err as Error).message });
        return undefined;
      }
    };
    // Ties from the server's own routes are a help, not a need: without them labels tie.
    const quiet = async <T>(run: () => Promise<T>): Promise<T | undefined> => run().catch(() => undefined);
    await Promise.all([
      wants('elasticache') &&
        Promise.all([
          attempt('elasticache', () => api.listCacheClusters()).then((x) => (listing.clusters = x)),
          attempt('elasticache', () => api.listReplicationGroups()).then((x) => (listing.groups = x)),
          // Older servers have no serverless caches: their absence is no error worth showing.
          quiet(() => api.listServerlessCaches()).then((x) => (listing.serverless = x)),
          quiet(() => intro.clusterTies()).then((x) => (listing.clusterTies = x)),
        ]),
      wants('lambda') &&
        Promise.all([
          attempt('lambda', () => api.listFunctions()).then((x) => (listing.functions = x)),
          quiet(() => intro.warmContainers()).then((x) => (listing.warm = x)),
        ]),
      wants('ec2') &&
        Promise.all([
          attempt('ec2', () => api.listInstances()).then((x) => (listing.instances = x)),
          quiet(() => intro.instanceTies()).then((x) => (listing.instanceTies = x)),
        ]),
      wants('rds') &&
        Promise.all([
          attempt('rds', () => api.listDbInstances()).then((x) => (listing.dbs = x)),
          quiet(() => intro.dbTies()).then((x) => (listing.dbTies = x)),
        ]),
    ]);
    // A listing that fails half-way keeps nothing of that half: the service's other calls still stand.
    if (errors.some((x) => x.service === 'elasticache')) {
      listing.clusters = undefined;
      listing.groups = undefined;
    }
    this.finish(endpoint, e, listing, errors);
    this.lastListingMs = Number(process.hrtime.bigint() - started) / 1e6;
  }

  private finish(endpoint: string, e: ServerEntry, listing: ServerListing, errors: { service: string; error: string }[]): void {
    if (this.servers.get(endpoint) !== e) return; // it went away meanwhile
    const before = JSON.stringify(e.errors);
    // In a fixed order, so the first one the tree shows does not change with the order answers came in.
    e.errors = dedupe(errors).sort(
      (a, b) =>
        SERVICES.indexOf(a.service as (typeof SERVICES)[number]) - SERVICES.indexOf(b.service as (typeof SERVICES)[number]) ||
        a.error.localeCompare(b.error),
    );
    // Once per change, in one line: a server without these APIs would otherwise fill the log.
    if (JSON.stringify(e.errors) !== before && e.errors.length)
      this.deps.log.warn(
        `fakecloud ${endpoint}: could not list ${[...new Set(e.errors.map((x) => x.service))].join(', ')}: ${e.errors[0].error}` +
          (e.errors.length > 1 ? ` (and ${e.errors.length - 1} more)` : ''),
      );
    const inv = buildInventory(listing, this.deps.model.snapshot().resources, Date.now(), this.servers.size === 1);
    e.ties = inv.ties;
    e.strays = inv.strays;
    e.listed = true;
    this.deps.model.setAwsResources(endpoint, inv.items);
    this.deps.model.reannotate();
    this.publish();
  }

  /** The watcher's statuses, with what the listing adds: listed, and what could not be listed. */
  private publish(): void {
    this.deps.model.setServers(
      this.watched.map((s) => {
        const e = this.servers.get(s.endpoint);
        if (!e) return s;
        return { ...s, listed: e.listed, ...(e.errors.length ? { listingErrors: e.errors } : {}) };
      }),
    );
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.visible || this.stopped || this.servers.size === 0) return;
    this.timer = setTimeout(() => {
      void this.refreshAll().finally(() => this.schedule());
    }, this.pollMs);
    this.timer.unref();
  }
}

function dedupe(errors: { service: string; error: string }[]): { service: string; error: string }[] {
  const seen = new Set<string>();
  return errors.filter((x) => {
    const k = `${x.service}\n${x.error}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
