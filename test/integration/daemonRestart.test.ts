// A daemon that goes away turns the model into "disconnected" with the error, and
// the service reconnects by itself when it comes back. Uses a dockerd of the
// test's own, so the machine's daemon is never touched.
import * as assert from 'node:assert/strict';
import { DockerDiscovery, DEFAULT_DISCOVERY_OPTIONS } from '../../src/service/backends/docker/dockerDiscovery';
import { LiveModel } from '../../src/service/model/liveModel';
import { ServiceLog } from '../../src/service/support/log';
import { IMAGES, PrivateDockerd, requireDocker, waitFor, RUN } from '../support/docker';

describe('Docker daemon stopped and started again', function () {
  const daemon = new PrivateDockerd('restart');
  let model: LiveModel;
  let discovery: DockerDiscovery;

  before(async function () {
    await requireDocker(this);
    if (!PrivateDockerd.available()) {
      if (process.env.CI === 'true') throw new Error('CI needs root and dockerd for the daemon restart test');
      this.skip();
    }
    await daemon.start();
    await daemon.loadImages([IMAGES.busybox]);
    const priv = daemon.client();
    const c = await priv.createContainer({
      Image: IMAGES.busybox,
      Cmd: ['tail', '-f', '/dev/null'],
      Labels: { 'fakecloud-ec2': `i-${RUN}`, 'fakecloud-instance': 'fakecloud-1' },
      HostConfig: { NetworkMode: 'host' },
    });
    await c.start();
    model = new LiveModel();
    discovery = new DockerDiscovery(model, new ServiceLog(), () => ({ url: daemon.url, source: 'test' }), { ...DEFAULT_DISCOVERY_OPTIONS });
    discovery.start();
    await waitFor('connected', () => model.backendStatus('docker')?.state === 'connected', 5_000);
  });

  after(async () => {
    discovery?.stop();
    await daemon.destroy();
  });

  it('reports disconnected with the error when the daemon stops, and reconnects when it starts', async () => {
    assert.equal(model.snapshot().resources.length, 1);
    await daemon.stop();
    const down = await waitFor(
      'disconnected',
      () => {
        const s = model.backendStatus('docker');
        return s?.state === 'disconnected' ? s : undefined;
      },
      5_000,
    );
    assert.match(down.error ?? '', /does not exist|refused|ENOENT|ECONNREFUSED|closed/i);
    assert.ok(down.nextRetryAt && down.nextRetryAt > Date.now() - 1000, 'a retry is scheduled');
    console.log(`      disconnected: ${down.error}`);

    await daemon.start();
    await waitFor('reconnected', () => model.backendStatus('docker')?.state === 'connected', 15_000, 50);
    // The container was stopped with the daemon (no restart policy): the re-list shows that.
    await waitFor(
      'the container as the daemon left it',
      () => model.snapshot().resources.length === 1 && model.snapshot().resources[0].state === 'exited',
      5_000,
    );
  });
});
