// Caches from the real VS Code: created through the palette (with the name
// checked inline), a Redis command and its answer in the cache's channel, the
// interactive CLI in a terminal, logs followed, a snapshot saved through the save
// dialog, and a delete confirmed in the modal. Against the machine's Docker, with
// host networking and the locally built images.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { IMAGES, RUN, createFakecloudContainer, docker, execFileP, requireDocker, waitFor } from '../support/docker';
import { tempLocation } from '../support/service';
import { CodeServer, requireE2e } from './support/codeServer';
import {
  answer as answerIn,
  clearNotifications,
  closeWorkbench,
  openWorkbench,
  outputText as outputTextOf,
  pick as pickIn,
  recordStatus,
  quickInput as quickInputOf,
  runCommand,
  screenshot,
  screenshotOnFailure,
  waitForRows,
  waitForStatus,
  waitForNotification,
  widenSidebar,
} from './support/workbench';

describe('Caches in VS Code (code-server + Chromium)', function () {
  this.timeout(120_000);
  const location = tempLocation('e2e-caches');
  const name = `web-${RUN.toLowerCase()}`.slice(0, 40);
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;

  const palette = (title: string) => runCommand(page, title);
  const quickInput = () => quickInputOf(page);
  const pick = (label: string) => pickIn(page, label);
  const answer = (title: string, text: string) => answerIn(page, title, text);
  const outputText = () => outputTextOf(page);
  // In this small window a new progress toast is not shown while the panel is open (the workbench's own layout).
  const hidePanel = async () => {
    if (await page.locator('.part.panel').isVisible()) await runCommand(page, 'View: Hide Panel');
  };

  before(async function () {
    this.timeout(180_000);
    await requireDocker(this);
    requireE2e(this);
    server = new CodeServer({
      settings: {
        'fakecloud.docker.networkMode': 'host',
        'fakecloud.images.redis': IMAGES.redis,
        'fakecloud.images.memcached': IMAGES.memcached,
        'fakecloud.reconcile.intervalSeconds': 2,
        'fakecloud.update.pullPolicy': 'missing',
        'fakecloud.update.graceSeconds': 2,
        // Long enough for the reload test to reload inside an update's health gate.
        'fakecloud.update.healthTimeoutSeconds': 25,
        'fakecloud.update.pollMillis': 200,
        // The DOM renderer, so the terminal's text can be read.
        'terminal.integrated.gpuAcceleration': 'off',
      },
      runtimeDir: location.dir,
      stateDir: location.stateDir,
    });
    await server.start();
    ({ browser, page } = await openWorkbench(server.url));
    await page.locator('.activitybar [aria-label^="Fakecloud"]').first().click();
  });

  afterEach(async function () {
    await screenshotOnFailure(this.currentTest, page, location);
  });

  after(async function () {
    this.timeout(60_000);
    await closeWorkbench(browser, server, location);
    const left = await docker.listContainers({ all: true, filters: JSON.stringify({ name: [name] }) }).catch(() => []);
    for (const c of left)
      await docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined);
    await docker
      .getVolume(`fakecloud-explorer-cache-data-${name}`)
      .remove()
      .catch(() => undefined);
  });

  it('creates a Redis cache from the palette, checking the name as it is typed', async () => {
    await palette('Fakecloud ElastiCache: Create Cache…');
    await pick('Redis');
    await quickInput().fill('1-bad');
    await page.locator('.quick-input-message', { hasText: 'Start with a letter.' }).waitFor({ timeout: 5_000 });
    await screenshot(page, 'create-cache-validation');
    await quickInput().fill(name);
    await page.keyboard.press('Enter');
    const rows = await waitForRows(
      page,
      'the new cache',
      (r) => r.some((x) => /^\S+ :\d+ · redis$/.test(x) && x.startsWith(`${name} :`)),
      60_000,
    );
    assert.ok(rows.includes('Caches 1'), JSON.stringify(rows));
    // What comes next is offered with the news: the CLI, and the endpoint to paste.
    const ready = page.locator('.notifications-toasts .notification-toast', { hasText: `Cache ${name} is ready at 127.0.0.1:` });
    await ready.waitFor({ timeout: 10_000 });
    assert.equal(await ready.locator('.monaco-button', { hasText: 'Open CLI' }).count(), 1);
    assert.equal(await ready.locator('.monaco-button', { hasText: 'Copy Endpoint' }).count(), 1);
    await screenshot(page, 'cache-created');
  });

  it('the reconcile status bar follows the cache killed outside VS Code and repaired', async () => {
    await waitForStatus(page, 'healthy', /^1 healthy$/, 15_000);
    const id = (await docker.listContainers({ filters: JSON.stringify({ name: [name] }) }))[0].Id;
    const seen = await recordStatus(page);
    await docker.getContainer(id).kill();
    // The bar follows Docker's event at once, as the tree does, not the next pass's report.
    await waitFor('the bar to say it is down', async () => ((await seen()).includes('1 down') ? true : undefined), 10_000, 50);
    await waitForStatus(page, 'healthy again', /^1 healthy$/, 10_000);
    await screenshot(page, 'reconcile-repaired');
    // Repaired, it reads healthy as soon as it runs: no pass-long "reconciling" after the repair.
    assert.ok(!(await seen()).some((t) => /^reconciling/.test(t)), JSON.stringify(await seen()));
    await waitForRows(page, 'the cache running again', (r) => r.some((x) => x.startsWith(`${name} :`)), 10_000);
    assert.equal((await docker.getContainer(id).inspect()).State.Running, true, 'the same container, started again');
  });

  it('shows the last reconcile report read-only: typing changes nothing, nothing to save', async () => {
    await palette('Fakecloud: Reconcile Health…');
    await pick('Show the Last Report');
    const tab = page.locator('.tabs-container .tab.active', { hasText: 'last-report.md' });
    await tab.waitFor({ timeout: 10_000 });
    const editor = page.locator('.editor-group-container .monaco-editor .view-lines').first();
    // Monaco renders spaces as no-break spaces.
    await waitFor('the report', async () => (/Reconcile\s+pass/.test(await editor.innerText()) ? true : undefined), 10_000, 200);
    const before = await editor.innerText();
    await editor.click();
    await page.keyboard.type('xyz');
    await page.waitForTimeout(300);
    assert.equal(await editor.innerText(), before, 'the text is as the report wrote it');
    assert.equal(await page.locator('.tabs-container .tab.dirty').count(), 0, 'nothing asks to be saved');
    await runCommand(page, 'View: Close All Editors');
  });

  it('runs a Redis command and shows it with its answer in the cache’s output channel', async () => {
    await palette('Fakecloud ElastiCache: Run Redis Command…');
    await pick(name);
    await quickInput().fill('SET greeting "hello from e2e"');
    await page.keyboard.press('Enter');
    await waitFor('OK in the channel', async () => ((await outputText()).includes('OK') ? true : undefined), 10_000, 200);
    await palette('Fakecloud ElastiCache: Run Redis Command…');
    await pick(name);
    await quickInput().fill('GET greeting');
    await page.keyboard.press('Enter');
    const text = await waitFor(
      'the answer',
      async () => {
        const t = await outputText();
        return /> GET greeting\s*\n"hello from e2e"/.test(t) ? t : undefined;
      },
      10_000,
      200,
    );
    assert.match(text, new RegExp(`${name}> SET greeting "hello from e2e"`));
    assert.match(text, new RegExp(`${name}> GET greeting`));
    await screenshot(page, 'redis-command');
  });

  it('expands the cache to its keys, grouped by ":", filters them, opens a hash, edits a field and saves it', async () => {
    await palette('Fakecloud ElastiCache: Run Redis Command…');
    await pick(name);
    await quickInput().fill('MSET user:1:name ann user:2:name bob');
    await page.keyboard.press('Enter');
    await waitFor('OK in the channel', async () => (/MSET user[\s\S]*OK/.test(await outputText()) ? true : undefined), 10_000, 200);
    const row = (text: string) => page.locator('.part.sidebar .monaco-list-row', { hasText: text }).first();
    // A refresh may keep a folder open or not: open it only when it is closed.
    const expand = async (text: string) => {
      await row(text).waitFor({ timeout: 15_000 });
      if ((await row(text).getAttribute('aria-expanded')) === 'false') await row(text).locator('.monaco-tl-twistie').click();
    };
    await expand(name);
    await waitForRows(page, 'its database', (r) => r.includes('db0 3 keys'), 15_000);
    await expand('db0');
    await waitForRows(page, 'its keys', (r) => r.includes('user 2 keys') && r.includes('greeting string'), 15_000);
    await expand('2 keys');
    await waitForRows(page, 'the folder opened', (r) => r.includes('1 1 key') && r.includes('2 1 key'), 15_000);
    await palette('Fakecloud ElastiCache: Filter Keys…');
    await pick(name);
    await answer('Filter Keys: MATCH pattern', 'user:*');
    const filtered = await waitForRows(
      page,
      'only the matching keys',
      (r) => r.includes('db0 3 keys · filter user:*') && !r.includes('greeting string'),
      15_000,
    );
    assert.ok(filtered.includes('user 2 keys'), JSON.stringify(filtered));
    await expand('2 keys');
    await expand('1 key');
    await waitForRows(page, 'a key of the folder', (r) => r.includes('user:1:name string'), 15_000);
    await clearNotifications(page);
    await screenshot(page, 'cache-keys');
    // A hash opened from the tree, as JSON, edited and saved back.
    await palette('Fakecloud ElastiCache: Run Redis Command…');
    await pick(name);
    await quickInput().fill('HSET cart:9 apples 3');
    await page.keyboard.press('Enter');
    await waitFor(
      'HSET answered',
      async () => (/HSET cart:9 apples 3\s*\n\(integer\) 1/.test(await outputText()) ? true : undefined),
      10_000,
      200,
    );
    await palette('Fakecloud ElastiCache: Filter Keys…');
    await pick(name);
    await answer('Filter Keys: MATCH pattern', 'cart:*');
    await expand('db0');
    await waitForRows(page, 'the cart folder', (r) => r.includes('cart 1 key'), 15_000);
    await expand('cart1 key');
    await waitForRows(page, 'the hash', (r) => r.includes('cart:9 hash'), 15_000);
    const editor = page.locator('.editor-group-container .monaco-editor .view-lines').first();
    // Monaco renders spaces as no-break spaces.
    const editorText = async () => (await editor.innerText()).replace(/\u00a0/g, ' ');
    await row('cart:9').click();
    await waitFor(
      'the hash as JSON',
      async () => {
        // A click that met the tree being redrawn is made again, as a user would.
        if ((await editor.count()) === 0) {
          await row('cart:9').click();
          return undefined;
        }
        return (await editorText()).includes('"apples": "3"') ? true : undefined;
      },
      20_000,
      1_000,
    );
    // A field edited with the editor's Replace (its inputs take text as typed; the document's own auto-closing of
    // quotes does not apply there), then saved: Redis holds the new value.
    await editor.click();
    await page.keyboard.press('Control+h');
    const findInput = page.locator('.editor-widget.find-widget .find-part .input').first();
    await findInput.waitFor({ timeout: 10_000 });
    await findInput.fill('"apples": "3"');
    await page.locator('.editor-widget.find-widget .replace-part .input').first().fill('"apples": "7"');
    await page.keyboard.press('Control+Alt+Enter');
    await waitFor('the edit in the editor', async () => ((await editorText()).includes('"apples": "7"') ? true : undefined), 10_000, 200);
    await page.keyboard.press('Escape');
    await editor.click();
    await page.keyboard.press('Control+s');
    await waitFor('saved', async () => ((await page.locator('.tab.active.dirty').count()) === 0 ? true : undefined), 15_000, 200);
    await palette('Fakecloud ElastiCache: Run Redis Command…');
    await pick(name);
    await quickInput().fill('HGET cart:9 apples');
    await page.keyboard.press('Enter');
    await waitFor(
      'Redis holds the edit',
      async () => (/HGET cart:9 apples\s*\n"?7"?/.test(await outputText()) ? true : undefined),
      10_000,
      200,
    );
    await palette('View: Close All Editors');
    // Cleared, folded again, and the keys gone, for the tests that follow (a snapshot counts its keys).
    await palette('Fakecloud ElastiCache: Filter Keys…');
    await pick(name);
    await answer('Filter Keys: MATCH pattern', '');
    await row(name).locator('.monaco-tl-twistie').click();
    // The keys removed behind the UI's back (a snapshot test counts them): cleanup, not what this test is about.
    const [ctr] = await docker.listContainers({ filters: JSON.stringify({ name: [name] }) });
    const port = ctr?.Labels['fakecloud-explorer.port'] ?? '6379';
    await execFileP('docker', ['exec', ctr?.Id ?? name, 'redis-cli', '-p', port, 'DEL', 'user:1:name', 'user:2:name', 'cart:9'], {
      timeout: 30_000,
    });
  });

  it('an unbalanced quote is pointed out as it is typed, and Enter keeps the line', async () => {
    await palette('Fakecloud ElastiCache: Run Redis Command…');
    await pick(name);
    await quickInput().fill('SET greeting "half');
    const message = page.locator('.quick-input-widget .quick-input-message');
    await waitFor('the message', async () => (/unbalanced/i.test(await message.innerText()) ? true : undefined), 5_000, 100);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    assert.equal(await quickInput().inputValue(), 'SET greeting "half', 'the line is still there to fix');
    await page.keyboard.press('Escape');
  });

  it('SUBSCRIBE in Run Redis Command offers the CLI, where it runs until stopped', async () => {
    await clearNotifications(page);
    await palette('Fakecloud ElastiCache: Run Redis Command…');
    await pick(name);
    await quickInput().fill('SUBSCRIBE news');
    await page.keyboard.press('Enter');
    const offer = page.locator('.notifications-toasts .notification-toast', { hasText: 'SUBSCRIBE streams until it is stopped' });
    await offer.waitFor({ timeout: 10_000 });
    await offer.locator('.monaco-button', { hasText: 'Open Cache CLI' }).click();
    const term = page.locator('.terminal-wrapper.active .xterm-rows');
    await waitFor(
      'the CLI prompt',
      async () => (/127\.0\.0\.1:\d+>/.test(await term.innerText().catch(() => '')) ? true : undefined),
      15_000,
      200,
    );
    await runCommand(page, 'Terminal: Kill the Active Terminal Instance');
    await clearNotifications(page);
  });

  it('a failed command is shown once, with Show Log opening the log at the same words', async () => {
    await clearNotifications(page);
    await palette('Fakecloud ElastiCache: Snapshot Cache…');
    await pick(name);
    // A place no snapshot can be written to: the service refuses before Redis is asked to save.
    await quickInput().waitFor({ state: 'visible' });
    await page.waitForTimeout(300);
    await quickInput().fill('/proc/fakecloud-e2e.rdb');
    // The dialog lists the folder as the path is typed; OK takes the path as it stands.
    await page.waitForTimeout(500);
    await page.locator('.quick-input-widget .monaco-button', { hasText: 'OK' }).click();
    const said = `Snapshot of ${name}: cannot write the snapshot to /proc/fakecloud-e2e.rdb`;
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: said });
    await toast.waitFor({ timeout: 10_000 });
    assert.equal(await toast.count(), 1, 'one message for one failure');
    await toast.locator('.monaco-button', { hasText: 'Show Log' }).click();
    // The output view wraps long lines: compared without the breaks it puts in.
    const flat = (t: string) => t.replace(/\s+/g, '');
    const log = await waitFor(
      'the failure in the log',
      async () => {
        const t = await outputText();
        return flat(t).includes(flat(said)) ? t : undefined;
      },
      10_000,
      200,
    );
    assert.match(flat(log), new RegExp(`\\[error\\]${flat(said).slice(0, 20)}`));
    await clearNotifications(page);
  });

  it('a double-click on the cache opens redis-cli in a terminal, which answers what is typed', async () => {
    // A single click only selects; the default action takes two.
    await page.locator('.part.sidebar .monaco-list-row', { hasText: name }).first().dblclick();
    const rows = page.locator('.terminal-wrapper.active .xterm-rows');
    await waitFor(
      'the redis-cli prompt',
      async () => ((await rows.innerText().catch(() => '')).match(/127\.0\.0\.1:\d+>/) ? true : undefined),
      15_000,
      200,
    );
    await page.keyboard.type('GET greeting');
    await page.keyboard.press('Enter');
    await waitFor(
      'the answer in the terminal',
      async () => ((await rows.innerText()).includes('"hello from e2e"') ? true : undefined),
      10_000,
      100,
    );
    await screenshot(page, 'redis-cli-terminal');
  });

  it('a logout (the runtime directory wiped, the service gone) costs nothing: the cache stays ours, its data intact, and is repaired', async () => {
    await palette('Fakecloud ElastiCache: Run Redis Command…');
    await pick(name);
    await quickInput().fill('SET logout:key kept');
    await page.keyboard.press('Enter');
    await waitFor('SET done', async () => ((await outputText()).match(/> SET logout:key kept\s*\nOK/) ? true : undefined), 10_000, 200);
    await palette('Fakecloud ElastiCache: Run Redis Command…');
    await pick(name);
    await quickInput().fill('SAVE');
    await page.keyboard.press('Enter');
    await waitFor('SAVE done', async () => ((await outputText()).match(/> SAVE\s*\nOK/) ? true : undefined), 10_000, 200);
    const pid = Number(fs.readFileSync(location.lockPath, 'utf8').trim().split(/\s+/)[0]);
    process.kill(pid, 'SIGKILL');
    fs.rmSync(location.dir, { recursive: true, force: true });
    // The window starts a new service by itself; the state it finds is the one that lasted.
    await waitFor(
      'a new service',
      () =>
        (fs.existsSync(location.lockPath) && Number(fs.readFileSync(location.lockPath, 'utf8').trim().split(/\s+/)[0]) !== pid) ||
        undefined,
      30_000,
      200,
    );
    const rows = await waitForRows(page, 'the cache back in the tree', (r) => r.some((x) => x.startsWith(`${name} :`)), 30_000);
    assert.ok(!rows.some((x) => x.startsWith(name) && x.includes('orphan')), `still ours: ${JSON.stringify(rows)}`);
    // Still repaired: killed outside VS Code, it comes back.
    const id = (await docker.listContainers({ filters: JSON.stringify({ name: [name] }) }))[0].Id;
    const seen = await recordStatus(page);
    await docker.getContainer(id).kill();
    // Down first (the bar follows the kill at once), then healthy again once the new service's reconciler repairs it.
    await waitFor('the bar to say it is down', async () => ((await seen()).includes('1 down') ? true : undefined), 15_000, 50);
    await waitFor('repaired', async () => ((await docker.getContainer(id).inspect()).State.Running ? true : undefined), 30_000, 100);
    await waitForStatus(page, 'healthy again', /^1 healthy$/, 30_000);
    await waitForRows(page, 'the cache repaired', (r) => r.some((x) => x.startsWith(`${name} :`)), 30_000);
    await palette('Fakecloud ElastiCache: Run Redis Command…');
    await pick(name);
    await quickInput().fill('GET logout:key');
    await page.keyboard.press('Enter');
    await waitFor('its data', async () => ((await outputText()).match(/> GET logout:key\s*\n"kept"/) ? true : undefined), 20_000, 200);
    await screenshot(page, 'after-logout');
    // The tests after this one count the cache's keys.
    await palette('Fakecloud ElastiCache: Run Redis Command…');
    await pick(name);
    await quickInput().fill('DEL logout:key');
    await page.keyboard.press('Enter');
    await waitFor(
      'DEL done',
      async () => ((await outputText()).match(/> DEL logout:key\s*\n\(integer\) 1/) ? true : undefined),
      10_000,
      200,
    );
  });

  it('follows the cache’s logs', async () => {
    await palette('Fakecloud: Follow Logs');
    await pick(name);
    const text = await waitFor(
      'the Redis start-up lines',
      async () => {
        const t = await outputText();
        return t.includes('Ready to accept connections') ? t : undefined;
      },
      10_000,
      200,
    );
    // The container's lines as it wrote them: no arrival time and level of ours in front (a backlog shared one).
    const ready = text.split('\n').find((l) => l.includes('Ready to accept connections')) ?? '';
    assert.doesNotMatch(ready, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \[(info|error)\]/);
    await screenshot(page, 'follow-logs');
  });

  it('saves a snapshot through the save dialog, to the workspace by default', async () => {
    await palette('Fakecloud ElastiCache: Snapshot Cache…');
    await pick(name);
    // code-server's save dialog is VS Code's own: the default path is filled in, Enter accepts it.
    await quickInput().waitFor({ state: 'visible' });
    await page.waitForTimeout(300);
    await page.keyboard.press('Enter');
    await page.locator('.notifications-toasts', { hasText: `Snapshot of ${name}: 1 key,` }).waitFor({ timeout: 20_000 });
    const dir = path.join(server!.workspace, '.fakecloud', 'snapshots');
    const files = fs.readdirSync(dir);
    assert.equal(files.length, 1);
    assert.match(files[0], new RegExp(`^${name}-\\d{4}-\\d{2}-\\d{2}T.*\\.rdb$`));
    assert.equal(fs.readFileSync(path.join(dir, files[0])).subarray(0, 5).toString(), 'REDIS');
    await screenshot(page, 'snapshot-saved');
  });

  it('an update outlives a window reload: Cancel goes at the point of no return; the reloaded window shows it through', async () => {
    // Toasts of earlier tests would hide the progress (only a few are shown at once).
    await clearNotifications(page);
    await hidePanel();
    await runCommand(page, 'Fakecloud: Update Image…');
    await pick(name);
    // Its health stays "starting": the gate waits out its whole timeout (25 s here), long enough to reload in.
    await quickInput().fill('fakecloud-test/redis:7-starting');
    await page.keyboard.press('Enter');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 10_000 });
    await dialog.locator('.monaco-button', { hasText: 'Update' }).click();
    const progress = await waitForNotification(page, /waiting for health/, 20_000);
    assert.match(await progress.innerText(), new RegExp(`Updating ${name}`));
    // Past the stop there is nothing a Cancel could undo: the button goes (the workbench fades the old toast out), the progress stays.
    const updating = page.locator('.notifications-toasts .notification-list-item, .notifications-center .notification-list-item', {
      hasText: `Updating ${name}`,
    });
    await waitFor(
      'the Cancel button gone, the progress still shown',
      async () =>
        (await updating.locator('.monaco-button', { hasText: 'Cancel' }).locator('visible=true').count()) === 0 &&
        (await updating.filter({ hasText: 'waiting for health' }).locator('visible=true').count()) > 0
          ? true
          : undefined,
      3_000,
      100,
    );
    await screenshot(page, 'update-past-no-return');

    await page.reload();
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await hidePanel();
    await waitForNotification(page, `Updating ${name} (from another window)`, 20_000);
    await screenshot(page, 'update-after-reload');
    const outcome = await waitForNotification(page, `${name} rolled back to ${IMAGES.redis}`, 40_000);
    assert.match(await outcome.innerText(), /was not healthy/);
    await outcome.locator('.monaco-button', { hasText: 'Show Steps' }).click();
    // The steps from before the reload and after it, in the cache's own channel.
    await waitFor(
      'the steps in the channel',
      async () => {
        const text = await outputText();
        return /waiting for health \(starting\)[\s\S]*rolling back[\s\S]*rolled back to/.test(text) ? true : undefined;
      },
      10_000,
      200,
    );
    await waitForRows(page, 'the cache running on its old image', (r) => r.some((x) => x.startsWith(`${name} :`)), 15_000);
  });

  it('updates the cache to an image that crashes, and shows the rollback', async () => {
    await runCommand(page, 'Fakecloud: Update Image…');
    await pick(name);
    // The other builds of its repository on this machine are offered, as well as typing one.
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'fakecloud-test/redis:7-healthy' })
      .filter({ hasText: 'on this machine' })
      .waitFor({ timeout: 10_000 });
    await screenshot(page, 'update-image-picker');
    await quickInput().fill('fakecloud-test/redis:7-crash');
    await page.keyboard.press('Enter');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 10_000 });
    assert.match(await dialog.innerText(), /Update .* to fakecloud-test\/redis:7-crash\?/);
    await dialog.locator('.monaco-button', { hasText: 'Update' }).click();
    const toast = page.locator('.notifications-toasts', { hasText: `${name} rolled back to ${IMAGES.redis}` });
    await toast.waitFor({ timeout: 60_000 });
    assert.match(await toast.innerText(), /crashed \(it exited with code 3\)/);
    await waitForRows(page, 'the cache running on its old image', (r) => r.some((x) => x.startsWith(`${name} :`)), 15_000);
    await screenshot(page, 'update-rolled-back');
    // The data is still there, in the old container.
    await runCommand(page, 'Fakecloud ElastiCache: Run Redis Command…');
    await pick(name);
    await quickInput().fill('GET greeting');
    await page.keyboard.press('Enter');
    await waitFor(
      'the value after the rollback',
      async () => ((await outputText()).match(/rolled back[\s\S]*GET greeting\s*\n"hello from e2e"\s*$/) ? true : undefined),
      10_000,
      200,
    );
  });

  it('deletes the cache after a confirmation', async () => {
    await palette('Fakecloud ElastiCache: Delete Cache…');
    await pick(name);
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 10_000 });
    assert.match(await dialog.innerText(), /data volume are removed/);
    // A snapshot is one click away from the question that suggests it.
    assert.equal(await dialog.locator('.monaco-button', { hasText: 'Snapshot First' }).count(), 1);
    await screenshot(page, 'delete-confirm');
    await dialog.locator('.monaco-button', { hasText: 'Delete' }).click();
    await waitForRows(page, 'the cache gone', (r) => !r.some((x) => x.startsWith(name)), 15_000);
    assert.equal(
      (await docker.listVolumes()).Volumes?.some((v) => v.Name === `fakecloud-explorer-cache-data-${name}`),
      false,
    );
  });

  it('a memcached cache: a key set from the palette, then expanded to its stats and items; an item opened by a click', async () => {
    const mc = `sessions-${RUN.toLowerCase()}`.slice(0, 40);
    const ctr = await createFakecloudContainer({
      labels: { 'fakecloud-elasticache': mc },
      image: IMAGES.memcached,
      cmd: ['memcached', '-p', '17951', '-l', '127.0.0.1'],
      serverPid: process.pid,
    });
    try {
      await waitForRows(page, 'the memcached cache', (r) => r.some((x) => x.startsWith(`${mc} :17951`)), 20_000);
      await palette('Fakecloud ElastiCache: Set Key…');
      await pick(mc);
      await answer(`Set Key in ${mc}`, 'session:42');
      await answer(`Set session:42 in ${mc}: value`, '{"user": "ann"}');
      await answer('Set session:42: time to live', '15m');
      const row = (text: string) => page.locator('.part.sidebar .monaco-list-row', { hasText: text }).first();
      await row(mc).locator('.monaco-tl-twistie').click();
      await waitForRows(
        page,
        'its stats and its item',
        (r) => r.some((x) => /^Stats 1 item · \d+ B/.test(x)) && r.some((x) => /^session:42 \d+ B · ttl 1[45]m/.test(x)),
        15_000,
      );
      await clearNotifications(page);
      await widenSidebar(page, 470);
      await screenshot(page, 'memcached-items');
      await row('session:42').click();
      const editor = page.locator('.editor-group-container .monaco-editor .view-lines').first();
      await waitFor(
        'its value',
        async () => ((await editor.innerText()).replace(/\u00a0/g, ' ').includes('{"user": "ann"}') ? true : undefined),
        15_000,
        200,
      );
      await palette('View: Close All Editors');
    } finally {
      await ctr.remove({ force: true, v: true });
    }
  });
});
