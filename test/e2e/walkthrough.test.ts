// The Get Started walkthrough: opened by itself the first time the Fakecloud view is opened, its steps listed, the
// connect step checked off once the extension is connected, a step's button running our command; and not opened
// again when the window is loaded again.
import * as assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { requireDocker, waitFor } from '../support/docker';
import { tempLocation } from '../support/service';
import { CodeServer, requireE2e } from './support/codeServer';
import { closeWorkbench, openWorkbench, screenshot, screenshotOnFailure } from './support/workbench';

describe('Get Started walkthrough (code-server + Chromium)', function () {
  this.timeout(120_000);
  const location = tempLocation('e2e-walkthrough');
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;

  before(async function () {
    this.timeout(180_000);
    await requireDocker(this);
    requireE2e(this);
    server = new CodeServer({
      settings: { 'fakecloud.walkthrough.openOnFirstUse': true, 'fakecloud.docker.networkMode': 'host' },
      runtimeDir: location.dir,
      stateDir: location.stateDir,
    });
    await server.start();
    ({ browser, page } = await openWorkbench(server.url));
  });

  afterEach(async function () {
    await screenshotOnFailure(this.currentTest, page, location);
  });

  after(async function () {
    this.timeout(60_000);
    await closeWorkbench(browser, server, location);
  });

  it("opens once, on first use, with its steps; connecting and a step's button check steps off", async () => {
    await page.locator('.activitybar [aria-label^="Fakecloud"]').first().click();
    const walkthrough = page.locator('.gettingStartedContainer');
    await walkthrough.waitFor({ timeout: 20_000 });
    await page.locator('.gettingStartedContainer', { hasText: 'Get Started with Fakecloud Explorer' }).first().waitFor({ timeout: 10_000 });
    const steps = await page.locator('.gettingStartedContainer .getting-started-step .step-title').allInnerTexts();
    assert.deepEqual(
      steps.map((s) => s.trim()),
      [
        'Connect to Docker or a cluster',
        'Create a cache',
        'Run a command',
        'Launch an instance',
        'Deploy and invoke a function',
        'Watch it run',
      ],
    );
    const connectDone = page.locator('.gettingStartedContainer [role="checkbox"][data-done-step-id$="#connect"]');
    await waitFor(
      'the connect step checked off',
      async () => ((await connectDone.getAttribute('aria-checked')) === 'true' ? true : undefined),
      30_000,
      250,
    );
    await screenshot(page, 'walkthrough');
    // A step's button runs our command, and that checks the step off.
    await page.locator('.gettingStartedContainer .getting-started-step', { hasText: 'Create a cache' }).first().click();
    await page.locator('.gettingStartedContainer .monaco-button', { hasText: 'Create Cache…' }).first().click();
    await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.press('Escape');
    const createDone = page.locator('.gettingStartedContainer [role="checkbox"][data-done-step-id$="#createCache"]');
    await waitFor(
      'the create step checked off',
      async () => ((await createDone.getAttribute('aria-checked')) === 'true' ? true : undefined),
      10_000,
      250,
    );
  });

  it('is not opened again when the window loads again', async () => {
    // Closed, so that a reload would only show it again if the extension opened it again.
    const tab = page.locator('.tabs-container .tab', { hasText: 'Walkthrough' });
    await tab.hover();
    await tab.locator('.tab-actions .codicon-close, .tab-actions [aria-label^="Close"]').first().click();
    await waitFor('the walkthrough closed', async () => ((await tab.count()) === 0 ? true : undefined), 10_000, 200);
    await page.reload();
    // The view comes back with the window (it was open), so the extension activates again.
    await page.locator('.part.sidebar .monaco-list-row, .part.sidebar .welcome-view-content').first().waitFor({ timeout: 30_000 });
    await page.waitForTimeout(3_000);
    assert.equal(await page.locator('.tabs-container .tab', { hasText: 'Walkthrough' }).count(), 0);
  });
});
