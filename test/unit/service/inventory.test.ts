// A server's listing tied to containers: by the server's own routes first, by labels among its containers second;
// a function's warm pool as one function; the same id in two accounts and two incarnations told apart; strays.
import * as assert from 'node:assert/strict';
import type { Resource } from '../../../src/protocol/model';
import { buildInventory, expectsRunning, MAKING_GRACE_S, type ServerListing } from '../../../src/service/fakecloud/inventory';
import { resourcesFromContainers } from '../../../src/service/model/labels';
import { container } from '../../support/fixtures';

const S = 'http://127.0.0.1:4566';
const NOW = 1_800_000_000_000;
const arn = (what: string, account = '123456789012') => `arn:aws:elasticache:us-east-1:${account}:cluster:${what}`;

function ctrs(...specs: [Record<string, string>, object][]): Resource[] {
  return resourcesFromContainers(specs.map(([labels, over]) => container(labels, over)));
}

describe('a server’s inventory', () => {
  it('ties a cluster to the container its own route names, and learns the server’s pid from it', () => {
    const rs = ctrs(
      [{ 'fakecloud-elasticache': 'orders', 'fakecloud-instance': 'fakecloud-10' }, { Id: 'aaa111aaa111aaa1' }],
      // The same label, another server's container (pid 20): not this server's.
      [{ 'fakecloud-elasticache': 'orders', 'fakecloud-instance': 'fakecloud-20' }, { Id: 'bbb222bbb222bbb2' }],
    );
    const listing: ServerListing = {
      server: S,
      clusters: [{ id: 'orders', status: 'available', engine: 'redis', engineVersion: '7.1', arn: arn('orders') }],
      clusterTies: [{ id: 'orders', containerId: 'aaa111aaa111aaa1', hostPort: 32771 }],
    };
    const inv = buildInventory(listing, rs, NOW, false);
    assert.equal(inv.pid, 10);
    const item = inv.items[0];
    assert.deepEqual(item.containers, [rs[0].id]);
    assert.deepEqual(item.endpoint, { host: '127.0.0.1', port: 32771 });
    assert.equal(item.engine, 'redis 7.1');
    assert.equal(inv.ties.get(rs[0].id)?.expectsRunning, true);
    assert.equal(inv.ties.has(rs[1].id), false);
    assert.equal(inv.strays.has(rs[1].id), false, "another server's container is no stray of this one");
  });

  it('without the route, labels tie: among its own containers when its pid is known, all when it is the only server', () => {
    const rs = ctrs([
      { 'fakecloud-ec2': 'i-1', 'fakecloud-instance': 'fakecloud-10' },
      { Id: 'i1', State: 'exited' },
    ]);
    const listing: ServerListing = { server: S, instances: [{ id: 'i-1', state: 'stopped', tags: { Name: 'web' } }] };
    const only = buildInventory(listing, rs, NOW, true);
    assert.deepEqual(only.items[0].containers, [rs[0].id]);
    assert.equal(only.items[0].displayName, 'web');
    assert.equal(only.ties.get(rs[0].id)?.expectsRunning, false, 'a stopped instance is not expected to run');
    // Two servers and no stated tie: a label alone cannot say whose it is.
    assert.deepEqual(buildInventory(listing, rs, NOW, false).items[0].containers, []);
  });

  it('a replication group run in one container labelled with its id (fakecloud 0.51) is tied to it, its members counted', () => {
    const rs = ctrs([{ 'fakecloud-elasticache': 'orders', 'fakecloud-instance': 'fakecloud-10' }, { Id: 'g1' }]);
    const listing: ServerListing = {
      server: S,
      groups: [
        {
          id: 'orders',
          status: 'available',
          members: ['orders-001', 'orders-002'],
          arn: 'arn:aws:elasticache:us-east-1:123456789012:replicationgroup:orders',
        },
      ],
      // Its member clusters are not described.
      clusters: [],
    };
    const inv = buildInventory(listing, rs, NOW, true);
    const group = inv.items[0];
    assert.equal(group.type, 'replication-group');
    assert.deepEqual(group.containers, [rs[0].id]);
    assert.equal(group.memberCount, 2);
    assert.deepEqual(inv.ties.get(rs[0].id), { id: group.id, server: S, type: 'replication-group', awsId: 'orders', expectsRunning: true });
    assert.equal(inv.strays.has(rs[0].id), false, 'the group’s container is no stray');
  });

  it('a function’s warm pool is one function with its containers beneath; none is cold', () => {
    const warm = [1, 2, 3].map(
      (i) => [{ 'fakecloud-lambda': 'thumbs', 'fakecloud-instance': 'fakecloud-10' }, { Id: `w${i}` }] as [Record<string, string>, object],
    );
    const rs = ctrs(...warm);
    const listing: ServerListing = {
      server: S,
      functions: [
        { name: 'thumbs', runtime: 'nodejs20.x', handler: 'index.handler', codeSize: 2048, state: 'Active' },
        { name: 'idle', runtime: 'python3.12', handler: 'app.handler' },
      ],
      warm: rs.map((r) => ({ functionName: 'thumbs', containerId: r.containerId })),
    };
    const inv = buildInventory(listing, rs, NOW, true);
    const thumbs = inv.items.find((a) => a.awsId === 'thumbs');
    assert.equal(thumbs?.status, '3 warm');
    assert.equal(thumbs?.containers.length, 3);
    assert.ok(thumbs?.details.some(([k, v]) => k === 'Code size' && v === '2.0 KB'));
    assert.equal(inv.items.find((a) => a.awsId === 'idle')?.status, 'cold');
    for (const r of rs) assert.equal(inv.ties.get(r.id)?.expectsRunning, false);
  });

  it('the same id in another account is another resource: not tied, not a stray; members sit under their group', () => {
    const rs = ctrs(
      [{ 'fakecloud-elasticache': 'c', 'fakecloud-instance': 'fakecloud-10', 'fakecloud-account': '123456789012' }, { Id: 'c1' }],
      [{ 'fakecloud-elasticache': 'c', 'fakecloud-instance': 'fakecloud-10', 'fakecloud-account': '999999999999' }, { Id: 'c2' }],
    );
    const listing: ServerListing = {
      server: S,
      groups: [{ id: 'rg', status: 'available', members: ['c'] }],
      clusters: [{ id: 'c', status: 'available', engine: 'valkey', replicationGroupId: 'rg', arn: arn('c') }],
    };
    const inv = buildInventory(listing, rs, NOW, true);
    const c = inv.items.find((a) => a.awsId === 'c');
    assert.deepEqual(c?.containers, [rs[0].id]);
    assert.equal(c?.account, '123456789012');
    assert.equal(c?.parent, inv.items.find((a) => a.type === 'replication-group')?.id);
    assert.equal(inv.strays.has(rs[1].id), false);
  });

  it('strays: the server’s containers of a listed service running nothing it describes; not one being made, not of an unlisted service', () => {
    const old = NOW / 1000 - MAKING_GRACE_S - 5;
    const rs = ctrs(
      [
        { 'fakecloud-elasticache': 'ghost', 'fakecloud-instance': 'fakecloud-10' },
        { Id: 'g1', Created: old },
      ],
      [
        { 'fakecloud-elasticache': 'new', 'fakecloud-instance': 'fakecloud-10' },
        { Id: 'n1', State: 'created', Created: NOW / 1000 - 2 },
      ],
      [
        { 'fakecloud-lambda': 'f', 'fakecloud-instance': 'fakecloud-10' },
        { Id: 'f1', Created: old },
      ],
      [
        { 'fakecloud-elasticache': 'left', 'fakecloud-instance': 'fakecloud-10' },
        { Id: 'l1', Created: old },
      ],
    );
    rs[3] = { ...rs[3], leftover: true };
    // Lambda could not be listed: its containers are not judged.
    const inv = buildInventory({ server: S, clusters: [] }, rs, NOW, true);
    assert.deepEqual([...inv.strays], [rs[0].id]);
  });

  it('drift is for what the server says should run', () => {
    assert.equal(expectsRunning('cache-cluster', 'available'), true);
    assert.equal(expectsRunning('cache-cluster', 'rebooting cache cluster nodes'), false);
    assert.equal(expectsRunning('instance', 'stopped'), false);
    assert.equal(expectsRunning('function', 'warm'), false);
  });
});
