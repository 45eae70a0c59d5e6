import * as assert from 'node:assert/strict';
import type { ContainerCreateSpec, ContainerDetails } from '../../../src/service/backends/backend';
import { cacheSpecFromContainer, functionSpecFromContainer, instanceSpecFromContainer } from '../../../src/service/runtime/adoptSpecs';
import { cacheContainerOptions, type CacheSpec } from '../../../src/service/runtime/caches/cacheSpec';
import { functionContainerOptions, type FunctionSpec } from '../../../src/service/runtime/functions/functionSpec';
import { instanceContainerOptions, type InstanceSpec } from '../../../src/service/runtime/instances/instanceSpec';

const CREATED = '2026-11-01T10:00:00.000Z';
const IMAGE_ENV = ['PATH=/usr/bin', 'LAMBDA_TASK_ROOT=/var/task'];

/** What Docker's inspect says of a container made from these options. */
function inspected(o: ContainerCreateSpec, running = true): ContainerDetails {
  return {
    id: 'c1',
    name: o.name ?? 'x',
    image: o.image,
    running,
    status: running ? 'running' : 'exited',
    exitCode: 0,
    tty: false,
    labels: o.labels,
    ports: {},
    volumes: o.mounts.map((m) => m.volume),
    config: {
      cmd: o.cmd ?? [],
      entrypoint: o.entrypoint ?? [],
      env: [...IMAGE_ENV, ...(o.env ?? [])],
      networkMode: o.networkMode,
      created: CREATED,
    },
  };
}

describe('Adopt Orphan: specs rebuilt from containers', () => {
  it('a cache, host or bridge networked, with its data volume', () => {
    const host: CacheSpec = {
      name: 'Orders',
      engine: 'redis',
      image: 'redis:7',
      networkMode: 'host',
      port: 7001,
      volume: 'fakecloud-explorer-cache-data-orders',
      createdAt: CREATED,
    };
    assert.deepEqual(cacheSpecFromContainer(inspected(cacheContainerOptions(host))), host);
    const bridge: CacheSpec = { name: 'm', engine: 'memcached', image: 'memcached:1.6', networkMode: 'bridge', createdAt: CREATED };
    assert.deepEqual(cacheSpecFromContainer(inspected(cacheContainerOptions(bridge))), bridge);
  });

  it('an instance with its tags and user data; a stopped one stays stopped', () => {
    const spec: InstanceSpec = {
      instanceId: 'i-0123456789abcdef0',
      name: 'web',
      tags: { team: 'core', env: 'dev' },
      image: 'al:2023',
      userData: Buffer.from('echo hi').toString('base64'),
      networkMode: 'host',
      desired: 'stopped',
      createdAt: CREATED,
    };
    assert.deepEqual(instanceSpecFromContainer(inspected(instanceContainerOptions(spec), false)), spec);
    const { userData: _ud, ...noUserData } = spec;
    assert.deepEqual(instanceSpecFromContainer(inspected(instanceContainerOptions({ ...noUserData, desired: 'running' }))), {
      ...noUserData,
      desired: 'running',
    });
  });

  it("a function: handler, ports and its own environment (not the image's, not the ones every function gets)", () => {
    const spec: FunctionSpec = {
      name: 'fn',
      runtime: 'nodejs20.x',
      image: 'lambda:20',
      handler: 'src/app.handler',
      environment: { MODE: 'x', PATH_EXTRA: '/opt' },
      networkMode: 'host',
      port: 9001,
      apiPort: 9002,
      deployId: 'abcd1234',
      codeSource: '',
      codeArchive: '/state/functions/fn/abcd1234.tar',
      desired: 'running',
      createdAt: CREATED,
    };
    assert.deepEqual(functionSpecFromContainer(inspected(functionContainerOptions(spec)), IMAGE_ENV, spec.codeArchive), spec);
    const bridge: FunctionSpec = { ...spec, networkMode: 'bridge', environment: {} };
    delete bridge.port;
    delete bridge.apiPort;
    assert.deepEqual(functionSpecFromContainer(inspected(functionContainerOptions(bridge)), IMAGE_ENV, spec.codeArchive), bridge);
  });

  it('refuses what is not ours or not what its labels say', () => {
    const spec: CacheSpec = { name: 'a', engine: 'redis', image: 'r', networkMode: 'host', port: 1, createdAt: CREATED };
    const d = inspected(cacheContainerOptions(spec));
    assert.throws(
      () => cacheSpecFromContainer({ ...d, labels: { ...d.labels, 'fakecloud-managed-by': 'someone' } }),
      /not made by Fakecloud Explorer/,
    );
    assert.throws(
      () => cacheSpecFromContainer({ ...d, labels: { ...d.labels, 'fakecloud-explorer.engine': 'valkey' } }),
      /not redis or memcached/,
    );
    assert.throws(() => instanceSpecFromContainer(d), /no instance id/);
    assert.throws(() => functionSpecFromContainer(d, [], ''), /not a function/);
  });

  it('a name from a label that a create would refuse is not adopted: it would name volumes and paths of this machine', () => {
    const cache: CacheSpec = { name: 'a', engine: 'redis', image: 'r', networkMode: 'host', port: 1, createdAt: CREATED };
    const c = inspected(cacheContainerOptions(cache));
    assert.throws(
      () => cacheSpecFromContainer({ ...c, labels: { ...c.labels, 'fakecloud-elasticache': '../../victim' } }),
      /its name "\.\.\/\.\.\/victim" is not one a cache of ours can have/,
    );
    const fn: FunctionSpec = {
      name: 'fn',
      runtime: 'nodejs20.x',
      image: 'lambda:20',
      handler: 'index.handler',
      environment: {},
      networkMode: 'bridge',
      deployId: 'abcd1234',
      codeSource: '',
      codeArchive: '',
      desired: 'running',
      createdAt: CREATED,
    };
    const f = inspected(functionContainerOptions(fn));
    assert.throws(
      () => functionSpecFromContainer({ ...f, labels: { ...f.labels, 'fakecloud-lambda': '../../../.ssh' } }, [], ''),
      /is not one a function of ours can have/,
    );
    assert.throws(
      () => functionSpecFromContainer({ ...f, labels: { ...f.labels, 'fakecloud-explorer.deploy-id': '../x' } }, [], ''),
      /deploy id "\.\.\/x" is not one a deploy makes/,
    );
  });
});
