// A fakecloud server's Redis Pod on Kubernetes, through the bundled service and
// the API stand-in (its kubelet runs the Pod on the real Docker engine): Run Redis
// Command over exec into the "cache" container, redis-cli on a TTY, Port Forward to
// reach it from this machine (and stop it), and Delete; what is not there yet for
// Pods says so instead of failing on Docker.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import type { V1Pod } from '@kubernetes/client-node';
import type { ServiceClient } from '../../src/client/serviceClient';
import type { Resource } from '../../src/protocol/model';
import { IMAGES, RUN, requireDocker, waitFor } from '../support/docker';
import { kubernetesConnected, startStandInCluster, type StandInCluster } from '../support/kube/cluster';
import { cleanupLocation, client, requireBundle, tempLocation } from '../support/service';

function ping(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.createConnection({ host: '127.0.0.1', port });
    let out = '';
    s.on('connect', () => s.write('PING\r\n'));
    s.on('data', (d) => {
      out += d.toString();
      if (out.includes('\r\n')) {
        s.destroy();
        resolve(out.trim());
      }
    });
    s.on('error', reject);
    s.on('close', () => resolve(out.trim()));
  });
}

describe('a fakecloud cache Pod on Kubernetes (the API stand-in, the Pod on the real Docker engine)', function () {
  this.timeout(90_000);
  const location = tempLocation('k8s-caches');
  let cluster: StandInCluster;
  let c: ServiceClient;
  const podName = `fakecloud-ec-orders-${RUN.toLowerCase()}`.slice(0, 63);
  const cache = (pred: (r: Resource) => boolean = (r) => r.state === 'running') =>
    waitFor('the cache Pod', () => c.snapshot?.resources.find((r) => r.backend === 'kubernetes' && r.kind === 'cache' && pred(r)), 20_000);

  before(async function () {
    await requireDocker(this);
    requireBundle();
    cluster = await startStandInCluster(RUN);
    c = client(location, { serviceArgs: ['--idle-timeout', '60'] });
    await c.connect();
    await c.configure({ kubernetes: { enabled: true, kubeconfig: cluster.kubeconfig } });
    await kubernetesConnected(c);
    // As fakecloud's ElastiCache Kubernetes backend makes one (seed 000), created through the API.
    const pod: V1Pod = {
      metadata: { name: podName, labels: { 'fakecloud-managed-by': 'fakecloud', 'fakecloud-instance': 'fakecloud-31', 'fakecloud-service': 'elasticache', 'fakecloud-elasticache': 'orders' } },
      spec: { restartPolicy: 'Never', containers: [{ name: 'cache', image: IMAGES.redis, command: ['redis-server', '--port', '6379'] }] },
    };
    const res = await fetch(`${cluster.api.url}/api/v1/namespaces/fakecloud/pods`, { method: 'POST', headers: { authorization: 'Bearer stand-in-token', 'content-type': 'application/json' }, body: JSON.stringify(pod) });
    assert.equal(res.status, 201);
  });

  after(async () => {
    c?.dispose();
    await cleanupLocation(location);
    await cluster?.stop();
  });

  it('runs Redis commands over exec, formatted as redis-cli formats them', async () => {
    const r = await cache();
    assert.equal(r.owner.type, 'fakecloud');
    assert.equal((await c.request('cache/command', { resourceId: r.id, line: 'SET greeting "from a Pod"' }, 30_000)).stdout.trim(), 'OK');
    assert.equal((await c.request('cache/command', { resourceId: r.id, line: 'GET greeting' }, 30_000)).stdout.trim(), '"from a Pod"');
    assert.equal((await c.request('cache/command', { resourceId: r.id, line: 'INCR greeting' }, 30_000)).isError, true);
  });

  it('opens redis-cli on a TTY in the Pod', async () => {
    const r = await cache();
    const sessionId = `k8s-cli-${RUN}`;
    let out = '';
    const sub = c.on('terminal/output', (p) => {
      if (p.sessionId === sessionId) out += p.data;
    });
    await c.request('terminal/open', { resourceId: r.id, kind: 'cache-cli', cols: 100, rows: 30, sessionId });
    await waitFor('the prompt', () => /127\.0\.0\.1:6379>/.test(out) || undefined, 10_000).catch((e: Error) => { throw new Error(`${e.message}: ${JSON.stringify(out)}`); });
    c.notify('terminal/input', { sessionId, data: 'GET greeting\r' });
    await waitFor('the answer', () => out.includes('"from a Pod"') || undefined, 10_000);
    c.notify('terminal/input', { sessionId, data: 'quit\r' });
    sub.dispose();
  });

  it('Port Forward reaches the cache from this machine until stopped', async () => {
    const r = await cache();
    const fwd = await c.request('resource/portForward', { resourceId: r.id }, 30_000);
    assert.equal(fwd.remotePort, 6379);
    assert.equal(await ping(fwd.localPort), '+PONG');
    await c.request('resource/stopPortForward', { forwardId: fwd.forwardId });
    await assert.rejects(ping(fwd.localPort), /ECONNREFUSED/);
  });

  it('says what is not there yet for a cache Pod, and deletes its Pod', async () => {
    const r = await cache();
    await assert.rejects(c.request('cache/reboot', { resourceId: r.id }), /Reboot of a cache on Kubernetes is not available yet/);
    await assert.rejects(c.request('cache/snapshot', { resourceId: r.id, path: '/tmp/x.rdb' }), /Snapshot of a cache on Kubernetes is not available yet/);
    await c.request('cache/delete', { resourceId: r.id }, 30_000);
    await waitFor('the Pod gone', () => !cluster.api.get('fakecloud', podName) || undefined);
    await waitFor('gone from the model', () => !c.snapshot?.resources.some((x) => x.id === r.id) || undefined);
  });
});
