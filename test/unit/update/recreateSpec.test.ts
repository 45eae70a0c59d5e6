import * as assert from 'node:assert/strict';
import { recreateOptions, type InspectedContainer } from '../../../src/service/update/recreateSpec';

const ID = 'abcdef1234567890'.padEnd(64, '0');
const base = (): InspectedContainer => ({
  Id: ID,
  Name: '/fakecloud-explorer-cache-orders',
  Config: {
    Image: 'redis:7-alpine',
    Hostname: ID.slice(0, 12),
    Env: ['PATH=/usr/local/bin:/usr/bin', 'REDIS_VERSION=7.0.15', 'MY_SETTING=1'],
    Cmd: ['redis-server', '--port', '17001'],
    Entrypoint: ['docker-entrypoint.sh'],
    Labels: { 'fakecloud-elasticache': 'orders', maintainer: 'image' },
    WorkingDir: '/data',
    Healthcheck: null,
  },
  HostConfig: {
    NetworkMode: 'host',
    RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 },
    Mounts: [{ Type: 'volume', Source: 'fakecloud-explorer-cache-data-orders', Target: '/data' }],
    PortBindings: {},
    Memory: 268435456,
    LogConfig: { Type: 'json-file', Config: { 'max-size': '10m' } },
  },
  Mounts: [
    { Type: 'volume', Name: 'fakecloud-explorer-cache-data-orders', Destination: '/data' },
    { Type: 'volume', Name: 'f'.repeat(64), Destination: '/scratch' },
  ],
});
const oldImage = {
  Env: ['PATH=/usr/local/bin:/usr/bin', 'REDIS_VERSION=7.0.15'],
  Cmd: ['redis-server'],
  Entrypoint: ['docker-entrypoint.sh'],
  Labels: { maintainer: 'image' },
  WorkingDir: '/data',
};

describe('faithful recreate options', () => {
  it('keeps Image exactly as written, the whole HostConfig, and the name', () => {
    const o = recreateOptions(base(), oldImage, 'redis:7.2-alpine');
    assert.equal(o.Image, 'redis:7.2-alpine');
    assert.equal(o.name, 'fakecloud-explorer-cache-orders');
    const hc = o.HostConfig as Record<string, unknown>;
    assert.deepEqual(hc.RestartPolicy, { Name: 'unless-stopped', MaximumRetryCount: 0 });
    assert.equal(hc.Memory, 268435456);
    assert.deepEqual(hc.LogConfig, { Type: 'json-file', Config: { 'max-size': '10m' } });
  });

  it('drops the Docker-assigned hostname, and keeps a chosen one', () => {
    assert.equal('Hostname' in recreateOptions(base(), oldImage, 'x'), false);
    const chosen = base();
    chosen.Config.Hostname = 'cache-host';
    assert.equal(recreateOptions(chosen, oldImage, 'x').Hostname, 'cache-host');
  });

  it('leaves out what only repeats the old image, so the new image’s defaults apply', () => {
    const o = recreateOptions(base(), oldImage, 'x');
    assert.deepEqual(o.Env, ['MY_SETTING=1']);
    assert.deepEqual(o.Labels, { 'fakecloud-elasticache': 'orders' });
    assert.deepEqual(o.Cmd, ['redis-server', '--port', '17001'], 'a command of its own is kept');
    assert.equal('Entrypoint' in o, false);
    assert.equal('WorkingDir' in o, false);
  });

  it('re-attaches anonymous volumes by name, next to the declared ones', () => {
    const mounts = (recreateOptions(base(), oldImage, 'x').HostConfig as { Mounts: unknown[] }).Mounts;
    assert.deepEqual(mounts, [
      { Type: 'volume', Source: 'fakecloud-explorer-cache-data-orders', Target: '/data' },
      { Type: 'volume', Source: 'f'.repeat(64), Target: '/scratch' },
    ]);
  });

  it('keeps user-network aliases minus the container’s own short id; none on host/bridge', () => {
    assert.equal('NetworkingConfig' in recreateOptions(base(), oldImage, 'x'), false);
    const onNet = base();
    onNet.HostConfig.NetworkMode = 'fakecloud-subnet-1';
    onNet.NetworkSettings = {
      Networks: { 'fakecloud-subnet-1': { Aliases: [ID.slice(0, 12), 'orders'], IPAMConfig: { IPv4Address: '10.0.0.5' } } },
    };
    assert.deepEqual(recreateOptions(onNet, oldImage, 'x').NetworkingConfig, {
      EndpointsConfig: { 'fakecloud-subnet-1': { Aliases: ['orders'], IPAMConfig: { IPv4Address: '10.0.0.5' } } },
    });
  });
});
