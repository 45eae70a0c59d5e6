// The tree of a listed fakecloud server: folders per service under it, members under their group, warm containers
// under their function, a row its container runs being that container too, and the kind groups keeping only
// containers the server does not show.
import * as assert from 'node:assert/strict';
import type { AwsResource } from '../../../src/protocol/aws';
import type { BackendStatus, Resource, ServerStatus } from '../../../src/protocol/model';
import { resourcesFromContainers } from '../../../src/service/model/labels';
import { awsDescription, awsStatusColor } from '../../../src/views/awsNodes';
import { childNodes, renderNode, rootNodes, type ClientView, type TreeNode } from '../../../src/views/treeNodes';
import { container } from '../../support/fixtures';

const S = 'http://127.0.0.1:4566';
const docker: BackendStatus = { backend: 'docker', state: 'connected', target: 'unix:///var/run/docker.sock', source: 'default' };
const server: ServerStatus = { endpoint: S, state: 'connected', version: '0.9.3', services: ['elasticache', 'lambda'], listed: true };

const aws = (type: AwsResource['type'], awsId: string, over: Partial<AwsResource> = {}): AwsResource => ({
  id: `aws|${S}|${type}||${awsId}`,
  server: S,
  type,
  awsId,
  status: 'available',
  details: [],
  containers: [],
  ...over,
});

const [cacheCtr, warmCtr, ours, ghost] = resourcesFromContainers([
  container({ 'fakecloud-elasticache': 'rg-001', 'fakecloud-instance': 'fakecloud-10' }, { Id: 'c1' }),
  container({ 'fakecloud-lambda': 'thumbs', 'fakecloud-instance': 'fakecloud-10' }, { Id: 'w1' }),
  container({ 'fakecloud-elasticache': 'mine', 'fakecloud-managed-by': 'fakecloud-explorer' }, { Id: 'o1' }),
  container({ 'fakecloud-elasticache': 'ghost', 'fakecloud-instance': 'fakecloud-10' }, { Id: 'g1' }),
]);
const group = aws('replication-group', 'rg');
const member = aws('cache-cluster', 'rg-001', {
  parent: group.id,
  containers: [cacheCtr.id],
  endpoint: { host: '127.0.0.1', port: 32771 },
  engine: 'redis 7.1',
});
const fn = aws('function', 'thumbs', { status: 'warm', containers: [warmCtr.id], engine: 'nodejs20.x' });
const cold = aws('function', 'idle', { status: 'cold', engine: 'python3.12' });
const tie = (r: Resource, a: AwsResource): Resource => ({
  ...r,
  aws: { id: a.id, server: S, type: a.type, awsId: a.awsId, expectsRunning: a.type !== 'function' },
});

const view: ClientView = {
  service: 'connected',
  backends: [docker],
  servers: [server],
  aws: [group, member, fn, cold],
  resources: [tie(cacheCtr, member), tie(warmCtr, fn), ours, { ...ghost, stray: S }],
};

const labels = (nodes: TreeNode[]) => nodes.map((n) => renderNode(view, n).label);

