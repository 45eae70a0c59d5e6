// A stack's items on Kubernetes, through the bundled service and the API stand-in (its kubelet runs the Pods on
// the real Docker engine): applied as Pods carrying the stack's labels, kept on a second plan, exported with
// on: kubernetes, and taken down (the Pods deleted).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ServiceClient } from '../../src/client/serviceClient';
import { stackScope } from '../../src/protocol/stack';
import { IMAGES, RUN, requireDocker, waitFor } from '../support/docker';
import { kubernetesConnected, startStandInCluster, type StandInCluster } from '../support/kube/cluster';
import { applyStack, cleanupLocation, client, requireBundle, tempLocation } from '../support/service';

describe('a stack on Kubernetes (the API stand-in, Pods on the real Docker engine)', function () {
  this.timeout(120_000);
  const location = tempLocation('k8s-stacks');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-k8s-stack-'));
  const file = path.join(dir, 'fakecloud.yaml');
  const lower = RUN.toLowerCase();
  let cluster: StandInCluster;
  let c: ServiceClient;

  before(async function () {
    await requireDocker(this);
    requireBundle();
    cluster = await startStandInCluster(RUN);
    c = client(location, { serviceArgs: ['--idle-timeout', '60'] });
    await c.connect();
    await c.configure({
      redisImage: IMAGES.redis,
      instanceImage: IMAGES.instance,
      kubernetes: { enabled: true, kubeconfig: cluster.kubeconfig, stagingImage: IMAGES.busybox },
    });
    await kubernetesConnected(c);
  });

  after(async () => {
    c?.dispose();
    await cleanupLocation(location);
    await cluster?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('applies a cache and an instance as Pods, keeps them, exports them as on: kubernetes, and takes them down', async () => {
    fs.writeFileSync(
      file,
      [
        'name: pods',
        'caches:',
        `  k-${lower}:`,
        '    on: kubernetes',
        'instances:',
        `  kw-${lower}:`,
        '    on: kubernetes',
        '    userData: echo pod-stack',
        '',
      ].join('\n'),
    );
    const applied = await applyStack(c, file, false, 120_000);
    assert.deepEqual(
      applied.outcomes.map((o) => [o.kind, o.result]),
      [
        ['cache', 'done'],
        ['instance', 'done'],
      ],
      applied.text,
    );
    const scope = stackScope(file);
    const mine = () =>
      (c.snapshot?.resources ?? []).filter((r) => r.labels['fakecloud-explorer.stack-scope'] === scope && r.state === 'running');
    const pods = await waitFor('both Pods running', () => (mine().length === 2 ? mine() : undefined), 30_000);
    assert.ok(pods.every((r) => r.backend === 'kubernetes' && r.labels['fakecloud-explorer.stack'] === 'pods'));
    const planned = await c.request('stack/plan', { file });
    assert.deepEqual(
      planned.plan?.steps.map((s) => s.action),
      ['keep', 'keep'],
    );
    const exported = await c.request('stack/export', { folder: dir });
    assert.match(exported.text, new RegExp(`k-${lower}:\\n\\s+engine: redis\\n\\s+on: kubernetes`));
    assert.match(exported.text, new RegExp(`kw-${lower}:\\n\\s+userData: echo pod-stack\\n\\s+on: kubernetes`));

    const down = await c.request('stack/down', { file, removeData: false }, 60_000);
    assert.deepEqual(
      down.outcomes.map((o) => o.result),
      ['done', 'done'],
      down.text,
    );
    await waitFor(
      'the Pods gone',
      () => ((c.snapshot?.resources ?? []).some((r) => r.labels['fakecloud-explorer.stack-scope'] === scope) ? undefined : true),
      30_000,
    );
    assert.equal((await c.request('stack/members', { file })).steps.length, 0);
  });
});
