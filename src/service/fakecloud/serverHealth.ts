// What a fakecloud server's health route says, and which servers are worth showing. Pure.
import type { ServerStatus } from '../../protocol/model';

export const HEALTH_PATH = '/_fakecloud/health';

/**
 * `{status:"ok", version, services:[…]}` — unknown fields are ignored, a missing version or list is tolerated; an answer
 * that is not JSON, or JSON of another shape, is not a fakecloud server.
 */
export function parseHealth(status: number, body: string): { version: string; services: string[] } | { error: string } {
  if (status !== 200) return { error: `it answered HTTP ${status} to ${HEALTH_PATH}: not a fakecloud server` };
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    return { error: `its answer to ${HEALTH_PATH} is not JSON: not a fakecloud server` };
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return { error: `its answer to ${HEALTH_PATH} is not an object` };
  const o = v as { status?: unknown; version?: unknown; services?: unknown };
  if (o.status !== undefined && o.status !== 'ok') return { error: `it reports its health as ${JSON.stringify(o.status)}` };
  const services = Array.isArray(o.services) ? o.services.filter((s): s is string => typeof s === 'string') : [];
  return { version: typeof o.version === 'string' ? o.version : 'unknown version', services };
}

/**
 * The servers the tree and status bar show: every one that answers; one that does not only when the user named it
 * (not just the default) or a server's containers say one runs. Someone using the extension without fakecloud sees
 * nothing about servers.
 */
export function serversToShow(all: ServerStatus[], configuredByUser: boolean, serverContainersSeen: boolean): ServerStatus[] {
  return all.filter((s) => s.state === 'connected' || configuredByUser || serverContainersSeen);
}
