// A fakecloud server's own view in the real VS Code: the stand-in speaks the AWS APIs with real containers; the tree
// shows its resources by AWS resource under it (a replication group with its members, a cold function); a cold
// function is invoked from its row's menu and the invocation is then in Show Invocations; a cluster deleted from its
// menu is gone from the server's own listing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { zipFolder } from '../../src/service/fakecloud/zipCode';
import { listCode } from '../../src/service/runtime/functions/codeArchive';
import { RUN, removeTestContainers, requireDocker, waitFor } from '../support/docker';
import { FakecloudAws } from '../support/fakecloudAws';
import { FakecloudStandIn } from '../support/fakecloudStandIn';
import { tempLocation } from '../support/service';
import { CodeServer, requireE2e } from './support/codeServer';
import {
  answer,
  clearNotifications,
  closeWorkbench,
  openWorkbench,
  outputText,
  pick,
  screenshot,
  screenshotOnFailure,
  waitForRows,
  widenSidebar,
} from './support/workbench';

describe('A fakecloud server’s resources in VS Code (code-server + Chromium, stand-in with real containers)', function () {
  this.timeout(120_000);
  const location = tempLocation('e2e-aws');
  const lower = RUN.toLowerCase().slice(-6);
  const aws = new FakecloudAws();
  const standIn = new FakecloudStandIn(0, aws);
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;

  const editorsText = async () => (await page.locator('.monaco-editor .view-lines').allInnerTexts()).join('\n').replace(/\u00a0/g, ' ');
  const row = (startsWith: string) => page.locator('.part.sidebar .monaco-list-row', { hasText: startsWith }).first();
  /** Right-click a row and choose an item of its context menu. */
  const menu = async (rowText: string, item: string) => {
    const entry = page.locator('.monaco-menu .action-menu-item', { hasText: item }).first();
    // The tree can redraw between finding the row and the click (a function turning warm moves the rows): a menu
    // without the item was another row's, so it is closed and the row right-clicked again.
    for (let attempt = 0; ; attempt++) {
      await row(rowText).click({ button: 'right' });
      const shown = await entry.waitFor({ timeout: 3_000 }).then(
        () => true,
        () => false,
      );
      if (shown) break;
      await page.keyboard.press('Escape');
      if (attempt === 3) throw new Error(`no "${item}" in the menu of ${rowText}`);
    }
    // The menu acts on a hovered item's mouse-up: hover first, as a hand does.
    await entry.hover();
    await entry.click();
  };

  before(async function () {
    this.timeout(180_000);
    await requireDocker(this);
    requireE2e(this);
    await standIn.start();
    await aws.createReplicationGroup(`orders-${lower}`, 2);
    await aws.createCluster(`sessions-${lower}`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fc-e2e-fn-'));
    fs.writeFileSync(
      path.join(dir, 'index.js'),
      'exports.handler = async (e) => { console.log("resizing", e.key); return { resized: e.key }; };\n',
    );
    await aws.createFunction(`resize-${lower}`, 'nodejs20.x', 'index.handler', await zipFolder((await listCode(dir)).entries));
    server = new CodeServer({
      settings: { 'fakecloud.servers': [standIn.endpoint] },
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
  });

  after(async function () {
    this.timeout(60_000);
    await closeWorkbench(browser, server, location);
    await aws.close().catch(() => undefined);
    await standIn.stop();
    await removeTestContainers();
  });

  it('shows the server’s resources by AWS resource: a replication group, a cluster, a cold function', async () => {
    const got = await waitForRows(
      page,
      'the server’s resources',
      (r) =>
        r.some((x) => x.startsWith('fakecloud 0.9.3')) &&
        r.some((x) => new RegExp(`^orders-${lower} 2 members · :\\d+$`).test(x)) &&
        r.some((x) => new RegExp(`^sessions-${lower} :\\d+ · redis 7\\.1$`).test(x)) &&
        r.includes(`resize-${lower} cold · nodejs20.x`),
      30_000,
    );
    assert.deepEqual(
      got.filter((x) => /^(ElastiCache|Lambda|EC2|RDS)\b/.test(x)),
      ['ElastiCache 2', 'Lambda 1'],
    );
    await screenshot(page, 'server-resources');
  });

  it('invokes the cold function from its row; it turns warm, and Show Invocations has the payload', async () => {
    await menu(`resize-${lower}`, 'Invoke Function');
    await pick(page, 'Type JSON…');
    await answer(page, 'payload (JSON)', '{"key": "cat.png"}');
    await waitFor('the response', async () => ((await editorsText()).includes('"resized": "cat.png"') ? true : undefined), 30_000, 200);
    await waitFor(
      'its log tail in the channel',
      async () => (/resizing\s+cat\.png/.test(await outputText(page)) ? true : undefined),
      10_000,
      200,
    );
    await waitForRows(page, 'the function warm', (r) => r.includes(`resize-${lower} warm · nodejs20.x`), 15_000);
    assert.equal(aws.functions.get(`resize-${lower}`)?.warm.length, 1, 'the server started it');
    await menu(`resize-${lower}`, 'Show Invocations');
    await waitFor(
      'the invocation log as JSON',
      async () => {
        const t = await editorsText();
        return t.includes('"source": "fakecloud-explorer"') && t.includes('"key": "cat.png"') ? true : undefined;
      },
      15_000,
      200,
    );
    await clearNotifications(page);
    await screenshot(page, 'server-invocations');
  });

  it('deletes a cluster through the server: the server’s own listing no longer has it', async () => {
    await menu(`sessions-${lower}`, 'Delete Cache');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 10_000 });
    assert.match(await dialog.innerText(), /DeleteCacheCluster is sent to http:\/\/127\.0\.0\.1:\d+/);
    await dialog.locator('.monaco-button', { hasText: 'Delete' }).click();
    await waitForRows(page, 'the cluster gone', (r) => !r.some((x) => x.startsWith(`sessions-${lower}`)), 15_000);
    assert.ok(aws.actions.includes('elasticache:DeleteCacheCluster'));
    assert.equal(aws.clusters.has(`sessions-${lower}`), false);
  });
});
