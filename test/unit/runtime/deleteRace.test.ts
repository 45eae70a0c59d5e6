// Delete and the reconciler: the entry is forgotten before anything is removed, under
// the lock the reconciler checks, so a pass in between never makes the cache again.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Resource } from '../../../src/protocol/model';
import type { ContainerBackend, ContainerDetails } from '../../../src/service/backends/backend';
import { CacheRuntime, type CacheRuntimeDeps } from '../../../src/service/runtime/caches/cacheRuntime';
import { CacheCli } from '../../../src/service/runtime/caches/cacheCli';
import type { CacheRunner } from '../../../src/service/runtime/caches/cacheRunner';
import { ContainerCaches, type ContainerCachesDeps } from '../../../src/service/runtime/caches/containerCaches';
import { cacheContainerName, cacheVolumeName, type CacheSpec } from '../../../src/service/runtime/caches/cacheSpec';
import { DesiredStateStore, SCHEMA_VERSION } from '../../../src/service/store/desiredState';
import { ownedKey } from '../../../src/service/support/lockKeys';
import { ServiceLog } from '../../../src/service/support/log';
import { ResourceLocks } from '../../../src/service/support/resourceLocks';

const spec: CacheSpec = {
  name: 'orders',
  engine: 'redis',
  image: 'redis:7',
  networkMode: 'host',
  port: 7000,
  volume: cacheVolumeName('orders'),
  createdAt: 'now',
};
const resource: Resource = {
  id: 'docker:c1',
  backend: 'docker',
  kind: 'cache',
  name: 'orders',
  service: 'elasticache',
  engine: 'redis',
  image: 'redis:7',
  containerId: 'c1',
  containerName: cacheContainerName('orders'),
  state: 'running',
  status: 'Up',
  owner: { type: 'extension' },
  created: 0,
  labels: {},
};

/** Records every call, and what the store and the locks said at the moment the container was removed. */
function recordingBackend(store: DesiredStateStore, locks: ResourceLocks) {
  const calls: string[] = [];
  const seenAtRemove: { listed: boolean; heldBy: string | undefined }[] = [];
  const details: ContainerDetails = {
    id: 'c1',
    name: resource.containerName,
    image: 'redis:7',
    running: true,
    status: 'running',
    exitCode: 0,
    tty: false,
    labels: {},
    ports: {},
    volumes: [spec.volume!],
  };
  const backend: Partial<ContainerBackend> = {
    kind: 'docker',
    inspectContainer: async (id) => (calls.push(`inspect ${id}`), details),
    removeContainer: async (id) => {
      calls.push(`remove ${id}`);
      seenAtRemove.push({ listed: store.cache('orders') !== undefined, heldBy: locks.heldBy(ownedKey('cache', 'orders')) });
    },
    volumeExists: async () => true,
    removeVolume: async (v) => void calls.push(`remove volume ${v}`),
  };
  return { backend: backend as ContainerBackend, calls, seenAtRemove };
}

function runtime(store: DesiredStateStore, locks: ResourceLocks, backend: ContainerBackend): CacheRuntime {
  const deps = {
    backend: () => backend,
    store,
    locks,
    log: new ServiceLog(),
    model: { get: () => resource, snapshot: () => ({ resources: [resource] }) },
    refresh: async () => undefined,
    cli: new CacheCli(() => assert.fail('no redis-cli in a delete')),
  } as unknown as CacheRuntimeDeps & ContainerCachesDeps;
  const onPods = new Proxy({} as CacheRunner, { get: () => () => assert.fail('the cache runs on Docker') });
  return new CacheRuntime(deps, { docker: new ContainerCaches(deps), kubernetes: onPods, server: onPods });
}

describe('delete and the reconciler', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-del-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('forgets the cache before its container goes, holding the lock the reconciler checks', async () => {
    const store = new DesiredStateStore(dir);
    store.load();
    store.putCache(spec);
    const locks = new ResourceLocks();
    const { backend, calls, seenAtRemove } = recordingBackend(store, locks);
    await runtime(store, locks, backend).delete(resource.id);
    assert.deepEqual(seenAtRemove, [{ listed: false, heldBy: 'delete' }]);
    assert.deepEqual(calls, [`inspect ${resource.containerName}`, 'remove c1', `remove volume ${spec.volume}`]);
  });

  it('a read-only (newer-schema) store refuses the delete before anything is destroyed', async () => {
    fs.writeFileSync(path.join(dir, 'desired-state.json'), JSON.stringify({ schemaVersion: SCHEMA_VERSION + 1, caches: { orders: spec } }));
    const store = new DesiredStateStore(dir);
    store.load();
    const locks = new ResourceLocks();
    const { backend, calls } = recordingBackend(store, locks);
    await assert.rejects(runtime(store, locks, backend).delete(resource.id), /cannot delete orders: .*newer version/);
    assert.deepEqual(calls, [], 'nothing touched');
  });
});
