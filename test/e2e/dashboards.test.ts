// Dashboards in the real VS Code: a cache's panel opened from the palette, its commands/s chart rising under load
// from redis-benchmark, the same figures as a table; the overview from the view's title bar. Hidden behind another
// editor, or closed, a panel costs nothing: the engine (reached through a counting proxy) gets no more stats
// requests and its stats stream is closed.
import * as assert from 'node:assert/strict';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { IMAGES, RUN, createFakecloudContainer, execFileP, removeTestContainers, requireDocker, waitFor } from '../support/docker';
import { CountingProxy, STATS } from '../support/countingProxy';
import { tempLocation } from '../support/service';
import { CodeServer, requireE2e } from './support/codeServer';
import {
  closeWorkbench,
  openWorkbench,
  pick,
  quickInput,
  runCommand,
  screenshot,
  screenshotOnFailure,
  waitForRows,
} from './support/workbench';

const PORT = 17953;

describe('Dashboards and Inspect in VS Code (code-server + Chromium)', function () {
  this.timeout(120_000);
  const location = tempLocation('e2e-dashboards');
  const name = `dash-${RUN.toLowerCase()}`.slice(0, 40);
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let proxy: CountingProxy;

  /** The panel's page: VS Code puts a webview in a frame within a frame. */
  const panel = (): FrameLocator => page.locator('iframe.webview.ready').last().contentFrame().frameLocator('iframe#active-frame');
  const latest = async (series: string): Promise<number | undefined> => {
    const v = await panel()
      .locator(`.latest[data-series="${series}"]`)
      .first()
      .getAttribute('data-value', { timeout: 2_000 })
      .catch(() => null);
    return v ? Number(v) : undefined;
  };

  const chooseTheme = async (label: string) => {
    await runCommand(page, 'Preferences: Color Theme');
    await quickInput(page).fill(label);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ timeout: 5_000 });
    await page.keyboard.press('Enter');
  };

  before(async function () {
    this.timeout(180_000);
    await requireDocker(this);
    requireE2e(this);
    proxy = await CountingProxy.start();
    await createFakecloudContainer({
      labels: { 'fakecloud-elasticache': name },
      image: IMAGES.redis,
      cmd: ['redis-server', '--port', String(PORT), '--save', ''],
      env: ['REDIS_PASSWORD=hunter2'],
      serverPid: process.pid,
    });
    server = new CodeServer({
      settings: {
        'fakecloud.docker.host': proxy.url,
        'fakecloud.docker.networkMode': 'host',
        'fakecloud.images.redis': IMAGES.redis,
        'fakecloud.dashboard.sampleSeconds': 1,
      },
      runtimeDir: location.dir,
      stateDir: location.stateDir,
    });
    await server.start();
    ({ browser, page } = await openWorkbench(server.url));
    await page.locator('.activitybar [aria-label^="Fakecloud"]').first().click();
    await waitForRows(page, 'the cache', (r) => r.some((x) => x.startsWith(name)), 30_000);
  });

  afterEach(async function () {
    await screenshotOnFailure(this.currentTest, page, location);
  });

  after(async function () {
    this.timeout(60_000);
    await closeWorkbench(browser, server, location);
    await removeTestContainers();
    await proxy?.close();
  });

  it("opens a cache's dashboard; commands/s rises under load; the same figures as a table", async () => {
    await runCommand(page, 'Fakecloud: Show Dashboard');
    await pick(page, name);
    await panel().locator('figure[data-chart="redis.commands"]').waitFor({ timeout: 20_000 });
    await panel().locator('figure[data-chart="cpu"] canvas').waitFor({ timeout: 10_000 });
    assert.match(await panel().locator('.sources').innerText(), /Docker's stats stream/);
    await waitFor('an idle figure', async () => ((await latest('redis.cmds')) !== undefined ? true : undefined), 15_000, 250);
    const idle = (await latest('redis.cmds')) ?? 0;
    const load = execFileP('redis-benchmark', [
      '-h',
      '127.0.0.1',
      '-p',
      String(PORT),
      '-n',
      '3000000',
      '-c',
      '8',
      '-P',
      '16',
      '-q',
      '-t',
      'set,get',
    ]);
    const busy = await waitFor(
      'commands/s to rise in the chart',
      async () => {
        const v = await latest('redis.cmds');
        return v !== undefined && v > 10_000 ? v : undefined;
      },
      30_000,
      250,
    );
    assert.ok(busy > idle * 10, `${busy} under load, ${idle} idle`);
    assert.match(await panel().locator('figure[data-chart="redis.commands"] .latest').first().innerText(), /commands\/s [\d.]+ ?[kM]?\/s/);
    await load;
    await page.waitForTimeout(1500);
    await screenshot(page, 'dashboard-cache');

    await panel().locator('#toggle-view').click();
    const table = panel().locator('table').first();
    await table.waitFor({ timeout: 5_000 });
    const text = await table.innerText();
    assert.match(text, /Commands\s+commands\/s/);
    assert.match(text, /CPU\s+CPU\s+[\d.]+ %/);
    await screenshot(page, 'dashboard-table');
    await panel().locator('#toggle-view').click();
    await panel().locator('figure[data-chart="redis.commands"]').waitFor({ timeout: 5_000 });
  });

  it('stays readable when narrow: one chart per row, each within its card', async () => {
    const size = page.viewportSize();
    await page.setViewportSize({ width: 760, height: size?.height ?? 760 });
    try {
      await waitFor(
        'one column',
        async () => {
          const xs = await panel()
            .locator('figure.card')
            .evaluateAll((els) => els.map((e) => (e as unknown as { getBoundingClientRect(): { x: number } }).getBoundingClientRect().x));
          return xs.length > 4 && new Set(xs.map((x) => Math.round(x))).size === 1 ? true : undefined;
        },
        10_000,
        200,
      );
      const fits = await panel()
        .locator('figure.card')
        .evaluateAll((els) =>
          els.every((e) => {
            const card = e as unknown as { clientWidth: number; querySelector(s: string): { width: number } | null };
            const canvas = card.querySelector('canvas');
            return !canvas || canvas.width / 2 <= card.clientWidth + 1 || canvas.width <= card.clientWidth + 1;
          }),
        );
      assert.ok(fits, 'every chart within its card');
    } finally {
      if (size) await page.setViewportSize(size);
    }
  });

  it("follows the theme: drawn again in a light and a high-contrast theme's colours", async () => {
    const theme = () => panel().locator('#dashboard').getAttribute('data-theme');
    assert.equal(await theme(), 'vscode-dark');
    const colour = () =>
      panel()
        .locator('figure.card')
        .first()
        .evaluate(
          // Runs in the page (this file is compiled without the DOM's types).
          (e) =>
            (globalThis as unknown as { getComputedStyle(x: unknown): { backgroundColor: string } }).getComputedStyle(e).backgroundColor,
        );
    const dark = await colour();
    await chooseTheme('Light Modern');
    await waitFor('light', async () => ((await theme()) === 'vscode-light' ? true : undefined), 15_000, 200);
    assert.notEqual(await colour(), dark);
    await panel().locator('figure[data-chart="cpu"] canvas').waitFor({ timeout: 5_000 });
    await screenshot(page, 'dashboard-light');
    await chooseTheme('Dark High Contrast');
    await waitFor('high contrast', async () => ((await theme()) === 'vscode-high-contrast' ? true : undefined), 15_000, 200);
    await chooseTheme('Dark Modern');
    await waitFor('dark again', async () => ((await theme()) === 'vscode-dark' ? true : undefined), 15_000, 200);
  });

  it('hidden behind another editor, then closed: no more stats requests reach the engine', async () => {
    assert.equal(proxy.openStreams(STATS), 1, 'one stats stream while the panel shows');
    // Another editor in the same group hides the panel.
    await runCommand(page, 'Fakecloud: Show Overview Dashboard');
    await panel().locator('figure[data-chart="reconcile.passes"]').waitFor({ timeout: 15_000 });
    await waitFor('the stats stream closed while hidden', () => (proxy.openStreams(STATS) === 0 ? true : undefined), 10_000, 100);
    const hiddenAt = Date.now();
    await page.waitForTimeout(4_000);
    assert.equal(proxy.count(STATS, hiddenAt), 0, 'no stats requests while hidden');
    await screenshot(page, 'dashboard-overview');

    // Shown again: watched again, with its history.
    await page.locator('.tabs-container .tab', { hasText: `${name} — dashboard` }).click();
    await panel().locator('figure[data-chart="redis.commands"]').waitFor({ timeout: 15_000 });
    await waitFor('its stats stream again', () => (proxy.openStreams(STATS) === 1 ? true : undefined), 10_000, 100);

    await runCommand(page, 'View: Close All Editors');
    await waitFor('the stats stream closed', () => (proxy.openStreams(STATS) === 0 ? true : undefined), 10_000, 100);
    const closedAt = Date.now();
    await page.waitForTimeout(5_000);
    assert.equal(proxy.count(STATS, closedAt), 0, 'no stats requests with every panel closed');
    assert.equal(proxy.count(/\/containers\/[^/]+\/exec$/, closedAt), 0, 'no exec (INFO) with every panel closed');
  });
  it("Inspect from a row's tooltip: read-only JSON, the password masked, Copy in the editor title", async () => {
    const row = page.locator('.part.sidebar .monaco-list-row', { hasText: name }).first();
    await row.hover();
    const link = page.locator('.monaco-hover a', { hasText: 'Inspect' }).first();
    await link.waitFor({ timeout: 10_000 });
    await link.click();
    const tab = page.locator('.tabs-container .tab.active', { hasText: '.json' });
    await tab.waitFor({ timeout: 10_000 });
    const editor = page.locator('.editor-group-container .monaco-editor .view-lines').first();
    const visible = async () => (await editor.innerText()).replace(/\u00a0/g, ' ');
    await waitFor('the inspect document', async () => ((await visible()).includes('"Id"') ? true : undefined), 10_000, 200);
    // Find brings the line into view (the editor renders only what is visible).
    const find = async (what: string) => {
      await editor.click();
      await page.keyboard.press('Control+f');
      await page.keyboard.type(what);
      await page.waitForTimeout(400);
      return (await page.locator('.find-widget .matchesCount').innerText()).trim();
    };
    assert.match(await find('REDIS_PASSWORD'), /^1 of 1$/);
    assert.match(await visible(), /REDIS_PASSWORD=••••/);
    await page.keyboard.press('Escape');
    assert.equal(await find('hunter2'), 'No results');
    await page.keyboard.press('Escape');
    await editor.click();
    await page.keyboard.type('xyz');
    await page.waitForTimeout(300);
    assert.equal(await page.locator('.tabs-container .tab.dirty').count(), 0, 'read-only: nothing to save');
    await page.locator('.editor-actions [aria-label="Copy Inspect Document"]').first().click();
    await page.locator('.statusbar', { hasText: 'Inspect document copied' }).waitFor({ timeout: 5_000 });
    await screenshot(page, 'inspect');
    await runCommand(page, 'View: Close All Editors');
  });
});
