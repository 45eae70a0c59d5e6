// Driving the VS Code workbench in Chromium with playwright-core: the activity
// bar, tree rows, status bar, command palette, Output panel, screenshots.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { ServiceLocation } from '../../../src/protocol/serviceLocation';
import { cleanupLocation } from '../../support/service';
import { CHROMIUM, REPO } from './codeServer';

export const SHOTS = path.join(REPO, 'test-results', 'e2e');

export async function openWorkbench(url: string): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  return { browser, page };
}

export async function rows(page: Page): Promise<string[]> {
  // Label and description are separate spans: join them with a space, as a reader sees them.
  // Runs in the page; the DOM's types are not part of this project's libraries, so the little used is typed here.
  type Row = { querySelector(selector: string): { textContent: string | null } | null };
  return page.$$eval('.part.sidebar .monaco-list-row', (els: Row[]) =>
    els.map((e) =>
      [e.querySelector('.label-name'), e.querySelector('.label-description')]
        .map((x) => (x?.textContent ?? '').trim())
        .filter(Boolean)
        .join(' '),
    ),
  );
}

export async function waitForRows(page: Page, what: string, ok: (rows: string[]) => boolean, timeoutMs = 15_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let last: string[] = [];
  while (Date.now() < deadline) {
    last = await rows(page);
    if (ok(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out waiting for ${what}; tree rows: ${JSON.stringify(last)}`);
}

export async function statusItems(page: Page): Promise<string[]> {
  return page.$$eval('.statusbar-item', (els) => els.map((e) => (e as unknown as { innerText: string }).innerText.trim()).filter(Boolean));
}

/**
 * Records every text the status bar shows from now on, however briefly: a state that lasts less than a polling
 * interval is still seen. Call the returned function for what was recorded.
 */
export async function recordStatus(page: Page): Promise<() => Promise<string[]>> {
  const key = `__status${Date.now()}`;
  await page.evaluate((k) => {
    const seen: string[] = [];
    const w = globalThis as unknown as Record<string, unknown>;
    w[k] = seen;
    const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document;
    const bar = doc.querySelector('.part.statusbar');
    const read = () => {
      const items = (bar as { querySelectorAll(s: string): ArrayLike<{ innerText: string }> }).querySelectorAll('.statusbar-item');
      for (const el of Array.from(items)) {
        const t = el.innerText.trim();
        if (t && seen[seen.length - 1] !== t && !seen.includes(t)) seen.push(t);
      }
    };
    const Observer = (globalThis as unknown as { MutationObserver: new (cb: () => void) => { observe(n: unknown, o: object): void } })
      .MutationObserver;
    new Observer(read).observe(bar, { subtree: true, childList: true, characterData: true });
    read();
  }, key);
  return () => page.evaluate((k) => [...((globalThis as unknown as Record<string, string[]>)[k] ?? [])], key);
}

export async function waitForStatus(page: Page, what: string, re: RegExp, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last: string[] = [];
  while (Date.now() < deadline) {
    last = await statusItems(page);
    const hit = last.find((t) => re.test(t));
    if (hit) return hit;
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out waiting for ${what}; status bar: ${JSON.stringify(last)}`);
}

export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  // A quick input that was still closing can take the key press with it, and a webview holding the focus keeps F1
  // to itself (the title bar's command center opens the same quick input): tried again until the input takes text.
  for (let attempt = 0; ; attempt++) {
    if (attempt % 2 === 0) await page.keyboard.press('F1');
    else await page.locator('.part.titlebar .command-center').first().click();
    const filled = await input
      .waitFor({ state: 'visible', timeout: 3_000 })
      .then(() => input.fill(`>${title}`, { timeout: 3_000 }))
      .then(
        () => true,
        () => false,
      );
    if (filled) break;
    if (attempt === 5) throw new Error(`the command palette did not open for "${title}"`);
  }
  // Click the command itself: Enter would take whichever row the palette ranks first.
  const row = page
    .locator('.quick-input-list .monaco-list-row', {
      has: page.locator('.label-name', { hasText: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }),
    })
    .first();
  await row.waitFor({ timeout: 10_000 });
  await row.click();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.mouse.move(800, 600); // no stray hover in the picture
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  // UPDATE_SCREENSHOTS=1: the README's pictures come from this run.
  if (process.env.UPDATE_SCREENSHOTS === '1' && !name.startsWith('FAILED-')) {
    const dest = path.join(REPO, 'media', 'screenshots');
    fs.mkdirSync(dest, { recursive: true });
    fs.copyFileSync(file, path.join(dest, `${name}.png`));
  }
  return file;
}

/** In an afterEach: a picture of the screen when a test failed, named after it. */
export async function screenshotOnFailure(test: Mocha.Test | undefined, page: Page | undefined, location?: ServiceLocation): Promise<void> {
  if (test?.state !== 'failed') return;
  const name = `FAILED-${test.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`;
  if (page) await screenshot(page, name);
  // The service's log says what it saw; the location is removed when the suite ends.
  if (location && fs.existsSync(location.logPath)) fs.copyFileSync(location.logPath, path.join(SHOTS, `${name}.service.log`));
}

/** Closes the browser and code-server, and stops the service the extension started. */
export async function closeWorkbench(
  browser: Browser | undefined,
  server: { stop(): Promise<void> } | undefined,
  location: ServiceLocation,
): Promise<void> {
  await browser?.close();
  await server?.stop();
  await cleanupLocation(location);
}

/** Drags the sidebar's edge so descriptions (ids, states, endpoints) fit in screenshots. */
export async function widenSidebar(page: Page, width: number): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box || box.width >= width) return;
  const edge = box.x + box.width;
  await page.mouse.move(edge + 1, box.y + 200);
  await page.mouse.down();
  await page.mouse.move(box.x + width, box.y + 200, { steps: 5 });
  await page.mouse.up();
}

