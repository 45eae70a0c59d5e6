// Discovery against the machine's real Docker engine: containers made exactly as
// a fakecloud server makes them show up with the right kind, state and owner, and
// changes made outside the extension reach the model within a second.
import * as assert from 'node:assert/strict';
import type { Resource } from '../../src/protocol/model';
import { DockerDiscovery, DEFAULT_DISCOVERY_OPTIONS } from '../../src/service/backends/docker/dockerDiscovery';
import { LiveModel } from '../../src/service/model/liveModel';
import { ServiceLog } from '../../src/service/support/log';
import { childNodes, renderNode, rootNodes, type ClientView } from '../../src/views/treeNodes';
import {
  IMAGES,
  createFakecloudContainer,
  docker,
  dockerCli,
  removeTestContainers,
  requireDocker,
  TEST_DOCKER_URL,
  waitFor,
  RUN,
} from '../support/docker';

describe('Docker discovery (real engine)', function () {
  let model: LiveModel;
  let discovery: DockerDiscovery;
  // A live pid, as a running server's: a dead server's containers are leftovers.
  const SERVER_PID = process.pid;
  const byName = (name: string): Resource | undefined => model.snapshot().resources.find((r) => r.name === name);
  const n = (s: string) => `${s}-${RUN}`;

  before(async function () {
    await requireDocker(this);
    model = new LiveModel();
    discovery = new DockerDiscovery(model, new ServiceLog(), () => ({ url: TEST_DOCKER_URL, source: 'test' }), {
      ...DEFAULT_DISCOVERY_OPTIONS,
    });
    discovery.start();
    await waitFor('Docker connected', () => model.backendStatus('docker')?.state === 'connected');
  });

  after(async () => {
    discovery?.stop();
    await removeTestContainers();
  });

  it('lists caches, instances (with helpers), functions and others with kind, state, engine, endpoint and owner', async () => {
    await createFakecloudContainer({
      labels: { 'fakecloud-elasticache': n('redis-c') },
      image: IMAGES.redis,
      cmd: ['redis-server', '--port', '17001'],
      serverPid: SERVER_PID,
    });
    await createFakecloudContainer({
      labels: { 'fakecloud-elasticache': n('mc-c') },
      image: IMAGES.memcached,
      cmd: ['memcached', '-u', 'root', '-p', '17002'],
      serverPid: SERVER_PID,
      start: false,
    });
    await createFakecloudContainer({
      labels: { 'fakecloud-ec2': n('i-0a') },
      image: IMAGES.busybox,
      cmd: ['tail', '-f', '/dev/null'],
      serverPid: SERVER_PID,
    });
    await createFakecloudContainer({
      labels: { 'fakecloud-ec2-imds': n('i-0a') },
      image: IMAGES.busybox,
      cmd: ['tail', '-f', '/dev/null'],
      serverPid: SERVER_PID,
    });
    await createFakecloudContainer({
      labels: { 'fakecloud-lambda': n('fn') },
      image: IMAGES.busybox,
      cmd: ['sh', '-c', 'exit 3'],
      serverPid: SERVER_PID,
    });
    await createFakecloudContainer({ labels: { 'fakecloud-rds': n('db') }, image: IMAGES.busybox, serverPid: SERVER_PID });
    await createFakecloudContainer({ labels: { unrelated: n('x') }, image: IMAGES.busybox });

    // Everything created above, as it settles: the function has exited, the others are in.
    const fn = await waitFor('all of them in the model', () => {
      const r = byName(n('fn'));
      const all = ['redis-c', 'mc-c', 'i-0a', 'db'].every((x) => byName(n(x)));
      return all && r?.state === 'exited' && byName(n('i-0a'))?.helpers?.length === 1 ? r : undefined;
    });
    const cache = byName(n('redis-c'))!;
    assert.equal(cache.kind, 'cache');
    assert.equal(cache.engine, 'redis');
    assert.equal(cache.state, 'running');
    assert.deepEqual(cache.endpoint, { host: '127.0.0.1', port: 17001, via: 'host-network' });
    assert.deepEqual(cache.owner, { type: 'fakecloud', pid: SERVER_PID, instance: `fakecloud-${SERVER_PID}` });
    assert.equal(cache.backend, 'docker');

    const mc = byName(n('mc-c'))!;
    assert.equal(mc.engine, 'memcached');
    assert.equal(mc.state, 'created');

    const inst = byName(n('i-0a'))!;
    assert.equal(inst.kind, 'instance');
    assert.equal(inst.helpers?.length, 1);
    assert.equal(inst.helpers?.[0].role, 'metadata');
    assert.equal(model.snapshot().resources.filter((r) => r.name === n('i-0a')).length, 1, 'the helper is not an instance of its own');

    assert.equal(fn.kind, 'function');
    assert.equal(fn.exitCode, 3);
    assert.equal(byName(n('db'))?.kind, 'other');
    assert.equal(byName(n('x')), undefined, 'containers without fakecloud labels are not listed');
  });

  it('tells apart what a server makes: accounts, incarnations, ECS namespace holders, Valkey, Lambda runtimes', async () => {
    // Local names for the server's images: a Valkey image and a Lambda base image are told by their repositories.
    await docker.getImage(IMAGES.redis).tag({ repo: 'fakecloud-test/valkey', tag: '8-alpine' });
    await docker.getImage(IMAGES.busybox).tag({ repo: 'fakecloud-test/lambda/python', tag: '3.12' });
    const cache = (account: string, incarnation: string, port: number, start = true) =>
      createFakecloudContainer({
        labels: {
          'fakecloud-elasticache': n('twin'),
          'fakecloud-account': account,
          'fakecloud-elasticache-resource': incarnation,
        },
        image: 'fakecloud-test/valkey:8-alpine',
        cmd: ['redis-server', '--port', String(port)],
        serverPid: SERVER_PID,
        start,
      });
    try {
      // A delete-then-recreate overlap in one account (the old one exited), and the same id in another account.
      await cache('123456789012', 'inc-old', 17021, false);
      await cache('123456789012', 'inc-new', 17022);
      await cache('999999999999', 'inc-other', 17023);
      await createFakecloudContainer({
        labels: { 'fakecloud-ecs-task': n('task'), 'fakecloud-ecs-container': 'web' },
        image: IMAGES.busybox,
        cmd: ['tail', '-f', '/dev/null'],
        serverPid: SERVER_PID,
      });
      await createFakecloudContainer({
        labels: { 'fakecloud-ecs-netns-for': n('task') },
        image: IMAGES.busybox,
        cmd: ['tail', '-f', '/dev/null'],
        serverPid: SERVER_PID,
      });
      await createFakecloudContainer({
        labels: { 'fakecloud-lambda': n('py') },
        image: 'fakecloud-test/lambda/python:3.12',
        cmd: ['tail', '-f', '/dev/null'],
        serverPid: SERVER_PID,
      });
      const twins = await waitFor('three incarnations of one id', () => {
        const rs = model.snapshot().resources.filter((r) => r.name === n('twin'));
        return rs.length === 3 ? rs : undefined;
      });
      assert.ok(
        twins.every((r) => r.engine === 'valkey'),
        'Valkey says Valkey',
      );
      const v: ClientView = { service: 'connected', backends: model.snapshot().backends, resources: model.snapshot().resources };
      const caches = rootNodes(v).find((g) => g.type === 'group' && g.kind === 'cache');
      assert.ok(caches, 'a Caches group');
      const text = childNodes(v, caches)
        .map((node) => renderNode(v, node))
        .filter((t) => t.label === n('twin'))
        .map((t) => t.description ?? '');
      assert.equal(text.length, 3, 'three rows');
      assert.equal(new Set(text).size, 3, `told apart: ${text.join(' | ')}`);
      assert.ok(text.some((d) => d.includes('incarnation inc-old')) && text.some((d) => d.includes('incarnation inc-new')));
      assert.ok(text.some((d) => d.includes('account 999999999999')));

      const task = await waitFor('the task with its namespace holder', () => {
        const r = byName(`${n('task')}/web`);
        return r?.helpers?.length === 1 && r.helpers[0].state === 'running' ? r : undefined;
      });
      assert.deepEqual(
        task.helpers?.map((h) => [h.role, h.state]),
        [['network namespace', 'running']],
      );
      assert.equal(byName(n('task')), undefined, 'the holder is no resource of its own');
      const py = await waitFor('the function', () => byName(n('py')));
      assert.equal(py.engine, 'python3.12', "AWS's runtime id");
    } finally {
      for (const tag of ['fakecloud-test/lambda/python:3.12', 'fakecloud-test/valkey:8-alpine'])
        await docker
          .getImage(tag)
          .remove({ noprune: true })
          .catch(() => undefined);
    }
  });

  it('sees docker stop, start, kill and rm done outside the extension within 1 s', async () => {
    const c = await createFakecloudContainer({
      labels: { 'fakecloud-elasticache': n('live') },
      image: IMAGES.redis,
      cmd: ['redis-server', '--port', '17011'],
      serverPid: SERVER_PID,
    });
    await waitFor('the new container', () => byName(n('live'))?.state === 'running', 1_000);

    let t0 = Date.now();
    await dockerCli(['stop', '-t', '1', c.id]);
    await waitFor('stopped', () => byName(n('live'))?.state === 'exited', 1_000);
    const stopMs = Date.now() - t0;

    t0 = Date.now();
    await dockerCli(['start', c.id]);
    await waitFor('started', () => byName(n('live'))?.state === 'running', 1_000);
    const startMs = Date.now() - t0;

    await dockerCli(['kill', c.id]);
    const killed = await waitFor('killed', () => (byName(n('live'))?.state === 'exited' ? byName(n('live')) : undefined), 1_000);
    assert.equal(killed.exitCode, 137);

    t0 = Date.now();
    await dockerCli(['rm', '-f', c.id]);
    await waitFor('removed', () => byName(n('live')) === undefined || undefined, 1_000);
    const rmMs = Date.now() - t0;
    console.log(`      model updated after the CLI returned: stop ${stopMs} ms, start ${startMs} ms, rm ${rmMs} ms`);
  });

  it('a burst of changes ends in a model equal to a fresh list', async () => {
    const made = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        createFakecloudContainer({
          labels: { 'fakecloud-ec2': n(`burst-${i}`) },
          image: IMAGES.busybox,
          cmd: ['tail', '-f', '/dev/null'],
          serverPid: SERVER_PID,
        }),
      ),
    );
    await Promise.all(made.slice(0, 4).map((c) => c.remove({ force: true })));
    await waitFor(
      'the burst to settle',
      () => {
        const names = model
          .snapshot()
          .resources.filter((r) => r.name.startsWith(n('burst-')) || r.name.includes('burst-'))
          .map((r) => r.name);
        return names.length === 4 ? names : undefined;
      },
      2_000,
    );
    const fresh = new LiveModel();
    const d2 = new DockerDiscovery(fresh, new ServiceLog(), () => ({ url: TEST_DOCKER_URL, source: 'test' }), {
      ...DEFAULT_DISCOVERY_OPTIONS,
    });
    d2.start();
    await waitFor('second discovery', () => fresh.backendStatus('docker')?.state === 'connected');
    d2.stop();
    // The burst's own containers (others on this engine may be changing meanwhile).
    const ids = (m: LiveModel) =>
      m
        .snapshot()
        .resources.filter((r) => r.name.includes('burst-'))
        .map((r) => `${r.id} ${r.state}`)
        .sort();
    // "Ends in": the count settles before the last start event may have arrived; the states follow within moments.
    await waitFor(
      'the model to match a fresh list',
      () => JSON.stringify(ids(model)) === JSON.stringify(ids(fresh)) || undefined,
      2_000,
    ).catch(() => undefined);
    assert.deepEqual(ids(model), ids(fresh));
  });
});
