// Each kind's runtime acts through the runner of the backend a resource runs on
// (or its stored spec names), under the locks the reconciler checks.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BackendKind, Resource } from '../../../src/protocol/model';
import { CacheCli } from '../../../src/service/runtime/caches/cacheCli';
import { CacheRuntime, type CacheRuntimeDeps } from '../../../src/service/runtime/caches/cacheRuntime';
import type { CacheRunner } from '../../../src/service/runtime/caches/cacheRunner';
import type { CacheSpec } from '../../../src/service/runtime/caches/cacheSpec';
import { FunctionRuntime, type FunctionRuntimeDeps } from '../../../src/service/runtime/functions/functionRuntime';
import type { FunctionRunner } from '../../../src/service/runtime/functions/functionRunner';
import type { FunctionSpec } from '../../../src/service/runtime/functions/functionSpec';
import { InstanceRuntime, type InstanceRuntimeDeps } from '../../../src/service/runtime/instances/instanceRuntime';
import type { InstanceRunner } from '../../../src/service/runtime/instances/instanceRunner';
import { DesiredStateStore } from '../../../src/service/store/desiredState';
import { ownedKey } from '../../../src/service/support/lockKeys';
import { ServiceLog } from '../../../src/service/support/log';
import { ResourceLocks } from '../../../src/service/support/resourceLocks';

function resource(backend: BackendKind, kind: Resource['kind'], name: string): Resource {
  return {
    id: `${backend}:${name}`,
    backend,
    kind,
    name,
    service: 'elasticache',
    engine: 'redis',
    image: 'img',
    containerId: `${name}-1`,
    containerName: `${name}-1`,
    state: 'running',
    status: 'Up',
    owner: { type: 'extension' },
    created: 0,
    labels: {},
  };
}

/** A runner that records each call as "<backend> <method> <what the entry's lock was held for>". */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the interface the fake stands for
function recording<T extends object>(
  backend: BackendKind | 'server',
  calls: string[],
  locks: ResourceLocks,
  key: (arg: unknown) => string,
): T {
  return new Proxy({} as T, {
    get:
      (_t, method: string) =>
      (arg: unknown): Promise<unknown> => {
        calls.push(`${backend} ${method} ${locks.heldBy(key(arg)) ?? '-'}`);
        return Promise.resolve(method === 'delete' ? { keptVolumes: [], forgot: false } : method === 'start' ? { waitedMs: 0 } : {});
      },
  });
}

