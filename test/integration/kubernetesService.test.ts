// Kubernetes through the bundled service: switched on by a client's settings
// (the Kubernetes bundle loaded only then), Pods next to Docker's containers in
// one model, the context and namespace pickers' lists, and switched off again.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import type { ServiceClient } from '../../src/client/serviceClient';
import { KubeApiStandIn } from '../support/kube/apiStandIn';
import { waitFor } from '../support/docker';
import { cleanupLocation, client, requireBundle, serviceEnv, tempLocation } from '../support/service';

describe('Kubernetes in the service (bundled, against the API stand-in)', function () {
  this.timeout(30_000);
  const location = tempLocation('k8s-service');
  const api = new KubeApiStandIn();
  let kubeconfig = '';
  let c: ServiceClient;
  const kube = () => c.snapshot?.backends.find((b) => b.backend === 'kubernetes');

  before(async () => {
    requireBundle();
    await api.start();
    kubeconfig = api.writeKubeconfig('fakecloud');
    const pod: V1Pod = {
      metadata: {
        name: 'fakecloud-i-web-0123456789ab',
        namespace: 'fakecloud',
        labels: {
          'fakecloud-managed-by': 'fakecloud',
          'fakecloud-instance': 'fakecloud-9',
          'fakecloud-service': 'ec2',
          'fakecloud-ec2': 'i-0web',
        },
      },
      spec: { restartPolicy: 'Never', containers: [{ name: 'instance', image: 'amazonlinux:2023', command: ['tail', '-f', '/dev/null'] }] },
    };
    api.put(pod);
    api.setPhase('fakecloud', pod.metadata!.name!, 'Running');
    c = client(location, { serviceArgs: ['--idle-timeout', '60'] });
    await c.connect();
  });

  after(async () => {
    c?.dispose();
    await cleanupLocation(location);
    await api.stop();
    if (kubeconfig) fs.rmSync(path.dirname(kubeconfig), { recursive: true, force: true });
  });

  it('is off until enabled: no Kubernetes status, nothing sent to the cluster', async () => {
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(kube(), undefined);
    assert.equal(api.counts.list + api.counts.watch, 0);
  });

  it('enabled: connects, and its Pods join the model with the backend named', async () => {
    await c.configure({ kubernetes: { enabled: true, kubeconfig } });
    await waitFor('connected', () => kube()?.state === 'connected' || undefined, 10_000);
    const r = await waitFor('the instance Pod', () => c.snapshot?.resources.find((x) => x.backend === 'kubernetes' && x.name === 'i-0web'));
    assert.equal(r.kind, 'instance');
    assert.equal(r.state, 'running');
    assert.match(kube()!.target, /namespace fakecloud/);
  });

  it('lists the kubeconfig’s contexts and the cluster’s namespaces for the pickers', async () => {
    const ctxs = await c.request('kubernetes/contexts', {});
    assert.deepEqual(ctxs.contexts, [{ name: 'standin', cluster: 'standin', namespace: 'fakecloud' }]);
    assert.equal(ctxs.current, 'standin');
    const ns = await c.request('kubernetes/namespaces', {});
    assert.deepEqual(ns.namespaces, ['default', 'fakecloud', 'kube-system']);
  });

  it('a namespace switch reconnects there; disabling clears its resources', async () => {
    await c.configure({ kubernetes: { enabled: true, kubeconfig, namespace: 'default' } });
    await waitFor(
      'the Pod gone from view',
      () => (!c.snapshot?.resources.some((x) => x.backend === 'kubernetes') && kube()?.state === 'connected') || undefined,
      10_000,
    );
    assert.match(kube()!.target, /namespace default/);
    await c.configure({ kubernetes: { enabled: true, kubeconfig, namespace: '' } });
    await waitFor('back', () => c.snapshot?.resources.find((x) => x.backend === 'kubernetes'), 10_000);
    await c.configure({ kubernetes: { enabled: false, kubeconfig } });
    await waitFor(
      'disabled',
      () => (kube()?.state === 'disabled' && !c.snapshot?.resources.some((x) => x.backend === 'kubernetes')) || undefined,
      5_000,
    );
  });

  it("an exec credential plugin found on the user's PATH supplies the token (as for EKS, GKE, AKS)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-cred-'));
    const loc = tempLocation('k8s-exec-cred');
    let other: ServiceClient | undefined;
    try {
      // A plugin as `aws eks get-token` is one: on PATH by name, an ExecCredential on stdout.
      fs.writeFileSync(
        path.join(dir, 'fcx-test-credential'),
        '#!/bin/sh\necho "called $*" >> "$(dirname "$0")/calls"\nprintf ' +
          '\'{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"stand-in-token"}}\'\n',
        { mode: 0o755 },
      );
      const cfg = fs
        .readFileSync(kubeconfig, 'utf8')
        .replace(
          '  user: { token: "stand-in-token" }',
          '  user: { exec: { apiVersion: client.authentication.k8s.io/v1, command: fcx-test-credential, args: [--cluster, standin], interactiveMode: Never } }',
        );
      assert.notEqual(cfg, fs.readFileSync(kubeconfig, 'utf8'));
      fs.writeFileSync(path.join(dir, 'config'), cfg);
      other = client(loc, { serviceArgs: ['--idle-timeout', '30'], env: serviceEnv(loc, { PATH: `${dir}:${process.env.PATH ?? ''}` }) });
      await other.connect();
      await other.configure({ kubernetes: { enabled: true, kubeconfig: path.join(dir, 'config') } });
      const o = other;
      await waitFor(
        "connected with the plugin's token",
        () =>
          (o.snapshot?.backends.find((b) => b.backend === 'kubernetes')?.state === 'connected' &&
            o.snapshot.resources.some((x) => x.name === 'i-0web')) ||
          undefined,
        10_000,
      );
      assert.match(fs.readFileSync(path.join(dir, 'calls'), 'utf8'), /^called --cluster standin$/m);
    } finally {
      other?.dispose();
      await cleanupLocation(loc);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a missing kubeconfig is a clear disconnected status', async () => {
    await c.configure({ kubernetes: { enabled: true, kubeconfig: '/nonexistent/kubeconfig' } });
    await waitFor('disconnected', () => kube()?.state === 'disconnected' || undefined, 5_000);
    assert.match(kube()!.error ?? '', /the kubeconfig \/nonexistent\/kubeconfig .* does not exist/);
    await c.configure({ kubernetes: { enabled: false } });
  });
});
