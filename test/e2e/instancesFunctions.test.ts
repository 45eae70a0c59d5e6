// Instances and functions from the real VS Code: an instance launched from the
// palette with user data, its console output and a shell on it, stopped and
// terminated; a function deployed from the workspace folder and invoked with a
// typed payload (invalid JSON refused as it is typed) and with the editor's
// selection, the response in a tab and its log lines in the function's channel.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { IMAGES, RUN, docker, removeByNameTag, removeNamed, requireDocker, waitFor } from '../support/docker';
import { tempLocation } from '../support/service';
import { CodeServer, requireE2e } from './support/codeServer';
import {
  answer as answerIn,
  clearNotifications,
  closeWorkbench,
  openWorkbench,
  outputText as outputTextOf,
  pick as pickIn,
  quickInput as quickInputOf,
  runCommand,
  screenshot,
  screenshotOnFailure,
  waitForRows,
  widenSidebar,
} from './support/workbench';

describe('Instances and functions in VS Code (code-server + Chromium)', function () {
  this.timeout(120_000);
  const location = tempLocation('e2e-ec2-lambda');
  const lower = RUN.toLowerCase();
  const instanceName = `web-${lower}`;
  const fnName = `orders-${lower}`;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;

  const quickInput = () => quickInputOf(page);
  const pick = (label: string) => pickIn(page, label);
  const answer = (title: string, text: string) => answerIn(page, title, text);

  const editorsText = async () => (await page.locator('.monaco-editor .view-lines').allInnerTexts()).join('\n').replace(/\u00a0/g, ' ');
  const outputText = () => outputTextOf(page);

  before(async function () {
    this.timeout(180_000);
    await requireDocker(this);
    requireE2e(this);
    server = new CodeServer({
      settings: {
        'fakecloud.docker.networkMode': 'host',
        'fakecloud.images.instance': IMAGES.instance,
        'fakecloud.images.functionRuntimes': { 'nodejs20.x': IMAGES.lambdaNode },
        'fakecloud.reconcile.intervalSeconds': 2,
        'terminal.integrated.gpuAcceleration': 'off',
      },
      runtimeDir: location.dir,
      stateDir: location.stateDir,
    });
    await server.start();
    // The function's code, in the workspace folder.
    fs.writeFileSync(
      path.join(server.workspace, 'index.js'),
      "exports.handler = async (event) => {\n  console.log('order', event.id);\n  return { accepted: event.id, greeting: process.env.GREETING };\n};\n",
    );
    fs.writeFileSync(path.join(server.workspace, 'event.json'), '{ "id": 42 }\n');
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
    await removeByNameTag(lower);
    await removeNamed(lower);
  });

  it('launches an instance with user data from the palette; it reads as running under its Name tag', async () => {
    await runCommand(page, 'Fakecloud EC2: Launch Instance…');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Launch Instance: name' }).waitFor({ timeout: 10_000 });
    await quickInput().fill('a\tb');
    await page.locator('.quick-input-message', { hasText: 'One line, no tabs.' }).waitFor({ timeout: 5_000 });
    await answer('Launch Instance: name', instanceName);
    await pick('Type a one-line script…');
    await answer('user data script', 'echo "hello from user data on $(hostname)"');
    await answer('Launch Instance: tags', 'team=e2e');
    const rows = await waitForRows(
      page,
      'the instance',
      (r) => r.some((x) => new RegExp(`^${instanceName} running · i-0[0-9a-f]{16}$`).test(x)),
      60_000,
    );
    assert.ok(rows.includes('Instances 1'), JSON.stringify(rows));
    await page.locator('.notifications-toasts', { hasText: `Instance ${instanceName}` }).waitFor({ timeout: 10_000 });
    await page.locator('.notifications-toasts', { hasText: 'Launching instance' }).waitFor({ state: 'detached', timeout: 10_000 });
    await screenshot(page, 'instance-launched');
  });

  it('shows the console output, with the user data’s output', async () => {
    await clearNotifications(page);
    await runCommand(page, 'Fakecloud EC2: Show Console Output');
    await pick(instanceName);
    await waitFor(
      'the user data output',
      async () => ((await editorsText()).includes('hello from user data on') ? true : undefined),
      10_000,
      200,
    );
    assert.match(await editorsText(), new RegExp(`Console output of ${instanceName} \\(i-0`));
    // In the group the user is in: no second group beside an empty first one.
    assert.equal(await page.locator('.editor-group-container').count(), 1, 'one editor group');
    await screenshot(page, 'instance-console-output');
  });

  it('opens a shell in the instance, which answers what is typed', async () => {
    await runCommand(page, 'Fakecloud EC2: Open Shell (exec in a terminal)');
    await pick(instanceName);
    const term = page.locator('.terminal-wrapper.active .xterm-rows');
    await waitFor(
      'a prompt',
      async () => ((await term.innerText().catch(() => '')).replace(/\u00a0/g, ' ').match(/[#$]\s*$/m) ? true : undefined),
      15_000,
      200,
    );
    await page.keyboard.type('echo $((6*7)) from $(cat /etc/os-release | head -n 1)');
    await page.keyboard.press('Enter');
    await waitFor(
      'the answer in the terminal',
      async () => ((await term.innerText()).includes('42 from NAME="fakecloud test instance"') ? true : undefined),
      10_000,
      100,
    );
    await screenshot(page, 'instance-shell');
  });

  it('stops the instance (kept, shown as stopped), then terminates it after a confirmation', async () => {
    await runCommand(page, 'Fakecloud EC2: Stop Instance');
    await pick(instanceName);
    await waitForRows(page, 'the instance stopped', (r) => r.some((x) => x.startsWith(`${instanceName} stopped · i-0`)), 20_000);
    await runCommand(page, 'Fakecloud EC2: Terminate Instance…');
    await pick(instanceName);
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 10_000 });
    assert.match(await dialog.innerText(), /Terminate .* is removed/);
    await dialog.locator('.monaco-button', { hasText: 'Terminate' }).click();
    await waitForRows(page, 'the instance gone', (r) => !r.some((x) => x.startsWith(instanceName)), 15_000);
    const left = await docker.listContainers({
      all: true,
      filters: JSON.stringify({ label: [`fakecloud-explorer.name=${instanceName}`] }),
    });
    assert.deepEqual(left, []);
  });

  it('deploys a function from the workspace folder', async () => {
    await runCommand(page, 'Fakecloud Lambda: Deploy Function…');
    await pick('nodejs20.x');
    await answer('Deploy Function: name', fnName);
    await pick(path.basename(server!.workspace));
    // The handler is filled in for Node.js: index.handler.
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Deploy Function: handler' }).waitFor({ timeout: 10_000 });
    assert.equal(await quickInput().inputValue(), 'index.handler');
    await page.keyboard.press('Enter');
    await answer('environment variables', 'GREETING=hello');
    await waitForRows(page, 'the function', (r) => r.some((x) => new RegExp(`^${fnName} :\\d+ · nodejs20\\.x$`).test(x)), 60_000);
    await clearNotifications(page);
    await screenshot(page, 'function-deployed');
  });

  it('invokes it with a typed payload (invalid JSON refused as typed) and with the editor’s selection', async () => {
    await runCommand(page, 'Fakecloud Lambda: Invoke Function…');
    await pick(fnName);
    await pick('Type JSON…');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'payload (JSON)' }).waitFor({ timeout: 10_000 });
    await quickInput().fill('{"id": ');
    await page.locator('.quick-input-message', { hasText: 'not valid JSON' }).waitFor({ timeout: 5_000 });
    await answer('payload (JSON)', '{"id": 7}');
    await waitFor('the response in a tab', async () => ((await editorsText()).includes('"accepted": 7') ? true : undefined), 15_000, 200);
    assert.match(await editorsText(), /"greeting": "hello"/);
    await waitFor(
      'the invocation’s log lines',
      async () => {
        const t = await outputText();
        return /invoke .* → HTTP 200 in [\d.]+ ms/.test(t) &&
          /START RequestId/.test(t) &&
          /INFO\s+order 7/.test(t) &&
          /REPORT RequestId/.test(t)
          ? true
          : undefined;
      },
      10_000,
      200,
    );
    await clearNotifications(page);
    await screenshot(page, 'function-invoked');

    // The payload from a file in the editor, selected.
    // Quick Open (F1 without the ">"): Ctrl+P belongs to the browser.
    await page.keyboard.press('F1');
    await quickInput().fill('event.json');
    await pick('event.json');
    await page.locator('.monaco-editor .view-lines', { hasText: '"id": 42' }).first().click();
    await page.keyboard.press('Control+A');
    await runCommand(page, 'Fakecloud Lambda: Invoke Function…');
    await pick(fnName);
    await pick('Selection in the editor');
    await waitFor('the second response', async () => ((await editorsText()).includes('"accepted": 42') ? true : undefined), 15_000, 200);
    await waitFor('its log line', async () => (/INFO\s+order 42/.test(await outputText()) ? true : undefined), 10_000, 200);
  });
});
