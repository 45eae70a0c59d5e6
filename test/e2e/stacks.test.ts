// A stack file from the real VS Code: completion and hovers from the shipped schema and error squiggles while typing in
// fakecloud.json, a save offering Apply Stack, the plan shown as a diff before the confirmation, the stack's
// resources under it in the tree, and Down Stack from its row taking them away while a cache keeps its data for the
// next Apply.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { IMAGES, RUN, removeNamed, requireDocker, waitFor } from '../support/docker';
import { tempLocation } from '../support/service';
import { CodeServer, requireE2e } from './support/codeServer';
import {
  clearNotifications,
  closeWorkbench,
  contextMenu,
  openWorkbench,
  outputText,
  pick,
  quickInput as quickInputOf,
  rowLabelled,
  runCommand,
  screenshot,
  screenshotOnFailure,
  waitForNotification,
  waitForRows,
  widenSidebar,
} from './support/workbench';

describe('Stack files in VS Code (code-server + Chromium)', function () {
  this.timeout(150_000);
  const location = tempLocation('e2e-stacks');
  const lower = RUN.toLowerCase();
  const cacheName = `sc-${lower}`.slice(0, 30);
  const fnName = `sf-${lower}`.slice(0, 30);
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;

  const editorsText = async () => (await page.locator('.monaco-editor .view-lines').allInnerTexts()).join('\n').replace(/\u00a0/g, ' ');
  /** The stack file's editor: all of it replaced by typing (auto-closing is off in this window). */
  const typeInFile = async (text: string) => {
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type(text);
  };
  const problems = async () => (await page.locator('.markers-panel').allInnerTexts()).join('\n');

  before(async function () {
    this.timeout(180_000);
    await requireDocker(this);
    requireE2e(this);
    server = new CodeServer({
      settings: {
        'fakecloud.docker.networkMode': 'host',
        'fakecloud.images.redis': IMAGES.redis,
        'fakecloud.images.functionRuntimes': { 'nodejs20.x': IMAGES.lambdaNode },
        'fakecloud.reconcile.intervalSeconds': 2,
        // Typed text lands as typed: no closing brackets or quotes added, no suggestion taken by Enter.
        'editor.autoClosingBrackets': 'never',
        'editor.autoClosingQuotes': 'never',
        'editor.autoIndent': 'none',
        'editor.acceptSuggestionOnEnter': 'off',
        'editor.quickSuggestions': { other: false, comments: false, strings: false },
        'files.autoSave': 'off',
      },
      runtimeDir: location.dir,
      stateDir: location.stateDir,
    });
    await server.start();
    fs.mkdirSync(path.join(server.workspace, 'fn'));
    fs.writeFileSync(path.join(server.workspace, 'fn', 'index.mjs'), 'export const handler = async () => "from the stack";\n');
    fs.writeFileSync(path.join(server.workspace, 'fakecloud.json'), '{ "name": "shop" }\n');
    ({ browser, page } = await openWorkbench(server.url));
    await page.locator('.activitybar [aria-label^="Fakecloud"]').first().click();
    await widenSidebar(page, 470);
    // The workspace's stack, not applied yet, above the groups.
    await waitForRows(page, 'the stack row', (r) => r.includes('shop not applied'), 30_000);
  });

  afterEach(async function () {
    await screenshotOnFailure(this.currentTest, page, location);
  });

  after(async function () {
    this.timeout(60_000);
    await closeWorkbench(browser, server, location);
    await removeNamed(lower);
  });

  it('completes from the shipped schema and marks a mistake as it is typed, before it is saved', async () => {
    await runCommand(page, 'Go to File...');
    await quickInputOf(page).fill('fakecloud.json');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'fakecloud.json' }).first().click();
    await page.locator('.tabs-container .tab.active', { hasText: 'fakecloud.json' }).waitFor({ timeout: 15_000 });
    await typeInFile(`{ "name": "shop", "caches": { "${cacheName}": { `);
    // The JSON language server starts with the first JSON editor and reads the schema then: until it has, the
    // editor offers words from the file instead. Asked again every 2 s, as a user would.
    const suggest = page.locator('.suggest-widget .monaco-list-row');
    let asked = 0;
    await waitFor(
      'the schema’s keys offered',
      async () => {
        if (Date.now() - asked > 2_000) {
          await page.keyboard.press('Escape');
          await page.keyboard.press('Control+Space');
          asked = Date.now();
        }
        const offered = await suggest.allInnerTexts();
        return ['engine', 'snapshot', 'port'].every((k) => offered.some((o) => o.includes(k))) ? offered : undefined;
      },
      45_000,
      200,
    );
    await page.keyboard.press('Escape');
    await page.keyboard.type('"engine": "valkey" } } }');
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 15_000 });
    // A key's meaning on hover, from the schema's descriptions.
    await page
      .locator('.monaco-editor .view-line span', { hasText: /^"engine"$/ })
      .first()
      .hover();
    await page.locator('.monaco-hover', { hasText: 'The engine: redis (the default) or memcached.' }).first().waitFor({ timeout: 15_000 });
    await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
    // The editor's JSON checker and the service (the same checks as Apply's, with line and column) both say so.
    const said = await waitFor(
      'both checks in Problems',
      async () => {
        const text = await problems();
        return /Value is not accepted/.test(text) && /caches\.[^.]+\.engine: Invalid option/.test(text) ? text : undefined;
      },
      15_000,
      200,
    );
    assert.match(said, /redis|memcached/);
    await screenshot(page, 'stack-squiggle');
  });

  it('a save offers Apply Stack; the plan shows as a diff before the confirmation; the resources show under the stack', async () => {
    await clearNotifications(page);
    const fn = `"${fnName}": { "runtime": "nodejs20.x", "handler": "index.handler", "code": "fn" }`;
    await typeInFile(`{\n"name": "shop",\n"caches": { "${cacheName}": { "engine": "redis" } },\n"functions": { ${fn} }\n}\n`);
    await page.keyboard.press('Control+S');
    const offer = await waitForNotification(page, 'fakecloud.json changed: 2 to create', 20_000);
    await offer.locator('.monaco-button', { hasText: 'Apply Stack' }).click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 15_000 });
    assert.match(await dialog.innerText(), /Apply stack shop\?[\s\S]*2 to create/);
    // The plan, beside the question: one line per item, signed as in a diff.
    await waitFor(
      'the plan as a diff',
      async () => {
        const text = await editorsText();
        return text.includes(`+ cache ${cacheName}: create`) && text.includes(`+ function ${fnName}: create`) ? true : undefined;
      },
      10_000,
      200,
    );
    assert.match(await page.locator('.tabs-container .tab', { hasText: 'shop.plan.diff' }).innerText(), /shop\.plan\.diff/);
    await screenshot(page, 'stack-plan');
    await dialog.locator('.monaco-button', { hasText: /^Apply$/ }).click();
    await waitForNotification(page, 'Stack shop applied: 2 done', 90_000);
    const shown = await waitForRows(
      page,
      'the stack with its resources beneath',
      (r) => r.includes('shop 2 resources') && r.some((x) => x.startsWith(cacheName)) && r.some((x) => x.startsWith(fnName)),
      30_000,
    );
    const at = shown.indexOf('shop 2 resources');
    assert.ok(shown.findIndex((x) => x.startsWith(cacheName)) > at && shown.findIndex((x) => x.startsWith(fnName)) > at, 'beneath it');
    await screenshot(page, 'stack-tree');
  });

  /** Run Redis Command on the stack's cache, and what the output channel shows after it. */
  const redis = async (line: string, answer: RegExp) => {
    await runCommand(page, 'Fakecloud ElastiCache: Run Redis Command…');
    await pick(page, cacheName);
    await quickInputOf(page).fill(line);
    await page.keyboard.press('Enter');
    await waitFor(line, async () => (answer.test(await outputText(page)) ? true : undefined), 15_000, 200);
  };

  it('Down Stack from its row takes its resources away after the confirmation, keeping the data for the next Apply', async () => {
    await clearNotifications(page);
    // Written, never saved by hand: the Down must let Redis keep it.
    await redis('SET keep:me 1', /> SET keep:me 1\s*\nOK/);
    await contextMenu(page, rowLabelled(page, 'shop'), 'Down Stack');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 15_000 });
    assert.match(await dialog.innerText(), new RegExp(`cache ${cacheName}, function ${fnName}`));
    await dialog.locator('.monaco-button', { hasText: /^Take Down$/ }).click();
    await waitForNotification(page, 'Stack shop taken down: 2 removed', 60_000);
    await waitForRows(
      page,
      'the stack not applied again',
      (r) => r.includes('shop not applied') && !r.some((x) => x.startsWith(cacheName)),
      30_000,
    );
    // Apply again, from the stack's own row: the cache comes back with what it held.
    await clearNotifications(page);
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'Apply Stack' }).first().click();
    const again = page.locator('.monaco-dialog-box');
    await again.waitFor({ timeout: 15_000 });
    await again.locator('.monaco-button', { hasText: /^Apply$/ }).click();
    await waitForNotification(page, 'Stack shop applied: 2 done', 90_000);
    await waitForRows(page, 'the cache back', (r) => r.some((x) => x.startsWith(cacheName)), 30_000);
    await redis('GET keep:me', /> GET keep:me\s*\n"1"/);
    // And away for good: its data volume too.
    await clearNotifications(page);
    await contextMenu(page, rowLabelled(page, 'shop'), 'Down Stack');
    const last = page.locator('.monaco-dialog-box');
    await last.waitFor({ timeout: 15_000 });
    await last.locator('.monaco-button', { hasText: /^Take Down and Delete Data$/ }).click();
    await waitForNotification(page, 'Stack shop taken down: 2 removed', 60_000);
  });
});