/** Clears the notification toasts, so they do not cover what a screenshot shows. */
export async function clearNotifications(page: Page): Promise<void> {
  await runCommand(page, 'Notifications: Clear All Notifications');
  // An open notification center keeps new notifications from showing as toasts.
  if (
    await page
      .locator('.notifications-center')
      .isVisible()
      .catch(() => false)
  )
    await runCommand(page, 'Notifications: Hide Notifications');
}

/** The quick input's text box (palette, input boxes, quick picks). */
export function quickInput(page: Page) {
  return page.locator('.quick-input-widget input');
}

/** Clicks the first quick-pick row with this text. */
export async function pick(page: Page, label: string): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ timeout: 10_000 });
  await row.click();
}

/** Once the quick input shows `title` (the previous step's box can linger a moment): types `text`, then Enter. */
export async function answer(page: Page, title: string, text: string): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ timeout: 10_000 });
  await quickInput(page).fill(text);
  await page.keyboard.press('Enter');
}

/** Once the quick pick shows `title`: clicks its first row with this text. */
export async function pickUnder(page: Page, title: string, label: string): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ timeout: 10_000 });
  await pick(page, label);
}

/** What the panel's output view shows, as a reader sees it. */
export async function outputText(page: Page): Promise<string> {
  return (await page.locator('.part.panel .view-lines').allInnerTexts()).join('\n').replace(/\u00a0/g, ' ');
}

/** A row of the side bar whose label is exactly `label` (a file name, where other rows only contain it). */
export function rowLabelled(page: Page, label: string) {
  const exact = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  return page.locator('.part.sidebar .monaco-list-row', { has: page.locator('.label-name', { hasText: exact }) }).first();
}

/** Right-click a row and choose an item of its context menu; a menu without it (the tree redrew) is tried again. */
export async function contextMenu(page: Page, row: ReturnType<Page['locator']>, item: string): Promise<void> {
  const entry = page.locator('.monaco-menu .action-menu-item', { hasText: item }).first();
  const openMenu = page.locator('.context-view .monaco-menu');
  for (let attempt = 0; ; attempt++) {
    // A menu left open by an earlier click (lost in a redraw) covers the workbench: close it first.
    if (await openMenu.isVisible().catch(() => false)) {
      await page.keyboard.press('Escape');
      await openMenu.waitFor({ state: 'hidden', timeout: 3_000 }).catch(() => undefined);
    }
    await row.click({ button: 'right' });
    const shown = await entry.waitFor({ timeout: 3_000 }).then(
      () => true,
      () => false,
    );
    if (shown) break;
    await page.keyboard.press('Escape');
    if (attempt === 3) throw new Error(`no "${item}" in the row's menu`);
  }
  // The menu acts on a hovered item's mouse-up: hover first, as a hand does.
  await entry.hover();
  await entry.click();
}

/**
 * The notification saying `text`: as a toast, or in the notification center, which is opened when no toast shows it
 * within a few seconds (the workbench sometimes sends a notification there without a toast).
 */
export async function waitForNotification(page: Page, text: string | RegExp, timeoutMs = 20_000): Promise<ReturnType<Page['locator']>> {
  const item = page.locator('.notifications-toasts .notification-list-item, .notifications-center .notification-list-item', {
    hasText: text,
  });
  const deadline = Date.now() + timeoutMs;
  let opened = false;
  while (Date.now() < deadline) {
    const visible = item.locator('visible=true');
    if ((await visible.count()) > 0) return visible.first();
    if (
      !opened &&
      Date.now() > deadline - timeoutMs + 3_000 &&
      !(await page
        .locator('.notifications-center')
        .isVisible()
        .catch(() => false))
    ) {
      opened = true;
      await runCommand(page, 'Notifications: Show Notifications');
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for the notification "${String(text)}"`);
}
