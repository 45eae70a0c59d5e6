// The slow fallback re-list runs only while a view is visible; with none visible,
// the event stream alone keeps the model current and Docker gets no requests.
import * as assert from 'node:assert/strict';
import { DockerDiscovery, DEFAULT_DISCOVERY_OPTIONS } from '../../src/service/backends/docker/dockerDiscovery';
import { LiveModel } from '../../src/service/model/liveModel';
import { ServiceLog } from '../../src/service/support/log';
import { requireDocker, TEST_DOCKER_URL, waitFor } from '../support/docker';

describe('fallback re-list follows view visibility', function () {
  let discovery: DockerDiscovery;
  const model = new LiveModel();

  before(async function () {
    await requireDocker(this);
    discovery = new DockerDiscovery(model, new ServiceLog(), () => ({ url: TEST_DOCKER_URL, source: 'test' }), {
      ...DEFAULT_DISCOVERY_OPTIONS,
      fallbackPollMs: 100,
    });
    discovery.start();
    await waitFor('connected', () => model.backendStatus('docker')?.state === 'connected');
  });

  after(() => discovery?.stop());

  const requestsDuring = async (ms: number) => {
    const before = discovery.requests;
    await new Promise((r) => setTimeout(r, ms));
    return discovery.requests - before;
  };

  it('sends nothing while no view is visible, re-lists while one is, and stops again when hidden', async () => {
    assert.equal(await requestsDuring(1_000), 0, 'hidden: no requests');
    discovery.setViewVisible(true);
    const visible = await requestsDuring(1_000);
    assert.ok(visible >= 5 && visible <= 12, `visible: ${visible} re-lists in 1 s at a 100 ms period`);
    discovery.setViewVisible(false);
    await new Promise((r) => setTimeout(r, 150)); // one in flight may finish
    assert.equal(await requestsDuring(1_000), 0, 'hidden again: no requests');
  });
});
