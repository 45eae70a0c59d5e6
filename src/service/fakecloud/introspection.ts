// A fakecloud server's own routes (JSON, camelCase): which container runs each resource, the warm containers of
// functions, the invocation log, evicting a warm container, resetting a service. Each call has a deadline; unknown
// fields are ignored and an odd entry is dropped, never the whole answer. An older server without a route answers
// 404: that route's ties are then taken from labels.
import * as http from 'node:http';
import * as https from 'node:https';
import type { Invocation } from '../../protocol/aws';

export const INTROSPECTION_TIMEOUT_MS = 5_000;
/** The invocation log can be long; more than this is not read. */
const MAX_BODY = 16 * 1024 * 1024;

export interface HttpAnswer {
  status: number;
  body: string;
}

export type HttpCall = (method: 'GET' | 'POST', url: string, timeoutMs: number) => Promise<HttpAnswer>;

export const httpCall: HttpCall = (method, url, timeoutMs) =>
  new Promise((resolve, reject) => {
    const lib = url.startsWith('https:') ? https : http;
    // A connection of its own each time: loopback makes it cheap, and a server that restarted never meets a stale one.
    const req = lib.request(
      url,
      { method, timeout: timeoutMs, agent: false, headers: { accept: 'application/json', 'content-length': 0 } },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_BODY) req.destroy(new Error(`the answer to ${method} ${new URL(url).pathname} is larger than 16 MB`));
          else chunks.push(c);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on('error', reject);
    req.end();
  });

/** A tie from the server's own routes: which container (or Pod) runs a resource, and on which host port. */
export interface ContainerTie {
  id: string;
  containerId: string;
  hostPort?: number;
}

export interface WarmContainer {
  functionName: string;
  containerId: string;
  lastUsedSecsAgo?: number;
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const s = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const n = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The list under `key` of a JSON answer, or undefined when the answer is not one. */
export function listIn(body: string, key: string): Record<string, unknown>[] | undefined {
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!isObj(v) || !Array.isArray(v[key])) return undefined;
  return (v[key] as unknown[]).filter(isObj);
}

/** Entries of a list that name a container, by the id field the route uses. */
export function tiesIn(entries: Record<string, unknown>[], idField: string): ContainerTie[] {
  return entries.flatMap((e) => {
    const id = s(e[idField]);
    const containerId = s(e.containerId);
    if (!id || !containerId) return [];
    const hostPort = n(e.hostPort);
    return [{ id, containerId, ...(hostPort ? { hostPort } : {}) }];
  });
}

export function warmContainersIn(entries: Record<string, unknown>[]): WarmContainer[] {
  return entries.flatMap((e) => {
    const functionName = s(e.functionName);
    const containerId = s(e.containerId);
    if (!functionName || !containerId) return [];
    const last = n(e.lastUsedSecsAgo);
    return [{ functionName, containerId, ...(last !== undefined ? { lastUsedSecsAgo: last } : {}) }];
  });
}

export function invocationsIn(entries: Record<string, unknown>[]): Invocation[] {
  return entries.flatMap((e) => {
    const functionArn = s(e.functionArn) ?? s(e.functionName);
    if (!functionArn) return [];
    const payload = typeof e.payload === 'string' ? e.payload : JSON.stringify(e.payload ?? null);
    const ts = typeof e.timestamp === 'number' ? new Date(e.timestamp * (e.timestamp < 1e12 ? 1000 : 1)).toISOString() : s(e.timestamp);
    return [{ functionArn, payload, source: s(e.source) ?? 'unknown', timestamp: ts ?? '' }];
  });
}

export class Introspection {
  constructor(
    readonly endpoint: string,
    private readonly http: HttpCall = httpCall,
  ) {}

  /** The list under `key`; undefined when the server has no such route (an older server). */
  private async list(path: string, key: string): Promise<Record<string, unknown>[] | undefined> {
    const res = await this.http('GET', `${this.endpoint}${path}`, INTROSPECTION_TIMEOUT_MS);
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new Error(`${path} answered HTTP ${res.status}`);
    const list = listIn(res.body, key);
    if (!list) throw new Error(`${path} answered something other than {${key}: […]}`);
    return list;
  }

  async clusterTies(): Promise<ContainerTie[] | undefined> {
    const l = await this.list('/_fakecloud/elasticache/clusters', 'clusters');
    return l && tiesIn(l, 'cacheClusterId');
  }

  async dbTies(): Promise<ContainerTie[] | undefined> {
    const l = await this.list('/_fakecloud/rds/instances', 'instances');
    return l && tiesIn(l, 'dbInstanceIdentifier');
  }

  async instanceTies(): Promise<ContainerTie[] | undefined> {
    const l = await this.list('/_fakecloud/ec2/instances', 'instances');
    return l && tiesIn(l, 'instanceId');
  }

  async warmContainers(): Promise<WarmContainer[] | undefined> {
    const l = await this.list('/_fakecloud/lambda/warm-containers', 'containers');
    return l && warmContainersIn(l);
  }

  async invocations(): Promise<Invocation[]> {
    const l = await this.list('/_fakecloud/lambda/invocations', 'invocations');
    if (!l) throw new Error('this fakecloud server has no invocation log (/_fakecloud/lambda/invocations)');
    return invocationsIn(l);
  }

  /** Drops a function's warm container: true when there was one. */
  async evict(functionName: string): Promise<boolean> {
    const res = await this.http(
      'POST',
      `${this.endpoint}/_fakecloud/lambda/${encodeURIComponent(functionName)}/evict-container`,
      INTROSPECTION_TIMEOUT_MS,
    );
    if (res.status !== 200) throw new Error(`evict-container answered HTTP ${res.status}${res.body ? `: ${res.body.slice(0, 200)}` : ''}`);
    try {
      return (JSON.parse(res.body) as { evicted?: unknown }).evicted === true;
    } catch {
      return false;
    }
  }

  /** Wipes one service's state on the server, or all of it (`service` undefined). */
  async reset(service?: string): Promise<void> {
    const path = service ? `/_fakecloud/reset/${encodeURIComponent(service)}` : '/_reset';
    const res = await this.http('POST', `${this.endpoint}${path}`, 30_000);
    if (res.status < 200 || res.status >= 300)
      throw new Error(`${path} answered HTTP ${res.status}${res.body ? `: ${res.body.slice(0, 200)}` : ''}`);
  }
}
