// The real fakecloud server (from crates.io) in the real VS Code: its resources made through its own API with the AWS
// SDK, as an app under test makes them, on an engine of the suite's own with a bridge. The tree shows them by AWS
// resource under the server; a cold function is invoked from its row and its invocation is in Show Invocations; a
// command runs on its Redis cluster; the cluster is deleted through the server from its row.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CreateCacheClusterCommand, CreateReplicationGroupCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { Browser, Page } from 'playwright-core';
import { zipFolder } from '../../src/service/fakecloud/zipCode';
import { listCode } from '../../src/service/runtime/functions/codeArchive';
import { PrivateDockerd, RUN, waitFor } from '../support/docker';
import { FAKECLOUD_VERSION, FakecloudServer, requireFakecloud, SERVER_IMAGES } from '../support/fakecloudServer';
import { tempLocation } from '../support/service';
import { CodeServer, requireE2e } from './support/codeServer';
import {
  answer,
  clearNotifications,
  closeWorkbench,
  contextMenu,
  openWorkbench,
  outputText,
  pick,
  quickInput,
  runCommand,
  screenshot,
  screenshotOnFailure,
  waitForRows,
  widenSidebar,
} from './support/workbench';

describe(`The real fakecloud server ${FAKECLOUD_VERSION} in VS Code (code-server + Chromium, its own bridge engine)`, function () {
  this.timeout(180_000);
  const location = tempLocation('e2e-real');
  const lower = RUN.toLowerCase().slice(-6);
  const engine = new PrivateDockerd('e2e-real', { bridge: true });
  const fakecloud = new FakecloudServer(engine, 'e2e-real');
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const creds = { accessKeyId: 'test', secretAccessKey: 'test' };

  const editorsText = async () => (await page.locator('.monaco-editor .view-lines').allInnerTexts()).join('\n').replace(/\u00a0/g, ' ');
  const row = (startsWith: string) => page.locator('.part.sidebar .monaco-list-row', { hasText: startsWith }).first();

  before(async function () {
    this.timeout(400_000);
    requireFakecloud(this);
    requireE2e(this);
    await engine.start();
    await engine.loadImages(Object.keys(SERVER_IMAGES), SERVER_IMAGES);
    await fakecloud.start();
    // Made through the server's API as an app under test would, before VS Code opens.
    const ec = new ElastiCacheClient({ endpoint: fakecloud.endpoint, region: 'us-east-1', credentials: creds });
    const lambda = new LambdaClient({ endpoint: fakecloud.endpoint, region: 'us-east-1', credentials: creds });
    try {
      await ec.send(
        new CreateReplicationGroupCommand({
          ReplicationGroupId: `orders-${lower}`,
          ReplicationGroupDescription: 'orders',
          Engine: 'redis',
          CacheNodeType: 'cache.t3.micro',
          NumCacheClusters: 2,
        }),
      );
      await ec.send(
        new CreateCacheClusterCommand({
          CacheClusterId: `sessions-${lower}`,
          Engine: 'redis',
          CacheNodeType: 'cache.t3.micro',
          NumCacheNodes: 1,
        }),
      );
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-e2e-real-fn-'));
      fs.writeFileSync(
        path.join(dir, 'index.js'),
        'exports.handler = async (e) => { console.log("resizing", e.key); return { resized: e.key }; };\n',
      );
      await lambda.send(
        new CreateFunctionCommand({
          FunctionName: `resize-${lower}`,
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: 'arn:aws:iam::123456789012:role/lambda',
          Code: { ZipFile: await zipFolder((await listCode(dir)).entries) },
        }),
      );
    } finally {
      ec.destroy();
      lambda.destroy();
    }
    server = new CodeServer({
      settings: { 'fakecloud.servers': [fakecloud.endpoint], 'fakecloud.docker.host': engine.url },
      runtimeDir: location.dir,
      stateDir: location.stateDir,
    });
    await server.start();
    ({ browser, page } = await openWorkbench(server.url));
    await page.locator('.activitybar [aria-label^="Fakecloud"]').first().click();
    await widenSidebar(page, 470);
  });

  afterEach(async function () {
    await screenshotOnFailure(this.currentTest, page, location);
    if (this.currentTest?.state === 'failed') console.log(`      the server's log, last lines:\n${fakecloud.logTail(30)}`);
  });

  after(async function () {
    this.timeout(120_000);
    await closeWorkbench(browser, server, location);
    await fakecloud.destroy();
    await engine.destroy();
  });

  it('shows the server by its version, and its resources by AWS resource: a replication group (its one container’s port), a cluster, a cold function', async () => {
    const got = await waitForRows(
      page,
      'the server’s resources',
      (r) =>
        r.some((x) => x.startsWith(`fakecloud ${FAKECLOUD_VERSION}`)) &&
        r.some((x) => new RegExp(`^orders-${lower} 2 members · :\\d+$`).test(x)) &&
        r.some((x) => new RegExp(`^sessions-${lower} :\\d+ · redis`).test(x)) &&
        r.some((x) => x.startsWith(`resize-${lower} cold · nodejs20.x`)),
      90_000,
    );
    assert.ok(
      got.some((x) => /^ElastiCache\b/.test(x)),
      got.join(' | '),
    );
    await screenshot(page, 'real-server-resources');
  });

  it('runs a Redis command on the server’s cluster from its row', async () => {
    await contextMenu(page, row(`sessions-${lower}`), 'Run Redis Command');
    await quickInput(page).fill('SET visitor 7');
    await page.keyboard.press('Enter');
    await waitFor(
      'the command and its answer in the cache’s channel',
      async () => (/> SET visitor 7\s*\nOK/.test(await outputText(page)) ? true : undefined),
      20_000,
      200,
    );
    await clearNotifications(page);
  });

  it('invokes the cold function from its row; it turns warm, and Show Invocations has the payload', async () => {
    await contextMenu(page, row(`resize-${lower}`), 'Invoke Function');
    await pick(page, 'Type JSON…');
    await answer(page, 'payload (JSON)', '{"key": "cat.png"}');
    await waitFor('the response', async () => ((await editorsText()).includes('"resized": "cat.png"') ? true : undefined), 60_000, 200);
    await waitForRows(page, 'the function warm', (r) => r.some((x) => x.startsWith(`resize-${lower} warm · nodejs20.x`)), 30_000);
    await contextMenu(page, row(`resize-${lower}`), 'Show Invocations');
    await waitFor(
      'the invocation log as JSON',
      async () => ((await editorsText()).includes('"key": "cat.png"') ? true : undefined),
      15_000,
      200,
    );
    await clearNotifications(page);
    await screenshot(page, 'real-server-invocations');
  });

  it('deletes the cluster through the server from its row: the server’s own listing no longer has it', async () => {
    await runCommand(page, 'View: Close All Editors');
    await contextMenu(page, row(`sessions-${lower}`), 'Delete Cache');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 10_000 });
    assert.match(await dialog.innerText(), /DeleteCacheCluster is sent to http:\/\/127\.0\.0\.1:\d+/);
    await dialog.locator('.monaco-button', { hasText: 'Delete' }).click();
    await waitForRows(page, 'the cluster gone', (r) => !r.some((x) => x.startsWith(`sessions-${lower}`)), 60_000);
    const res = await fetch(`${fakecloud.endpoint}/_fakecloud/elasticache/clusters`);
    const { clusters } = (await res.json()) as { clusters: { cacheClusterId: string }[] };
    assert.ok(!clusters.some((x) => x.cacheClusterId === `sessions-${lower}`), JSON.stringify(clusters));
  });
});
