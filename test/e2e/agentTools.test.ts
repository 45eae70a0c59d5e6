// The agent tools in the real VS Code, called through vscode.lm.invokeTool as an agent calls them (a small test
// extension does the calling): the resources listed with their state and endpoints, a cache's keys and a value, a
// read-only Redis command (and a write refused), a resource's log, a function invoked with a payload, and a cache
// created — what changes state confirmed by the user first.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  IMAGES,
  RUN,
  createFakecloudContainer,
  docker,
  execFileP,
  removeNamed,
  removeTestContainers,
  requireDocker,
  waitFor,
} from '../support/docker';
import { tempLocation } from '../support/service';
import { CodeServer, packageToolCaller, requireE2e } from './support/codeServer';
import { closeWorkbench, openWorkbench, answer, pick, runCommand, screenshotOnFailure, waitForRows } from './support/workbench';

const PORT = 17957;

interface Results {
  known: string[];
  results: { name: string; ok: boolean; text?: string; error?: string }[];
}

describe('Agent tools through vscode.lm.invokeTool (code-server + Chromium)', function () {
  this.timeout(180_000);
  const location = tempLocation('e2e-tools');
  const cacheName = `tools-${RUN.toLowerCase()}`.slice(0, 40);
  const fnName = `toolfn-${RUN.toLowerCase()}`.slice(0, 40);
  const newCache = `made-${RUN.toLowerCase()}`.slice(0, 40);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-tools-'));
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;

  /** Calls the tools as an agent would, and answers what each gave back. */
  const call = async (calls: { name: string; input: object }[], confirm?: 'Yes' | 'Cancel'): Promise<Results['results']> => {
    const ws = server!.workspace;
    fs.rmSync(path.join(ws, '.tool-results.json'), { force: true });
    fs.writeFileSync(path.join(ws, '.tool-calls.json'), JSON.stringify(calls));
    await runCommand(page, 'Fakecloud Test: Call Tools');
    if (confirm) {
      // Outside a chat, VS Code asks in a dialog before a tool that changes state runs.
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: 15_000 });
      await dialog
        .locator('.monaco-button', { hasText: new RegExp(`^${confirm}$`) })
        .first()
        .click();
    }
    const file = path.join(ws, '.tool-results.json');
    const out = await waitFor(
      'the tools to answer',
      () => (fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Results) : undefined),
      120_000,
      200,
    );
    return out.results;
  };

  before(async function () {
    this.timeout(240_000);
    await requireDocker(this);
    requireE2e(this);
    await createFakecloudContainer({
      labels: { 'fakecloud-elasticache': cacheName },
      image: IMAGES.redis,
      cmd: ['redis-server', '--port', String(PORT), '--save', ''],
      serverPid: process.pid,
    });
    await waitFor(
      'redis up',
      async () =>
        (await execFileP('redis-cli', ['-p', String(PORT), 'PING']).catch(() => ({ stdout: '' }))).stdout.trim() === 'PONG'
          ? true
          : undefined,
      10_000,
      100,
    );
    await execFileP('redis-cli', ['-p', String(PORT), 'HSET', 'user:1', 'name', 'ann', 'plan', 'pro']);
    await execFileP('redis-cli', ['-p', String(PORT), 'SET', 'greeting', 'hello']);
    server = new CodeServer({
      settings: {
        'fakecloud.docker.networkMode': 'host',
        'fakecloud.images.redis': IMAGES.redis,
        'fakecloud.images.functionRuntimes': { 'nodejs20.x': IMAGES.lambdaNode },
      },
      runtimeDir: location.dir,
      stateDir: location.stateDir,
      extraVsix: [await packageToolCaller(tmp)],
    });
    fs.mkdirSync(server.workspace, { recursive: true });
    fs.writeFileSync(
      path.join(server.workspace, 'index.js'),
      "exports.handler = async (e) => { console.log('got', JSON.stringify(e)); return { doubled: e.n * 2 }; };\n",
    );
    await server.start();
    ({ browser, page } = await openWorkbench(server.url));
    await page.locator('.activitybar [aria-label^="Fakecloud"]').first().click();
    await waitForRows(page, 'the cache', (r) => r.some((x) => x.startsWith(cacheName)), 30_000);
    // A function of our own, deployed from the workspace folder.
    await runCommand(page, 'Fakecloud Lambda: Deploy Function…');
    await pick(page, 'nodejs20.x');
    await answer(page, 'Deploy Function: name', fnName);
    await pick(page, path.basename(server.workspace));
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Deploy Function: handler' }).waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await answer(page, 'environment variables', '');
    await waitForRows(page, 'the function', (r) => r.some((x) => x.startsWith(`${fnName} :`)), 60_000);
  });

  afterEach(async function () {
    await screenshotOnFailure(this.currentTest, page, location);
  });

  after(async function () {
    this.timeout(60_000);
    await closeWorkbench(browser, server, location);
    await removeTestContainers();
    await removeNamed(RUN.toLowerCase());
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('reads: resources with state and endpoints, keys, a value, a read-only command, a log; a write refused', async () => {
    const [resources, keys, value, info, refused, log] = await call([
      { name: 'fakecloud_listResources', input: { kind: 'all' } },
      { name: 'fakecloud_listKeys', input: { cache: cacheName, match: 'user:*' } },
      { name: 'fakecloud_readKey', input: { cache: cacheName, key: 'user:1' } },
      { name: 'fakecloud_redisReadCommand', input: { cache: cacheName, command: 'GET greeting' } },
      { name: 'fakecloud_redisReadCommand', input: { cache: cacheName, command: 'FLUSHALL' } },
      { name: 'fakecloud_readLogs', input: { resource: cacheName, lines: 20 } },
    ]);
    assert.ok(resources.ok, resources.error);
    const listed = JSON.parse(resources.text!) as { resources: { name: string; kind: string; state: string; endpoint?: string }[] };
    const cache = listed.resources.find((r) => r.name === cacheName);
    assert.deepEqual(cache && [cache.kind, cache.state, cache.endpoint], ['cache', 'running', `127.0.0.1:${PORT}`]);
    assert.ok(listed.resources.some((r) => r.name === fnName && r.kind === 'function'));
    assert.ok(keys.ok, keys.error);
    assert.deepEqual((JSON.parse(keys.text!) as { keys: { name: string; type: string }[] }).keys, [
      { name: 'user:1', type: 'hash', ttlMs: -1 },
    ]);
    assert.ok(value.ok, value.error);
    assert.match(value.text!, /user:1 \(hash\)/);
    assert.deepEqual(JSON.parse(value.text!.slice(value.text!.indexOf('\n') + 1)) as unknown, { name: 'ann', plan: 'pro' });
    assert.equal(info.text?.trim(), '"hello"');
    assert.equal(refused.ok, false);
    assert.match(refused.error ?? '', /FLUSHALL is not a read-only command/);
    assert.equal((await execFileP('redis-cli', ['-p', String(PORT), 'DBSIZE'])).stdout.trim(), '2', 'nothing flushed');
    assert.ok(log.ok, log.error);
    assert.match(log.text!, /Ready to accept connections/);
  });

  it('invokes a function with a payload, after the user confirms', async () => {
    const [res] = await call([{ name: 'fakecloud_invokeFunction', input: { function: fnName, payload: '{"n": 21}' } }], 'Yes');
    assert.ok(res.ok, res.error);
    assert.match(res.text!, /^status 200/);
    assert.match(res.text!, /response: \{"doubled":42\}/);
    assert.match(res.text!, /START RequestId/);
  });

  it('creates a cache once the user says Yes; Cancel makes nothing', async () => {
    // Cancelled: nothing is made.
    const [no] = await call([{ name: 'fakecloud_createCache', input: { name: newCache } }], 'Cancel');
    assert.equal(no.ok, false);
    assert.equal((await docker.listContainers({ all: true, filters: JSON.stringify({ name: [newCache] }) })).length, 0);
    const [res] = await call([{ name: 'fakecloud_createCache', input: { name: newCache } }], 'Yes');
    assert.ok(res.ok, res.error);
    assert.match(res.text!, new RegExp(`cache ${newCache} \\(redis\\) is ready at 127\\.0\\.0\\.1:\\d+`));
    const listed = await docker.listContainers({ filters: JSON.stringify({ name: [newCache] }) });
    assert.equal(listed.length, 1);
    await waitForRows(page, 'the new cache in the tree', (r) => r.some((x) => x.startsWith(`${newCache} :`)), 30_000);
  });

  it('a cache name the API would refuse is refused before the user is asked, and nothing is made', async () => {
    const [res] = await call([{ name: 'fakecloud_createCache', input: { name: '1-Bad' } }]);
    assert.equal(res.ok, false);
    assert.match(res.error ?? '', /"1-Bad"/);
    assert.equal(await page.locator('.monaco-dialog-box').count(), 0);
  });
});
