// Starting the bundled service (dist/service.js) through real clients, in a runtime
// directory of the test's own.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ServiceClient, type ServiceClientOptions } from '../../src/client/serviceClient';
import type { ServiceSettings } from '../../src/protocol/rpc';
import { IMAGES } from './docker';
import { serviceLocation, type ServiceLocation } from '../../src/protocol/serviceLocation';

/**
 * Settings for resources made on these machines: host networking on loopback, the
 * locally built images, and a reconcile pass every second.
 */
export const LOCAL_SETTINGS = {
  networkMode: 'host' as const,
  redisImage: IMAGES.redis,
  memcachedImage: IMAGES.memcached,
  instanceImage: IMAGES.instance,
  functionImages: { 'nodejs20.x': IMAGES.lambdaNode },
  readinessTimeoutSeconds: 20,
  reconcile: { intervalSeconds: 1, repairFakecloudResources: false },
} satisfies ServiceSettings;

export const SERVICE_BUNDLE = path.resolve(__dirname, '../../../dist/service.js');

export function requireBundle(): void {
  if (!fs.existsSync(SERVICE_BUNDLE)) throw new Error(`${SERVICE_BUNDLE} is missing: run npm run build`);
}

export function tempLocation(name: string): ServiceLocation {
  const dir = path.join(os.tmpdir(), `fcx-${name}-${process.pid}-${Date.now().toString(36)}`);
  return serviceLocation({
    platform: process.platform,
    env: { FAKECLOUD_EXPLORER_RUNTIME_DIR: dir, FAKECLOUD_EXPLORER_STATE_DIR: `${dir}-state` },
    uid: process.getuid?.() ?? 0,
    username: os.userInfo().username,
    tmpdir: os.tmpdir(),
    homedir: os.homedir(),
  });
}

/** The environment of a service that runs in `location` (its runtime and state directories). */
export function serviceEnv(location: ServiceLocation, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, FAKECLOUD_EXPLORER_RUNTIME_DIR: location.dir, FAKECLOUD_EXPLORER_STATE_DIR: location.stateDir, ...extra };
}

export function client(location: ServiceLocation, over: Partial<ServiceClientOptions> = {}): ServiceClient {
  return new ServiceClient({
    location,
    servicePath: SERVICE_BUNDLE,
    serviceArgs: ['--idle-timeout', '30'],
    clientName: 'test',
    reconnect: false,
    env: serviceEnv(location),
    ...over,
  });
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops whatever service runs in that location and removes the directory. */
export async function cleanupLocation(location: ServiceLocation): Promise<void> {
  try {
    const pid = Number(fs.readFileSync(location.lockPath, 'utf8').trim().split(/\s+/)[0]);
    if (pid > 0 && pidAlive(pid)) {
      process.kill(pid, 'SIGTERM');
      const deadline = Date.now() + 5_000;
      while (pidAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    }
  } catch {
    // no service
  }
  // A service that lost a start race may still be starting (slow on a busy machine) and write its log: retry.
  fs.rmSync(location.dir, { recursive: true, force: true, maxRetries: 40, retryDelay: 150 });
  fs.rmSync(location.stateDir, { recursive: true, force: true, maxRetries: 40, retryDelay: 150 });
}

/** A client of a fresh service in `location`, configured, once the service is connected to Docker. */
export async function connectedClient(
  location: ServiceLocation,
  settings: ServiceSettings,
  over: Partial<ServiceClientOptions> = {},
): Promise<ServiceClient> {
  const c = client(location, { serviceArgs: ['--idle-timeout', '60'], ...over });
  await c.connect();
  await c.configure(settings);
  const deadline = Date.now() + 5_000;
  while (c.snapshot?.backends.find((b) => b.backend === 'docker')?.state !== 'connected') {
    if (Date.now() > deadline) throw new Error(`the service did not connect to Docker: ${JSON.stringify(c.snapshot?.backends)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return c;
}

/** Apply Stack as the command does it: the plan first, then the apply of exactly that plan. */
export async function applyStack(c: ServiceClient, file: string, remove: boolean, timeoutMs = 120_000) {
  const planned = await c.request('stack/plan', { file });
  if (!planned.digest) throw new Error(`${file} has problems: ${JSON.stringify(planned.problems)}`);
  return c.request('stack/apply', { file, remove, digest: planned.digest }, timeoutMs);
}

/**
 * A stack file in `dir` with a cache and a function (its code: `dir`) made on a fakecloud server through its API
 * (`on: server`); returns its path.
 */
export function writeServerStack(dir: string, server: string, cache: string, fn: string): string {
  const file = path.join(dir, 'fakecloud.yaml');
  fs.writeFileSync(
    file,
    [
      `server: ${server}`,
      'caches:',
      `  ${cache}:`,
      '    on: server',
      'functions:',
      `  ${fn}:`,
      '    runtime: nodejs20.x',
      '    handler: index.handler',
      '    code: .',
      '    on: server',
    ].join('\n') + '\n',
  );
  return file;
}
