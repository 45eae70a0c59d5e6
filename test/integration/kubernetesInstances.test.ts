// Instances as Pods through the bundled service, against the API stand-in whose
// kubelet runs Pods as Docker containers: launch with user data (its output in the
// console), a shell over exec with a TTY, stop (the Pod deleted, the instance shown
// as stopped), start and reboot (new Pods, the user data not run again), terminate.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ServiceClient } from '../../src/client/serviceClient';
import type { Resource } from '../../src/protocol/model';
import { IMAGES, RUN, docker, requireDocker, waitFor } from '../support/docker';
import type { KubeApiStandIn } from '../support/kube/apiStandIn';
import { kubernetesConnected, startStandInCluster, type StandInCluster } from '../support/kube/cluster';
import { cleanupLocation, client, requireBundle, tempLocation } from '../support/service';

describe('instances on Kubernetes (the API stand-in, Pods run on the real Docker engine)', function () {
  this.timeout(90_000);
  const location = tempLocation('k8s-instances');
  let cluster: StandInCluster;
  let api: KubeApiStandIn;
  let c: ServiceClient;
  const instance = (id: string, pred: (r: Resource) => boolean = () => true, ms = 15_000) =>
    waitFor(
      id,
      () => c.snapshot?.resources.find((r) => r.backend === 'kubernetes' && r.kind === 'instance' && r.name === id && pred(r)),
      ms,
    );
  const consoleText = async (id: string) => (await c.request('logs/read', { resourceId: id, tail: 1000 })).text;

  before(async function () {
    await requireDocker(this);
    requireBundle();
    cluster = await startStandInCluster(RUN);
    api = cluster.api;
    c = client(location, { serviceArgs: ['--idle-timeout', '60'] });
    await c.connect();
    await c.configure({ instanceImage: IMAGES.instance, kubernetes: { enabled: true, kubeconfig: cluster.kubeconfig } });
    await kubernetesConnected(c);
  });

  after(async () => {
    c?.dispose();
    await cleanupLocation(location);
    await cluster?.stop();
  });

  it('launch → console output → shell → stop → start → reboot → terminate', async () => {
    const res = await c.request(
      'instance/launch',
      { name: `web-${RUN}`, backend: 'kubernetes', userData: { text: 'echo "user data on $(hostname)"\n' } },
      60_000,
    );
    assert.match(res.containerName, /^fcx-i-i-0[0-9a-f]{16}-[0-9a-f]{12}$/);
    const r = await instance(res.instanceId, (x) => x.state === 'running');
    assert.equal(r.displayName, `web-${RUN}`);
    assert.equal(r.owner.type, 'extension');
    const pod = api.get('fakecloud', res.containerName)!;
    assert.equal(pod.metadata!.labels!['fakecloud-managed-by'], 'fakecloud-explorer');
    assert.equal(pod.spec!.restartPolicy, 'Never');
    await waitFor('user data output', async () => ((await consoleText(r.id)).includes('user data on') ? true : undefined), 10_000, 100);

    // A shell over exec, on a TTY.
    const sessionId = `k8s-sh-${RUN}`;
    let out = '';
    const sub = c.on('terminal/output', (p) => {
      if (p.sessionId === sessionId) out += p.data;
    });
    await c.request('terminal/open', { resourceId: r.id, kind: 'shell', cols: 100, rows: 30, sessionId });
    c.notify('terminal/input', { sessionId, data: 'echo $((6*7)); [ -t 0 ] && echo on-a-tty\r' });
    await waitFor('the answer', () => (out.includes('42') && out.includes('on-a-tty')) || undefined, 10_000);
    const exited = new Promise<number>((resolve) => c.on('terminal/exited', (p) => p.sessionId === sessionId && resolve(p.exitCode)));
    c.notify('terminal/input', { sessionId, data: 'exit 4\r' });
    assert.equal(await exited, 4);
    sub.dispose();

    // Stop: the Pod goes, the instance stays, stopped.
    await c.request('instance/stop', { resourceId: r.id }, 30_000);
    const stopped = await instance(res.instanceId, (x) => x.state === 'exited');
    assert.equal(stopped.containerId, '');
    await waitFor('the Pod deleted', () => !api.get('fakecloud', res.containerName) || undefined);

    // Start: a new Pod under a new name; the user data does not run again.
    await c.request('instance/start', { resourceId: stopped.id }, 60_000);
    const started = await instance(res.instanceId, (x) => x.state === 'running');
    assert.notEqual(started.containerId, res.containerName);
    await new Promise((res2) => setTimeout(res2, 500));
    assert.equal((await consoleText(started.id)).includes('user data on'), false, 'user data runs at first boot only');

    await c.request('instance/reboot', { resourceId: started.id }, 60_000);
    const rebooted = await instance(res.instanceId, (x) => x.state === 'running' && x.containerId !== started.containerId);
    await c.request('instance/terminate', { resourceId: rebooted.id }, 30_000);
    await waitFor('gone', () => !c.snapshot?.resources.some((x) => x.name === res.instanceId) || undefined);
    assert.equal(api.list().filter((p) => p.metadata?.labels?.['fakecloud-service'] === 'ec2').length, 0);
    const state = JSON.parse(fs.readFileSync(path.join(location.stateDir, 'desired-state.json'), 'utf8')) as {
      instances: Record<string, unknown>;
    };
    assert.equal(state.instances[res.instanceId], undefined);
  });

  it('the reconciler replaces an instance Pod deleted outside VS Code, and one that ended', async () => {
    await c.configure({ reconcile: { intervalSeconds: 1, repairFakecloudResources: false } });
    const repaired: string[] = [];
    const sub = c.on('reconcile/report', (rep) => {
      for (const e of rep.entries) if (e.action === 'recreated') repaired.push(e.name);
    });
    try {
      const res = await c.request('instance/launch', { name: `heal-${RUN}`, backend: 'kubernetes' }, 60_000);
      await instance(res.instanceId, (x) => x.state === 'running');
      // As `kubectl delete pod` would.
      api.remove('fakecloud', res.containerName);
      await cluster.kubelet.deleted({ metadata: { name: res.containerName, namespace: 'fakecloud' } });
      await waitFor('a repair', () => repaired.includes(res.instanceId) || undefined, 20_000);
      const second = await instance(res.instanceId, (x) => x.state === 'running' && x.containerId !== res.containerName);
      // Its main container dies: the Pod ends (Failed), and a new Pod replaces it.
      const ctr = (await docker.listContainers({ filters: JSON.stringify({ name: [`${second.containerId}-instance`] }) }))[0];
      await docker.getContainer(ctr.Id).kill();
      await instance(res.instanceId, (x) => x.state === 'exited' && x.containerId === second.containerId, 10_000);
      const third = await instance(res.instanceId, (x) => x.state === 'running' && x.containerId !== second.containerId, 30_000);
      await c.request('instance/terminate', { resourceId: third.id }, 30_000);
    } finally {
      sub.dispose();
      await c.configure({ reconcile: { intervalSeconds: 30, repairFakecloudResources: false } });
    }
  });

  it('the settings’ pull secret and scheduling, with the instance’s own tags over them, reach its Pod; a wrong shape is refused', async () => {
    const kubernetes = {
      enabled: true,
      kubeconfig: cluster.kubeconfig,
      pullSecret: 'registry-creds',
      scheduling: { nodeSelector: { pool: 'general', zone: 'a' } },
      schedulingByService: { ec2: { annotations: { team: 'infra' } } },
    };
    await c.configure({ kubernetes });
    try {
      const res = await c.request(
        'instance/launch',
        { name: `sched-${RUN}`, backend: 'kubernetes', tags: { 'fakecloud-k8s/node-selector': 'pool=spot' } },
        60_000,
      );
      const pod = cluster.api.get('fakecloud', res.containerName)!;
      assert.deepEqual(pod.spec!.imagePullSecrets, [{ name: 'registry-creds' }]);
      assert.deepEqual(pod.spec!.nodeSelector, { pool: 'spot', zone: 'a' });
      assert.equal(pod.metadata!.annotations!.team, 'infra');
      const r = await instance(res.instanceId, (x) => x.state === 'running');
      await c.request('instance/terminate', { resourceId: r.id }, 30_000);
      await assert.rejects(
        c.configure({ kubernetes: { ...kubernetes, scheduling: { nodeSelector: { pool: 3 } } } }),
        /scheduling\.nodeSelector must map names to text/,
      );
    } finally {
      await c.configure({ kubernetes: { enabled: true, kubeconfig: cluster.kubeconfig } });
    }
  });

  it('a switch of namespace leaves ours where they are: not made again there, back in view on switching back', async () => {
    const res = await c.request('instance/launch', { name: `here-${RUN}`, backend: 'kubernetes' }, 60_000);
    await instance(res.instanceId, (x) => x.state === 'running');
    const stopped = await c.request('instance/launch', { name: `idle-${RUN}`, backend: 'kubernetes' }, 60_000);
    await c.request('instance/stop', { resourceId: (await instance(stopped.instanceId, (x) => x.state === 'running')).id }, 30_000);
    await instance(stopped.instanceId, (x) => x.state === 'exited');
    try {
      await c.configure({
        instanceImage: IMAGES.instance,
        kubernetes: { enabled: true, kubeconfig: cluster.kubeconfig, namespace: 'default' },
      });
      await waitFor(
        'the other namespace in view',
        () =>
          (c.snapshot?.backends.find((b) => b.backend === 'kubernetes' && b.state === 'connected' && /namespace default/.test(b.target)) &&
            !c.snapshot.resources.some((r) => r.backend === 'kubernetes')) ||
          undefined,
        10_000,
      );
      const { report } = await c.request('reconcile/now', {}, 60_000);
      const entry = report?.entries.find((e) => e.name === res.instanceId);
      assert.equal(entry?.action, 'skipped', JSON.stringify(report));
      assert.match(entry?.reason ?? '', /it lives in namespace fakecloud of http:\/\/127\.0\.0\.1:\d+, not the one connected/);
      assert.equal(api.list().filter((p) => p.metadata?.namespace === 'default').length, 0, 'nothing made in the namespace switched to');
    } finally {
      await c.configure({ instanceImage: IMAGES.instance, kubernetes: { enabled: true, kubeconfig: cluster.kubeconfig } });
    }
    const back = await instance(res.instanceId, (x) => x.state === 'running');
    await instance(stopped.instanceId, (x) => x.state === 'exited');
    await c.request('instance/terminate', { resourceId: back.id }, 30_000);
    await c.request('instance/terminate', { resourceId: (await instance(stopped.instanceId)).id }, 30_000);
  });

  it('an image that cannot boot fails the launch, says why, and deletes its Pod', async () => {
    await c.configure({ instanceImage: 'fakecloud-test/does-not-exist:1' });
    try {
      await assert.rejects(
        c.request('instance/launch', { name: `bad-${RUN}`, backend: 'kubernetes' }, 60_000),
        /could not launch instance .* on Kubernetes: .*the Pod was deleted/,
      );
      assert.equal(api.list().filter((p) => p.metadata?.labels?.['fakecloud-service'] === 'ec2').length, 0);
    } finally {
      await c.configure({ instanceImage: IMAGES.instance });
    }
  });
});
