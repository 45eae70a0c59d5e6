// Finding a fakecloud server through the bundled service: its health route identifies it; one that goes away is
// shown unreachable, and found again on Retry; nothing is sent while every view is hidden.
import * as assert from 'node:assert/strict';
import type { ServiceClient } from '../../src/client/serviceClient';
import type { ServerStatus } from '../../src/protocol/model';
import { createFakecloudContainer, IMAGES, RUN, removeTestContainers, requireDocker, TEST_DOCKER_SOCKET, waitFor } from '../support/docker';
import { FakecloudStandIn } from '../support/fakecloudStandIn';
import { cleanupLocation, connectedClient, requireBundle, tempLocation } from '../support/service';

describe('fakecloud servers (a stand-in on 127.0.0.1, through the bundled service)', function () {
  this.timeout(60_000);
  const location = tempLocation('servers');
  const standIn = new FakecloudStandIn();
  let c: ServiceClient;
  const servers = (): ServerStatus[] => c.snapshot?.servers ?? [];

  before(async function () {
    await requireDocker(this);
    requireBundle();
    await standIn.start();
    // The shortest look interval there is (a view's fallback re-list), so the hidden test means something.
    c = await connectedClient(location, { servers: [standIn.endpoint], fallbackPollSeconds: 5 });
  });

  after(async () => {
    c?.dispose();
    await standIn.stop();
    await cleanupLocation(location);
  });

  it('identifies the server by its health route: version and services in the model', async () => {
    const s = await waitFor('the server identified', () => servers().find((x) => x.state === 'connected'));
    assert.deepEqual(
      { endpoint: s.endpoint, state: s.state, version: s.version, services: s.services },
      { endpoint: standIn.endpoint, state: 'connected', version: '0.9.3', services: standIn.services },
    );
  });

  it('a server that went away is unreachable, with the reason; Retry finds it again', async () => {
    await standIn.stop();
    const { servers: after } = await c.request('servers/check', {});
    assert.equal(after[0].state, 'unreachable');
    assert.match(after[0].error ?? '', /connection refused/);
    await waitFor('the model to say so', () => servers()[0]?.state === 'unreachable' || undefined);
    await standIn.start();
    standIn.version = '0.9.4';
    const { servers: back } = await c.request('servers/check', {});
    assert.deepEqual(
      { endpoint: back[0].endpoint, state: back[0].state, version: back[0].version, services: back[0].services },
      { endpoint: standIn.endpoint, state: 'connected', version: '0.9.4', services: standIn.services },
    );
  });

  it('an answer that is not a fakecloud server’s is said so, never shown as one', async () => {
    const other = new FakecloudStandIn();
    await other.start();
    await c.configure({ servers: [`${other.endpoint}/`, 'http://127.0.0.1:1'] });
    other.version = 'x';
    // The same stand-in, but its health route replaced by another program's page.
    await other.stop();
    const web = await import('node:http').then(
      (http) =>
        new Promise<import('node:http').Server>((resolve) => {
          const s = http.createServer((_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>'));
          s.listen(Number(other.endpoint.split(':')[2]), '127.0.0.1', () => resolve(s));
        }),
    );
    try {
      const { servers: list } = await c.request('servers/check', {});
      assert.equal(list.length, 2, 'both named in the settings are shown');
      assert.equal(list[0].state, 'unreachable');
      assert.match(list[0].error ?? '', /not JSON: not a fakecloud server/);
      assert.match(list[1].error ?? '', /connection refused/);
    } finally {
      web.closeAllConnections();
      web.close();
      await c.configure({ servers: [standIn.endpoint] });
    }
  });

  it('checks every interval while a view is visible, and sends nothing at all while every view is hidden', async () => {
    c.setViewVisible(true);
    const shown = standIn.healthChecks();
    await waitFor(
      'a check when the view shows, then one an interval later',
      () => standIn.healthChecks() >= shown + 2 || undefined,
      8_000,
      50,
    );
    c.setViewVisible(false);
    await new Promise((r) => setTimeout(r, 300));
    const hidden = standIn.healthChecks();
    // More than an interval: a poll would have come.
    await new Promise((r) => setTimeout(r, 6_000));
    assert.equal(standIn.healthChecks(), hidden, 'no health checks with every view hidden');
  });
});

describe('the engine a fakecloud server uses is the one watched (FAKECLOUD_CONTAINER_CLI=podman)', function () {
  this.timeout(60_000);
  const location = tempLocation('engine');
  const standIn = new FakecloudStandIn();
  let c: ServiceClient | undefined;
  let server: import('node:child_process').ChildProcess | undefined;
  let dir = '';

  before(async function () {
    await requireDocker(this);
    requireBundle();
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-podman-'));
    // Podman's API socket, as a server told to use Podman reaches it: here the machine's engine under another path.
    fs.symlinkSync(TEST_DOCKER_SOCKET, path.join(dir, 'podman.sock'));
    const { spawn } = await import('node:child_process');
    // A process that is a fakecloud server by its program's name and environment, as the service reads them.
    server = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
      argv0: 'fakecloud',
      env: { ...process.env, FAKECLOUD_CONTAINER_CLI: 'podman', CONTAINER_HOST: `unix://${path.join(dir, 'podman.sock')}` },
      stdio: 'ignore',
    });
    await standIn.start();
  });

  after(async () => {
    c?.dispose();
    server?.kill();
    await standIn.stop();
    await cleanupLocation(location);
    const fs = await import('node:fs');
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('connects to the engine the server uses, and says why', async () => {
    c = await connectedClient(location, { servers: [standIn.endpoint] });
    const docker = c.snapshot?.backends.find((b) => b.backend === 'docker');
    assert.equal(docker?.target, `unix://${dir}/podman.sock`);
    assert.match(docker?.source ?? '', /^the fakecloud server \(pid \d+\): FAKECLOUD_CONTAINER_CLI=podman/);
  });
});

describe('a server found where it listens, from its containers’ owner pid', function () {
  this.timeout(60_000);
  const location = tempLocation('found');
  // Not configured anywhere: a server on a port of its own. This test process is its pid.
  const unlisted = new FakecloudStandIn();
  let c: ServiceClient | undefined;

  before(async function () {
    await requireDocker(this);
    requireBundle();
    await unlisted.start();
  });

  after(async () => {
    c?.dispose();
    await unlisted.stop();
    await cleanupLocation(location);
    await removeTestContainers();
  });

  it('its container appears: the sockets its pid listens on are looked at, and the one that answers is shown', async () => {
    c = await connectedClient(location, { servers: ['http://127.0.0.1:1'] });
    assert.ok(!(c.snapshot?.servers ?? []).some((s) => s.endpoint === unlisted.endpoint));
    await createFakecloudContainer({
      labels: { 'fakecloud-elasticache': `found-${RUN.toLowerCase()}` },
      image: IMAGES.busybox,
      cmd: ['tail', '-f', '/dev/null'],
      serverPid: process.pid,
    });
    const s = await waitFor(
      'the server found',
      () => c?.snapshot?.servers?.find((x) => x.endpoint === unlisted.endpoint && x.state === 'connected'),
      10_000,
    );
    assert.equal(s.version, '0.9.3');
    // Other ports this process listens on are not fakecloud servers, and are not shown.
    assert.ok((c.snapshot?.servers ?? []).every((x) => x.endpoint === unlisted.endpoint || x.endpoint === 'http://127.0.0.1:1'));
  });
});
