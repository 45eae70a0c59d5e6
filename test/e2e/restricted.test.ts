// Restricted Mode in the real VS Code (code-server + Chromium, Workspace Trust on, the folder not trusted): the
// workspace's stack file is checked and shown (its problems, its row), but nothing is applied, taken down, deployed
// or run from the workspace's files; a save offers no Apply; the engine is left as it was.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { IMAGES, RUN, docker, requireDocker, waitFor } from '../support/docker';
import { tempLocation } from '../support/service';
import { CodeServer, requireE2e } from './support/codeServer';
import {
  closeWorkbench,
  contextMenu,
  openWorkbench,
  quickInput,
  rowLabelled,
  runCommand,
  screenshot,
  screenshotOnFailure,
  waitForNotification,
  waitForRows,
  widenSidebar,
} from './support/workbench';

describe('Restricted Mode (an untrusted folder in code-server + Chromium)', function () {
  this.timeout(150_000);
  const location = tempLocation('e2e-restricted');
  const lower = RUN.toLowerCase();
  const cacheName = `rm-${lower}`.slice(0, 30);
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;

  /** Anything made from this folder's files: containers of its stack, or the function the test tries to deploy. */
  const made = async () =>
    (await docker.listContainers({ all: true })).filter(
      (c) => c.Labels['fakecloud-explorer.stack'] === 'untrusted' || c.Labels['fakecloud-lambda'] === `rf-${lower}`,
    );

  before(async function () {
    this.timeout(180_000);
    await requireDocker(this);
    requireE2e(this);
    server = new CodeServer({
      settings: {
        'fakecloud.docker.networkMode': 'host',
        'fakecloud.images.redis': IMAGES.redis,
        'fakecloud.images.functionRuntimes': { 'nodejs20.x': IMAGES.lambdaNode },
      },
      runtimeDir: location.dir,
      stateDir: location.stateDir,
      restricted: true,
    });
    await server.start();
    fs.mkdirSync(path.join(server.workspace, 'fn'));
    fs.writeFileSync(path.join(server.workspace, 'fn', 'index.mjs'), 'export const handler = async () => "never";\n');
    // A cloned repository's stack: a cache, and user data that reaches for the service's environment.
    fs.writeFileSync(
      path.join(server.workspace, 'fakecloud.yaml'),
      ['name: untrusted', 'caches:', `  ${cacheName}: {}`, 'instances:', `  w-${lower}: { userDataFile: /proc/self/environ }`, ''].join(
        '\n',
      ),
    );
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
  });

  it('the stack file is checked and shown: its row, and a path outside its folder marked at its line', async () => {
    await waitForRows(page, 'the stack row', (r) => r.includes('untrusted not applied'), 30_000);
    await runCommand(page, 'Go to File...');
    await quickInput(page).fill('fakecloud.yaml');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'fakecloud.yaml' }).first().click();
    await page.locator('.tabs-container .tab.active', { hasText: 'fakecloud.yaml' }).waitFor({ timeout: 15_000 });
    await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
    await waitFor(
      'the problem in Problems',
      async () =>
        /userDataFile: \/proc\/self\/environ is outside the stack file’s folder/.test(
          (await page.locator('.markers-panel').allInnerTexts()).join('\n'),
        ) || undefined,
      20_000,
      200,
    );
    await screenshot(page, 'restricted-stack');
  });

  it('nothing is applied, taken down or deployed from its files, however it is asked for; a save offers no Apply', async () => {
    // The stack row's menu: Apply and Down are there but disabled.
    await rowLabelled(page, 'untrusted').click({ button: 'right' });
    const apply = page.locator('.monaco-menu .action-item', { hasText: 'Apply Stack' }).first();
    await apply.waitFor({ timeout: 10_000 });
    assert.match((await apply.getAttribute('class')) ?? '', /disabled/);
    assert.match(
      (await page.locator('.monaco-menu .action-item', { hasText: 'Down Stack' }).first().getAttribute('class')) ?? '',
      /disabled/,
    );
    await page.keyboard.press('Escape');
    // The "Apply Stack…" row is greyed: a click does nothing (no plan, no question).
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'Apply Stack' }).first().click();
    // Nor is it offered by the command palette.
    await page.keyboard.press('F1');
    await quickInput(page).fill('>Fakecloud: Stack');
    // The palette lists the stack commands that make nothing from the folder, and not Apply or Down.
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Export as Stack File' }).first().waitFor({ timeout: 10_000 });
    const listed = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
    assert.ok(!listed.some((t) => /Apply Stack|Down Stack/.test(t)), listed.join(' | '));
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('.monaco-dialog-box').count(), 0, 'no confirmation was asked');
    // Deploy Function on one of its folders, from the Explorer.
    await runCommand(page, 'View: Show Explorer');
    await rowLabelled(page, 'fn').waitFor({ timeout: 10_000 });
    // The Explorer redraws as it reveals the open file: a menu item clicked during a redraw may be lost, so the click
    // is made again until the command answers (it must refuse).
    for (let attempt = 1; ; attempt++) {
      await contextMenu(page, rowLabelled(page, 'fn'), 'Deploy Function');
      const refused = await waitForNotification(page, /Deploy Function: this workspace is in Restricted Mode/, 8_000).then(
        () => true,
        () => false,
      );
      if (refused) break;
      if (attempt === 3) throw new Error('Deploy Function on the folder was neither refused nor run');
    }
    // A save of the stack file (what would offer Apply in a trusted folder) offers nothing.
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('End');
    await page.keyboard.type(' ');
    await page.keyboard.press('Control+S');
    await new Promise((r) => setTimeout(r, 3_000));
    assert.equal(await page.locator('.notification-list-item', { hasText: 'changed:' }).count(), 0, 'no Apply offered');
    assert.deepEqual(
      (await made()).map((c) => c.Names[0]),
      [],
      'nothing was made from the folder',
    );
  });
});
