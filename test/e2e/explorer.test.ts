// The packaged extension in a real VS Code (code-server) driven through Chromium,
// against a Docker daemon of the test's own (so it can be stopped and started).
// Each scenario saves a screenshot in test-results/e2e; UPDATE_SCREENSHOTS=1 copies
// them to media/screenshots for the README.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { IMAGES, PrivateDockerd, TEST_LABEL, RUN, dockerCli, requireDocker, waitFor } from '../support/docker';
import { tempLocation } from '../support/service';
import { FakecloudStandIn } from '../support/fakecloudStandIn';
import { CodeServer, requireE2e } from './support/codeServer';
import {
  closeWorkbench,
  openWorkbench,
  rows,
  runCommand,
  screenshot,
  screenshotOnFailure,
  waitForRows,
  waitForStatus,
} from './support/workbench';

describe('Fakecloud Explorer in VS Code (code-server + Chromium)', function () {
  const daemon = new PrivateDockerd('e2e');
  const location = tempLocation('e2e-service');
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const ids: Record<string, string> = {};
  // The server those containers belong to, on fakecloud's default endpoint (so nothing needs configuring).
  const fakecloudServer = new FakecloudStandIn(4566);

  const shot = async (name: string) => {
    await screenshot(page, name);
  };

  /** Creates a container on the test's daemon exactly as fakecloud does (labels, no name; host network here). */
  const fakecloud = async (name: string, labels: Record<string, string>, image: string, cmd: string[], start = true) => {
    const c = await daemon.client().createContainer({
      Image: image,
      Cmd: cmd,
      // The server's pid must be alive (this process stands in), or they would be a dead server's leftovers.
      Labels: { ...labels, 'fakecloud-instance': `fakecloud-${process.pid}`, [TEST_LABEL]: RUN },
      HostConfig: { NetworkMode: 'host' },
    });
    if (start) await c.start();
    ids[name] = c.id;
  };

  before(async function () {
    this.timeout(180_000);
    await requireDocker(this);
    requireE2e(this);
    if (!PrivateDockerd.available()) {
      if (process.env.CI === 'true') throw new Error('the e2e suite needs root and dockerd for a daemon of its own');
      this.skip();
    }
    await daemon.start();
    await daemon.loadImages([IMAGES.busybox, IMAGES.redis, IMAGES.memcached, IMAGES.lambdaNode]);
    server = new CodeServer({ settings: { 'fakecloud.docker.host': daemon.url }, runtimeDir: location.dir, stateDir: location.stateDir });
    await server.start();
    ({ browser, page } = await openWorkbench(server.url));
  });

  afterEach(async function () {
    await screenshotOnFailure(this.currentTest, page, location);
  });

  after(async function () {
    this.timeout(60_000);
    await closeWorkbench(browser, server, location);
    await daemon.destroy();
    await fakecloudServer.stop();
  });

  it('opens the Fakecloud view from the activity bar, with welcome content while there is nothing', async () => {
    await page.locator('.activitybar [aria-label^="Fakecloud"]').first().click();
    // A lone view has no pane header of its own: the side bar's title names it.
    await page.locator('.part.sidebar .title-label', { hasText: /Fakecloud: Resources/i }).waitFor({ timeout: 20_000 });
    await page.locator('.welcome-view-content', { hasText: 'No fakecloud caches, instances or functions' }).waitFor({ timeout: 30_000 });
    await shot('welcome');
  });

  it('shows containers created the way fakecloud creates them under Caches, Instances and Functions', async () => {
    await fakecloudServer.start();
    await fakecloud('orders', { 'fakecloud-elasticache': 'orders-cache' }, IMAGES.redis, ['redis-server', '--port', '17201']);
    await fakecloud(
      'sessions',
      { 'fakecloud-elasticache': 'session-store' },
      IMAGES.memcached,
      ['memcached', '-u', 'root', '-p', '17202'],
      false,
    );
    await fakecloud('web', { 'fakecloud-ec2': 'i-0f3a9c2b7d1e4a5b6' }, IMAGES.busybox, ['tail', '-f', '/dev/null']);
    await fakecloud('imds', { 'fakecloud-ec2-imds': 'i-0f3a9c2b7d1e4a5b6' }, IMAGES.busybox, ['tail', '-f', '/dev/null']);
    // On the host's network a function's port is the one its emulator was told; 8080 is code-server's here.
    await fakecloud('fn', { 'fakecloud-lambda': 'thumbnail-resizer' }, IMAGES.lambdaNode, [
      '--runtime-interface-emulator-address',
      '127.0.0.1:17203',
      'index.handler',
    ]);
    await fakecloud('db', { 'fakecloud-rds': 'orders-db' }, IMAGES.busybox, ['sh', '-c', 'exit 1']);
    const expected = [
      // Its containers say a server runs: it is looked for at once, and identified by its health route.
      'fakecloud 0.9.3 127.0.0.1:4566 · 6 services',
      // This stand-in answers its health route only: its resources cannot be listed, and its containers show as found.
      'Could not list its resources: DescribeCacheClusters: HTTP 404, not an AWS API answer (does this server offer the service?)',
      'Caches 2',
      'orders-cache :17201 · redis',
      'session-store created · memcached',
      'Instances 1',
      'i-0f3a9c2b7d1e4a5b6 running',
      'Functions 1',
      'thumbnail-resizer :17203',
      'Other 1',
      'orders-db exited (1) · rds',
    ];
    // The tree re-renders as events arrive: wait for the whole picture, not a moment of it.
    const got = await waitForRows(page, 'all resources', (r) => JSON.stringify(r) === JSON.stringify(expected), 20_000);
    assert.deepEqual(got, expected);
    await waitForStatus(page, 'the resource count', /^Docker: 5$/);
    await waitForStatus(page, 'the server', /^fakecloud 0\.9\.3: 6 services$/);
    await shot('tree');
  });

  it("writes an AWS profile for the server, shown as a diff first, leaving the rest of the user's files as they were", async () => {
    const srv = server!;
    fs.mkdirSync(path.dirname(srv.awsConfig), { recursive: true });
    fs.writeFileSync(srv.awsConfig, '# mine\n[default]\nregion = eu-west-1\n');
    await runCommand(page, 'Fakecloud: Configure AWS Profile…');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10_000 });
    assert.equal(await input.inputValue(), 'fakecloud');
    await page.keyboard.press('Enter');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 10_000 });
    // The diffs are open behind the question: what changes, before it does.
    assert.ok((await page.locator('.tabs-container .tab', { hasText: 'profile fakecloud' }).count()) >= 1);
    await shot('aws-profile-diff');
    await dialog.locator('.monaco-button', { hasText: 'Write' }).click();
    await waitFor('the profile written', () => (fs.existsSync(srv.awsCredentials) ? true : undefined), 10_000, 100);
    assert.equal(
      fs.readFileSync(srv.awsConfig, 'utf8'),
      '# mine\n[default]\nregion = eu-west-1\n\n[profile fakecloud]\nregion = us-east-1\nendpoint_url = http://127.0.0.1:4566\n',
    );
    assert.equal(fs.readFileSync(srv.awsCredentials, 'utf8'), '[fakecloud]\naws_access_key_id = test\naws_secret_access_key = test\n');
    const backups = fs.readdirSync(path.dirname(srv.awsConfig)).filter((f) => f.startsWith('config.bak-'));
    assert.equal(backups.length, 1, 'the config as it was, kept aside');
    assert.equal(fs.readFileSync(path.join(path.dirname(srv.awsConfig), backups[0]), 'utf8'), '# mine\n[default]\nregion = eu-west-1\n');
    await runCommand(page, 'View: Close All Editors');
  });

  it('reflects a container stopped outside VS Code without a manual refresh', async () => {
    await dockerCli(['stop', '-t', '2', ids.orders], daemon.url);
    await waitForRows(page, 'orders-cache exited', (r) => r.includes('orders-cache exited (0) · redis'), 5_000);
    await dockerCli(['start', ids.sessions], daemon.url);
    await waitForRows(page, 'session-store running', (r) => r.includes('session-store :17202 · memcached'), 5_000);
    await shot('stopped-outside');
  });

  it('reads "disconnected" with the reason when the daemon stops, and recovers when it starts', async () => {
    await waitForStatus(page, 'connected', /^Docker: 5$/);
    await daemon.stop();
    await waitForStatus(page, 'disconnected', /^Docker: disconnected$/, 20_000);
    const down = await waitForRows(page, 'the error item', (r) => r.includes('Failed to connect to Docker'), 10_000);
    assert.ok(
      down.some((r) => /the Docker socket does not exist/.test(r)),
      `the reason is shown: ${JSON.stringify(down)}`,
    );
    assert.ok(down.includes('Retry') && down.includes('Configure Docker host…'), JSON.stringify(down));
    await shot('disconnected');
    // A wizard says at once that there is nowhere to create, instead of failing after its last question.
    await runCommand(page, 'Fakecloud ElastiCache: Create Cache…');
    await page
      .locator('.notifications-toasts .notification-toast', { hasText: 'Create Cache: Docker is not connected' })
      .waitFor({ timeout: 5_000 });
    assert.equal(await page.locator('.quick-input-widget .quick-input-title', { hasText: 'engine' }).count(), 0, 'no engine question');
    await runCommand(page, 'Notifications: Clear All Notifications');

    await daemon.start();
    await waitForStatus(page, 'reconnected', /^Docker: 5$/, 30_000);
    // The daemon stopped its containers on the way down; the tree shows them as it left them.
    await waitForRows(page, 'the tree back', (r) => r.includes('Caches 2') && r.some((x) => x.startsWith('orders-cache exited')), 10_000);
    await shot('recovered');
  });

  it('shows the service log in the Fakecloud output channel', async () => {
    await runCommand(page, 'Fakecloud: Show Log');
    const output = page.locator('.part.panel .view-lines');
    await output.first().waitFor({ timeout: 10_000 });
    const deadline = Date.now() + 10_000;
    let text = '';
    while (Date.now() < deadline) {
      // Monaco renders spaces as no-break spaces.
      text = (await output.allInnerTexts()).join('\n').replace(/\u00a0/g, ' ');
      if (/\[service\].*Docker: (re)?connected/.test(text)) break;
      await page.waitForTimeout(200);
    }
    assert.match(text, /\[service\].*Docker: (re)?connected/);
    assert.match(text, /\[service\]/);
    await shot('output');
    assert.ok((await rows(page)).length > 0);
  });
});