describe('one runner per backend', () => {
  let dir: string;
  let store: DesiredStateStore;
  let locks: ResourceLocks;
  let calls: string[];
  const onDocker = { cache: resource('docker', 'cache', 'orders'), instance: resource('docker', 'instance', 'i-1') };
  const onPods = { cache: resource('kubernetes', 'cache', 'carts'), instance: resource('kubernetes', 'instance', 'i-2') };
  const fnDocker = resource('docker', 'function', 'resize');
  const fnPod = resource('kubernetes', 'function', 'thumbs');
  // A fakecloud server's, tied to what it runs: acted on through the server's API, wherever its container is.
  const tied = (r: Resource, type: 'cache-cluster' | 'instance' | 'function'): Resource => ({
    ...r,
    owner: { type: 'fakecloud', pid: 42, instance: 'fakecloud-42' },
    aws: { id: `aws|s|${type}||${r.name}`, server: 's', type, awsId: r.name, expectsRunning: true },
  });
  const onServer = {
    cache: tied(resource('kubernetes', 'cache', 'sessions'), 'cache-cluster'),
    instance: tied(resource('docker', 'instance', 'i-3'), 'instance'),
    fn: tied(resource('docker', 'function', 'echo'), 'function'),
  };
  const all = [
    onDocker.cache,
    onDocker.instance,
    onPods.cache,
    onPods.instance,
    fnDocker,
    fnPod,
    onServer.cache,
    onServer.instance,
    onServer.fn,
  ];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-runner-'));
    store = new DesiredStateStore(dir);
    store.load();
    locks = new ResourceLocks();
    calls = [];
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function base() {
    return {
      store,
      locks,
      log: new ServiceLog(),
      model: { get: (id: string) => all.find((r) => r.id === id), snapshot: () => ({ resources: all }) },
      refresh: async () => undefined,
    };
  }
  const nameOf = (kind: string) => (arg: unknown) => {
    const a = arg as { name?: string; instanceId?: string } | undefined;
    return ownedKey(kind, a?.instanceId ?? a?.name ?? '');
  };

  it('caches: the resource’s backend picks the runner; a repair goes by the spec’s placement', async () => {
    const runners = {
      docker: recording<CacheRunner>('docker', calls, locks, nameOf('cache')),
      kubernetes: recording<CacheRunner>('kubernetes', calls, locks, nameOf('cache')),
      server: recording<CacheRunner>('server', calls, locks, nameOf('cache')),
    };
    const deps = { ...base(), cli: new CacheCli(() => assert.fail('no redis-cli here')) } as unknown as CacheRuntimeDeps;
    const caches = new CacheRuntime(deps, runners);
    await caches.reboot(onDocker.cache.id, { progress: () => undefined });
    await caches.reboot(onPods.cache.id, { progress: () => undefined });
    await caches.delete(onPods.cache.id);
    await caches.reboot(onServer.cache.id, { progress: () => undefined });
    await caches.delete(onServer.cache.id);
    const spec: CacheSpec = { name: 'carts', engine: 'redis', image: 'img', networkMode: 'host', createdAt: 'now' };
    await caches.recreateFromSpec({ ...spec, backend: 'kubernetes' });
    await caches.recreateFromSpec(spec);
    assert.deepEqual(calls, [
      'docker reboot -',
      'kubernetes reboot -',
      'kubernetes delete delete',
      'server reboot -',
      'server delete delete',
      'kubernetes recreate reconcile',
      'docker recreate reconcile',
    ]);
  });

  it('instances: stop, start, reboot and terminate under the entry’s lock, on the resource’s backend', async () => {
    const runners = {
      docker: recording<InstanceRunner>('docker', calls, locks, nameOf('instance')),
      kubernetes: recording<InstanceRunner>('kubernetes', calls, locks, nameOf('instance')),
      server: recording<InstanceRunner>('server', calls, locks, nameOf('instance')),
    };
    const instances = new InstanceRuntime(
      { ...base(), settings: () => ({ image: 'img', networkMode: 'host' }) } as InstanceRuntimeDeps,
      runners,
    );
    await instances.stop(onDocker.instance.id);
    await instances.start(onPods.instance.id);
    await instances.reboot(onPods.instance.id);
    await instances.terminate(onDocker.instance.id);
    await instances.stop(onServer.instance.id);
    await instances.terminate(onServer.instance.id);
    assert.deepEqual(calls, [
      'docker stop stop',
      'kubernetes start start',
      'kubernetes reboot reboot',
      'docker terminate terminate',
      'server stop stop',
      'server terminate terminate',
    ]);
  });

  it('functions: the runner of its backend; the stored code goes only when the runner forgot the function', async () => {
    const runners = {
      docker: recording<FunctionRunner>('docker', calls, locks, nameOf('function')),
      kubernetes: recording<FunctionRunner>('kubernetes', calls, locks, nameOf('function')),
      server: recording<FunctionRunner>('server', calls, locks, nameOf('function')),
    };
    const codeDir = path.join(dir, 'functions');
    fs.mkdirSync(path.join(codeDir, 'thumbs'), { recursive: true });
    const deps = { ...base(), codeDir, settings: () => ({ images: {}, networkMode: 'host', readinessTimeoutMs: 1, invokeTimeoutMs: 1 }) };
    const functions = new FunctionRuntime(deps as unknown as FunctionRuntimeDeps, runners);
    await functions.stop(fnDocker.id);
    await functions.start(fnPod.id, { progress: () => undefined });
    await functions.delete(fnPod.id);
    await functions.delete(onServer.fn.id);
    await functions.invoke(onServer.fn.id, '{}');
    const archive = path.join(dir, 'code.tar');
    fs.writeFileSync(archive, '');
    const spec = { name: 'thumbs', codeArchive: archive, backend: 'kubernetes' } as FunctionSpec;
    await functions.recreateFromSpec(spec);
    assert.deepEqual(calls, [
      'docker stop stop',
      'kubernetes start start',
      'kubernetes delete delete',
      'server delete delete',
      // Invoke goes through the server's Lambda API, not to a port of its container.
      'server invoke -',
      'kubernetes recreate reconcile',
    ]);
    assert.ok(fs.existsSync(path.join(codeDir, 'thumbs')), 'kept: the runner did not forget it');
    functions.close();
  });
});