describe('a listed server in the tree', () => {
  it('expands into its services, with strays in a folder of their own', () => {
    const root = rootNodes(view);
    const srv = root[0];
    assert.equal(srv.type, 'server');
    assert.equal(renderNode(view, srv).collapsible, 'expanded');
    assert.deepEqual(labels(childNodes(view, srv)), ['ElastiCache', 'Lambda', 'Stray containers']);
    // Only our own cache is left in the kind groups; empty kinds are not shown beside a listed server.
    assert.deepEqual(labels(root.slice(1)), ['Caches']);
    assert.deepEqual(
      childNodes(view, root[1]).map((n) => (n.type === 'resource' ? n.resource.name : n.type)),
      ['mine'],
    );
  });

  it('a replication group holds its members; a member its container runs is that container (its menus, its actions)', () => {
    const [elasticache] = childNodes(view, rootNodes(view)[0]);
    const top = childNodes(view, elasticache);
    assert.deepEqual(labels(top), ['rg']);
    assert.equal(renderNode(view, top[0]).description, '1 member');
    const [m] = childNodes(view, top[0]);
    assert.equal(m.type === 'aws' && m.resource?.id, cacheCtr.id);
    const spec = renderNode(view, m);
    assert.equal(spec.description, ':32771 · redis 7.1');
    assert.match(spec.contextValue ?? '', /^fakecloudResource kind:cache .* aws awsType:cache-cluster status:available/);
    assert.equal(spec.owner, 'fakecloud');
  });

  it('functions: warm with its containers beneath, cold with none', () => {
    const lambda = childNodes(view, rootNodes(view)[0])[1];
    const fns = childNodes(view, lambda);
    assert.deepEqual(labels(fns), ['idle', 'thumbs']);
    assert.equal(renderNode(view, fns[0]).description, 'cold · python3.12');
    assert.equal(renderNode(view, fns[0]).collapsible, 'none');
    assert.equal(renderNode(view, fns[1]).collapsible, 'collapsed');
    assert.deepEqual(
      childNodes(view, fns[1]).map((n) => n.type === 'resource' && n.resource.id),
      [warmCtr.id],
    );
    assert.match(renderNode(view, fns[0]).contextValue ?? '', /^fakecloudAws aws awsType:function status:cold/);
  });

  it('a service that could not be listed says why, in its folder', () => {
    const v: ClientView = { ...view, servers: [{ ...server, listingErrors: [{ service: 'ec2', error: 'ServiceException: down' }] }] };
    const ec2 = childNodes(v, rootNodes(v)[0]).find((n) => n.type === 'awsFolder' && n.folder === 'ec2');
    assert.ok(ec2);
    assert.match(renderNode(v, ec2).description ?? '', /could not list/);
    assert.deepEqual(labels(childNodes(v, ec2)), ['Could not list: ServiceException: down']);
  });

  it('a server whose API lists nothing at all says so in one row', () => {
    const errors = ['elasticache', 'lambda'].map((service) => ({ service, error: 'UnknownError: 404 Not Found' }));
    const v: ClientView = { ...view, aws: [], resources: [ours], servers: [{ ...server, listingErrors: errors }] };
    assert.deepEqual(labels(childNodes(v, rootNodes(v)[0])), ['Could not list its resources: UnknownError: 404 Not Found']);
  });

  it('descriptions and colours read the API’s words', () => {
    assert.equal(
      awsDescription(aws('instance', 'i-1', { status: 'stopped', displayName: 'web', details: [['Type', 't3.micro']] })),
      'i-1 · stopped · t3.micro',
    );
    assert.equal(
      awsDescription(aws('cache-cluster', 'c', { status: 'creating', engine: 'valkey 8.0', account: '999999999999' })),
      'creating · valkey 8.0 · account 999999999999',
    );
    assert.equal(awsStatusColor('available'), 'charts.green');
    assert.equal(awsStatusColor('rebooting cache cluster nodes'), 'charts.yellow');
    assert.equal(awsStatusColor('create-failed'), 'charts.red');
    assert.equal(awsStatusColor('cold'), undefined);
  });
});

describe("a server's containers in the kind groups", () => {
  it('the same id in two accounts shows its account; a delete-then-recreate overlap its incarnation', () => {
    const rs = resourcesFromContainers([
      container(
        {
          'fakecloud-elasticache': 'c',
          'fakecloud-instance': 'fakecloud-10',
          'fakecloud-account': '123456789012',
          'fakecloud-elasticache-resource': 'inc-a',
        },
        { Id: 'a' },
      ),
      container(
        {
          'fakecloud-elasticache': 'c',
          'fakecloud-instance': 'fakecloud-10',
          'fakecloud-account': '123456789012',
          'fakecloud-elasticache-resource': 'inc-b',
        },
        { Id: 'b', State: 'exited', Status: 'Exited (0)' },
      ),
      container(
        {
          'fakecloud-elasticache': 'c',
          'fakecloud-instance': 'fakecloud-10',
          'fakecloud-account': '999999999999',
          'fakecloud-elasticache-resource': 'inc-c',
        },
        { Id: 'x' },
      ),
    ]);
    const v: ClientView = { service: 'connected', backends: [docker], resources: rs };
    const caches = childNodes(v, rootNodes(v)[0]);
    const text = caches.map((n) => renderNode(v, n).description ?? '');
    assert.ok(
      text.some((d) => d.includes('incarnation inc-a')),
      text.join(' | '),
    );
    assert.ok(
      text.some((d) => d.includes('incarnation inc-b')),
      text.join(' | '),
    );
    const other = text.find((d) => d.includes('account 999999999999'));
    assert.ok(other && !other.includes('incarnation'), 'alone in its account: no incarnation needed');
    assert.match(renderNode(v, caches[0]).tooltipMarkdown ?? '', /Account: `\d+`/);
  });
});
