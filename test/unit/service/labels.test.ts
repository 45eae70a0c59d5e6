import * as assert from 'node:assert/strict';
import {
  classify,
  engineOf,
  imageRepositoryName,
  ownerOf,
  parseState,
  parseStatus,
  portFromCommand,
  resourcesFromContainers,
} from '../../../src/service/model/labels';
import { container } from '../../support/fixtures';

describe('labels → model', () => {
  it('maps a fakecloud ElastiCache Redis container (published port, server pid)', () => {
    const [r] = resourcesFromContainers([
      container(
        { 'fakecloud-elasticache': 'my-cache', 'fakecloud-instance': 'fakecloud-4242' },
        { Image: 'redis:7-alpine', Ports: [{ IP: '0.0.0.0', PrivatePort: 6379, PublicPort: 49153, Type: 'tcp' }] },
      ),
    ]);
    assert.equal(r.kind, 'cache');
    assert.equal(r.service, 'elasticache');
    assert.equal(r.name, 'my-cache');
    assert.equal(r.engine, 'redis');
    assert.equal(r.state, 'running');
    assert.deepEqual(r.owner, { type: 'fakecloud', pid: 4242, instance: 'fakecloud-4242' });
    assert.deepEqual(r.endpoint, { host: '127.0.0.1', port: 49153, via: 'published' });
    assert.equal(r.backend, 'docker');
    assert.equal(r.id, `docker:${r.containerId}`);
  });

  it('tolerates the newer ElastiCache labels (account, resource incarnation) and unknown ones', () => {
    const [r] = resourcesFromContainers([
      container({
        'fakecloud-elasticache': 'c1',
        'fakecloud-account': '000000000000',
        'fakecloud-elasticache-resource': '3',
        'fakecloud-instance': 'fakecloud-7',
        'com.example.future': 'x',
      }),
    ]);
    assert.equal(r.kind, 'cache');
    assert.equal(r.name, 'c1');
    assert.equal(r.labels['com.example.future'], 'x');
  });

  it('takes the cache engine from the image, or from our own label', () => {
    assert.equal(engineOf('cache', 'elasticache', 'memcached:1.6-alpine', {}), 'memcached');
    assert.equal(engineOf('cache', 'elasticache', 'docker.io/library/redis:7', {}), 'redis');
    assert.equal(engineOf('cache', 'elasticache', 'registry:5000/team/valkey:8@sha256:abc', {}), 'valkey');
    assert.equal(engineOf('cache', 'elasticache', 'my/custom:1', { 'fakecloud-explorer.engine': 'memcached' }), 'memcached');
    assert.equal(engineOf('cache', 'elasticache', 'my/custom:1', {}), undefined);
  });

  it('maps an EC2 instance and attaches its metadata and forwarder helpers', () => {
    const list = [
      container({ 'fakecloud-ec2-imds': 'i-0abc', 'fakecloud-instance': 'fakecloud-9' }, { State: 'running' }),
      container(
        { 'fakecloud-ec2': 'i-0abc', 'fakecloud-instance': 'fakecloud-9' },
        { Image: 'amazonlinux:2023', Command: 'tail -f /dev/null' },
      ),
      container(
        { 'fakecloud-ec2-fwd': 'i-0abc', 'fakecloud-instance': 'fakecloud-9' },
        { State: 'exited', Status: 'Exited (0) 1 second ago' },
      ),
    ];
    const rs = resourcesFromContainers(list);
    assert.equal(rs.length, 1, 'helpers are not listed as instances');
    assert.equal(rs[0].kind, 'instance');
    assert.equal(rs[0].name, 'i-0abc');
    assert.deepEqual(
      rs[0].helpers?.map((h) => [h.role, h.state]),
      [
        ['metadata', 'running'],
        ['port forwarder', 'exited'],
      ],
    );
  });

  it("groups an ECS task's network-namespace holder with its task, as EC2 helpers are", () => {
    const rs = resourcesFromContainers([
      container({ 'fakecloud-ecs-netns-for': 'task-1', 'fakecloud-instance': 'fakecloud-9' }, { State: 'running' }),
      container({ 'fakecloud-ecs-task': 'task-1', 'fakecloud-ecs-container': 'web', 'fakecloud-instance': 'fakecloud-9' }),
    ]);
    assert.equal(rs.length, 1, 'the holder is not a resource of its own');
    assert.equal(rs[0].name, 'task-1/web');
    assert.deepEqual(
      rs[0].helpers?.map((h) => [h.role, h.state]),
      [['network namespace', 'running']],
    );
    const [orphaned] = resourcesFromContainers([
      container({ 'fakecloud-ecs-netns-for': 'task-gone', 'fakecloud-instance': 'fakecloud-9' }),
    ]);
    assert.deepEqual([orphaned.kind, orphaned.service, orphaned.name], ['other', 'ecs network namespace', 'task-gone']);
  });

  it('shows a helper whose instance is gone under Other', () => {
    const rs = resourcesFromContainers([container({ 'fakecloud-ec2-fwd': 'i-gone', 'fakecloud-instance': 'fakecloud-9' })]);
    assert.equal(rs.length, 1);
    assert.equal(rs[0].kind, 'other');
    assert.equal(rs[0].name, 'i-gone');
  });

  it('maps a Lambda function with its runtime and RIE endpoint', () => {
    const [r] = resourcesFromContainers([
      container(
        { 'fakecloud-lambda': 'hello-fn', 'fakecloud-instance': 'fakecloud-5' },
        { Image: 'public.ecr.aws/lambda/nodejs:20', Ports: [{ IP: '127.0.0.1', PrivatePort: 8080, PublicPort: 32001, Type: 'tcp' }] },
      ),
    ]);
    assert.equal(r.kind, 'function');
    assert.equal(r.engine, 'nodejs20.x', "AWS's runtime id");
    assert.deepEqual(r.endpoint, { host: '127.0.0.1', port: 32001, via: 'published' });
  });

  it('names runtimes as AWS does, and Valkey caches as Valkey', () => {
    const cases: [string, string][] = [
      ['public.ecr.aws/lambda/nodejs:22', 'nodejs22.x'],
      ['public.ecr.aws/lambda/nodejs:20.2024.11.06', 'nodejs20.x'],
      ['public.ecr.aws/lambda/python:3.12', 'python3.12'],
      ['public.ecr.aws/lambda/java:21', 'java21'],
      ['public.ecr.aws/lambda/java:8.al2', 'java8.al2'],
      ['public.ecr.aws/lambda/ruby:3.3', 'ruby3.3'],
      ['public.ecr.aws/lambda/provided:al2023', 'provided.al2023'],
      ['public.ecr.aws/lambda/dotnet:8', 'dotnet8'],
    ];
    for (const [image, runtime] of cases) {
      const [r] = resourcesFromContainers([container({ 'fakecloud-lambda': 'f', 'fakecloud-instance': 'fakecloud-5' }, { Image: image })]);
      assert.equal(r.engine, runtime, image);
    }
    const [v] = resourcesFromContainers([
      container({ 'fakecloud-elasticache': 'c', 'fakecloud-instance': 'fakecloud-5' }, { Image: 'valkey/valkey:8-alpine' }),
    ]);
    assert.equal(v.engine, 'valkey');
  });

  it('puts RDS, ECS tasks, Kafka, Flink and unknown fakecloud services under Other', () => {
    const rs = resourcesFromContainers([
      container({ 'fakecloud-rds': 'db1', 'fakecloud-instance': 'fakecloud-1' }, { Image: 'postgres:16' }),
      container({ 'fakecloud-ecs-task': 't-1', 'fakecloud-ecs-container': 'web', 'fakecloud-instance': 'fakecloud-1' }),
      container({ 'fakecloud-kafka': 'arn:aws:kafka:x', 'fakecloud-instance': 'fakecloud-1' }),
      container({ 'fakecloud-flink': 'arn:aws:flink:y', 'fakecloud-instance': 'fakecloud-1' }),
      container({ 'fakecloud-opensearch': 'domain-1', 'fakecloud-instance': 'fakecloud-1' }),
    ]);
    assert.deepEqual(
      rs.map((r) => [r.kind, r.service, r.name, r.engine]),
      [
        ['other', 'rds', 'db1', 'postgres'],
        ['other', 'ecs-task', 't-1/web', undefined],
        ['other', 'kafka', 'arn:aws:kafka:x', undefined],
        ['other', 'flink', 'arn:aws:flink:y', undefined],
        ['other', 'opensearch', 'domain-1', undefined],
      ],
    );
  });

  it('ignores containers that are neither fakecloud’s nor ours', () => {
    assert.deepEqual(
      resourcesFromContainers([container({}), container({ 'com.docker.compose.project': 'x' }), container({ 'fakecloud-foo': 'bar' })]),
      [],
    );
    assert.equal(classify({}), undefined);
  });

  it('recognises our own containers by managed-by, never by fakecloud-instance', () => {
    const [r] = resourcesFromContainers([container({ 'fakecloud-elasticache': 'mine', 'fakecloud-managed-by': 'fakecloud-explorer' })]);
    assert.deepEqual(r.owner, { type: 'extension' });
    assert.deepEqual(ownerOf({ 'fakecloud-instance': 'fakecloud-abc' }), { type: 'fakecloud', instance: 'fakecloud-abc' });
    assert.deepEqual(ownerOf({}), { type: 'unknown' });
  });

  it('reads every container state, exit code and health', () => {
    for (const s of ['created', 'running', 'restarting', 'paused', 'exited', 'dead', 'removing']) assert.equal(parseState(s), s);
    assert.equal(parseState('weird'), 'unknown');
    assert.deepEqual(parseStatus('Up 2 minutes (healthy)'), { health: 'healthy' });
    assert.deepEqual(parseStatus('Up 5 seconds (health: starting)'), { health: 'starting' });
    assert.deepEqual(parseStatus('Up 1 hour (unhealthy)'), { health: 'unhealthy' });
    assert.deepEqual(parseStatus('Exited (137) 3 seconds ago'), { exitCode: 137 });
    assert.deepEqual(parseStatus('Created'), {});
    const [r] = resourcesFromContainers([
      container(
        { 'fakecloud-elasticache': 'x', 'fakecloud-instance': 'fakecloud-1' },
        { State: 'exited', Status: 'Exited (1) 2 seconds ago' },
      ),
    ]);
    assert.equal(r.exitCode, 1);
    assert.equal(r.state, 'exited');
  });

  it('finds the endpoint of a host-network container from its command line, our label, or the engine port', () => {
    const host = { HostConfig: { NetworkMode: 'host' } };
    const [a] = resourcesFromContainers([
      container({ 'fakecloud-elasticache': 'a', 'fakecloud-instance': 'fakecloud-1' }, { ...host, Command: 'redis-server --port 7001' }),
    ]);
    assert.deepEqual(a.endpoint, { host: '127.0.0.1', port: 7001, via: 'host-network' });
    const [b] = resourcesFromContainers([
      container(
        { 'fakecloud-elasticache': 'b', 'fakecloud-managed-by': 'fakecloud-explorer', 'fakecloud-explorer.port': '7100' },
        { ...host },
      ),
    ]);
    assert.deepEqual(b.endpoint, { host: '127.0.0.1', port: 7100, via: 'label' });
    const [c] = resourcesFromContainers([
      container(
        { 'fakecloud-elasticache': 'c', 'fakecloud-instance': 'fakecloud-1' },
        { ...host, Image: 'memcached:1.6', Command: 'memcached' },
      ),
    ]);
    assert.deepEqual(c.endpoint, { host: '127.0.0.1', port: 11211, via: 'host-network' });
    const [d] = resourcesFromContainers([
      container({ 'fakecloud-ec2': 'i-1', 'fakecloud-instance': 'fakecloud-1' }, { Image: 'amazonlinux:2023' }),
    ]);
    assert.equal(d.endpoint, undefined);
    assert.equal(portFromCommand('memcached -u root -p 11311'), 11311);
    assert.equal(portFromCommand('redis-server --port=99999'), undefined);
  });

  it('parses image repository names', () => {
    assert.equal(imageRepositoryName('redis'), 'redis');
    assert.equal(imageRepositoryName('localhost:5000/redis'), 'redis');
    assert.equal(imageRepositoryName('public.ecr.aws/lambda/python:3.12'), 'python');
    assert.equal(imageRepositoryName('sha256:abcdef'), 'sha256');
  });
});
