// Functions through the bundled service against the real Docker engine: the
// locally built Node.js runtime image (an emulator of the invoke API), code from
// a folder, host networking on loopback.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ServiceClient } from '../../src/client/serviceClient';
import type { Resource } from '../../src/protocol/model';
import {
  IMAGES,
  RUN,
  createFakecloudContainer,
  docker,
  removeNamed,
  removeTestContainers,
  requireDocker,
  waitFor,
} from '../support/docker';
import { cleanupLocation, connectedClient, requireBundle, tempLocation } from '../support/service';

const lower = RUN.toLowerCase();
const n = (s: string) => `${s}-${lower}`;
const RUNTIME = 'nodejs20.x';

describe('functions on Docker (real engine)', function () {
  this.timeout(120_000);
  const location = tempLocation('functions');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-fn-'));
  let c: ServiceClient;

  const fn = (name: string, pred: (r: Resource) => boolean = (r) => r.state === 'running', ms = 10_000): Promise<Resource> =>
    waitFor(name, () => c.snapshot?.resources.find((r) => r.kind === 'function' && r.name === name && !r.orphan && pred(r)), ms);
  const ours = async () => (await docker.listContainers({ all: true, filters: JSON.stringify({ name: [lower] }) })).map((x) => x.Names[0]);
  const codeDir = (name: string, files: Record<string, string>) => {
    const dir = path.join(tmp, name);
    fs.rmSync(dir, { recursive: true, force: true });
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    return dir;
  };

  before(async function () {
    await requireDocker(this);
    requireBundle();
    c = await connectedClient(location, {
      networkMode: 'host',
      functionImages: { [RUNTIME]: IMAGES.lambdaNode },
      readinessTimeoutSeconds: 20,
    });
  });

  after(async () => {
    c?.dispose();
    await cleanupLocation(location);
    await removeNamed(lower);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('deploy + invoke returns the handler’s result and its log lines; redeploy picks up new code', async () => {
    const dir = codeDir('hello', {
      'index.js':
        "const { greet } = require('./lib/greet');\nexports.handler = async (event) => { console.log('event', event); return { message: " +
        'greet(event.who), env: process.env.GREETING_STYLE }; };\n',
      'lib/greet.js': 'exports.greet = (who) => `hello ${who}`;\n',
    });
    const deployed = await c.request(
      'function/deploy',
      { name: n('hello'), runtime: RUNTIME, handler: 'index.handler', codePath: dir, environment: { GREETING_STYLE: 'warm' } },
      60_000,
    );
    assert.equal(deployed.files, 2);
    const r = await fn(n('hello'));
    assert.equal(r.owner.type, 'extension');
    assert.equal(r.engine, RUNTIME);
    assert.deepEqual(r.endpoint, { host: '127.0.0.1', port: deployed.endpoint.port, via: 'label' });

    const res = await c.request('function/invoke', { resourceId: r.id, payload: '{"who":"world"}' }, 30_000);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(JSON.parse(res.body), { message: 'hello world', env: 'warm' });
    assert.equal(res.functionError, undefined);
    assert.match(res.logs[0], /^START RequestId: /);
    assert.match(res.logs[res.logs.length - 1], /^REPORT RequestId: .*Duration: /);
    assert.ok(
      res.logs.some((l) => /INFO\tevent {"who":"world"}/.test(l)),
      res.logs.join('\n'),
    );
    assert.ok(res.durationMs > 0);

    // A second invocation shows only its own lines.
    const again = await c.request('function/invoke', { resourceId: r.id, payload: '{"who":"again"}' }, 30_000);
    assert.ok(again.logs.some((l) => l.includes('again')) && !again.logs.some((l) => l.includes('"world"')), again.logs.join('\n'));

    fs.writeFileSync(path.join(dir, 'lib/greet.js'), 'exports.greet = (who) => `goodbye ${who}`;\n');
    const redeployed = await c.request('function/redeploy', { resourceId: r.id }, 60_000);
    assert.notEqual(redeployed.containerName, deployed.containerName, 'each deploy has a container name of its own');
    assert.equal(redeployed.endpoint.port, deployed.endpoint.port, 'the app keeps the port it was told');
    const r2 = await fn(n('hello'), (x) => x.state === 'running' && x.containerId === redeployed.containerId);
    await waitFor('the old deploy removed', async () => ((await ours()).length === 1 ? true : undefined));
    const after = await c.request('function/invoke', { resourceId: r2.id, payload: '{"who":"world"}' }, 30_000);
    assert.equal((JSON.parse(after.body) as { message?: string }).message, 'goodbye world');
  });

  it('an error the handler throws comes back as a function error, with its log', async () => {
    const dir = codeDir('thrower', { 'app.mjs': "export const main = async () => { throw new TypeError('no such order'); };\n" });
    await c.request('function/deploy', { name: n('thrower'), runtime: RUNTIME, handler: 'app.main', codePath: dir }, 60_000);
    const r = await fn(n('thrower'));
    const res = await c.request('function/invoke', { resourceId: r.id, payload: '' }, 30_000);
    assert.equal(res.functionError, 'TypeError: no such order');
    assert.ok(res.logs.some((l) => l.includes('Invoke Error')));
  });

  it("memory, timeout and the stack that deployed it reach the function's environment and labels, and last a redeploy", async () => {
    const dir = codeDir('sized', {
      'index.mjs':
        'export const handler = async () => ({ memory: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, timeout: process.env.AWS_LAMBDA_FUNCTION_TIMEOUT });\n',
    });
    const stack = { name: 'shop', scope: '00ff00ff00ff' };
    await c.request(
      'function/deploy',
      { name: n('sized'), runtime: RUNTIME, handler: 'index.handler', codePath: dir, memory: 256, timeout: 30, stack },
      60_000,
    );
    const r = await fn(n('sized'));
    assert.equal(r.labels['fakecloud-explorer.stack'], 'shop');
    assert.equal(r.labels['fakecloud-explorer.stack-scope'], '00ff00ff00ff');
    const res = await c.request('function/invoke', { resourceId: r.id, payload: '{}' }, 30_000);
    assert.deepEqual(JSON.parse(res.body), { memory: '256', timeout: '30' });
    await c.request('function/redeploy', { resourceId: r.id }, 60_000);
    const again = await fn(n('sized'), (x) => x.state === 'running' && x.id !== r.id);
    assert.equal(again.labels['fakecloud-explorer.stack-scope'], '00ff00ff00ff');
    assert.deepEqual(JSON.parse((await c.request('function/invoke', { resourceId: again.id, payload: '{}' }, 30_000)).body), {
      memory: '256',
      timeout: '30',
    });
    await assert.rejects(
      c.request('function/deploy', { name: n('sized2'), runtime: RUNTIME, handler: 'index.handler', codePath: dir, memory: 64 }, 60_000),
      /memory/,
    );
  });

  describe("a fakecloud server's function on the host's network", () => {
    const freePort = () =>
      new Promise<number>((resolve) => {
        const srv = net.createServer().listen(0, '127.0.0.1', () => {
          const { port } = srv.address() as net.AddressInfo;
          srv.close(() => resolve(port));
        });
      });
    const theirs = (name: string) =>
      waitFor(name, () => c.snapshot?.resources.find((r) => r.kind === 'function' && r.name === name && r.state === 'running'));
    after(() => removeTestContainers());

    it('is invoked on the port its emulator was told, not 8080', async () => {
      const dir = codeDir('theirs', { 'index.js': "exports.handler = async (e) => ({ from: 'theirs', got: e.n });\n" });
      const port = await freePort();
      await createFakecloudContainer({
        labels: { 'fakecloud-lambda': n('theirs') },
        image: IMAGES.lambdaNode,
        entrypoint: ['/usr/local/bin/aws-lambda-rie', '--runtime-interface-emulator-address', `127.0.0.1:${port}`],
        cmd: ['/lambda-entrypoint.sh', 'index.handler'],
        binds: [`${dir}:/var/task:ro`],
        serverPid: 999_999,
      });
      const r = await theirs(n('theirs'));
      assert.deepEqual(r.endpoint, { host: '127.0.0.1', port, via: 'host-network' });
      const res = await waitFor('its emulator to answer', () =>
        c.request('function/invoke', { resourceId: r.id, payload: '{"n":7}' }).catch(() => undefined),
      );
      assert.deepEqual(JSON.parse(res.body), { from: 'theirs', got: 7 });
    });

    it('without a port flag, the port its own process listens on is found inside the container', async () => {
      const dir = codeDir('quiet', { 'index.js': "exports.handler = async () => 'found';\n" });
      const port = await freePort();
      // Started without the flag: the emulator's argv says nothing, so only its socket tells.
      await createFakecloudContainer({
        labels: { 'fakecloud-lambda': n('quiet') },
        image: IMAGES.lambdaNode,
        entrypoint: [
          'sh',
          '-c',
          `A=127.0.0.1:${port}; exec /usr/local/bin/aws-lambda-rie --runtime-interface-emulator-address "$A" index.handler`,
        ],
        binds: [`${dir}:/var/task:ro`],
        serverPid: 999_999,
      });
      const r = await theirs(n('quiet'));
      assert.equal(r.endpoint, undefined, 'no port is guessed for the tree');
      const res = await waitFor('its emulator to answer', () =>
        c.request('function/invoke', { resourceId: r.id, payload: '{}' }).catch(() => undefined),
      );
      assert.equal(res.body, '"found"');
    });

    it("nothing listening in it is an error, and whatever holds the host's 8080 gets no request", async () => {
      let hits = 0;
      // What held 8080 on the machine the defect was found on: another program's web server.
      const squatter = http.createServer((_req, res) => {
        hits++;
        res.writeHead(405, { 'content-type': 'text/html' }).end('<html><body>405 Unsupported method</body></html>');
      });
      const held = await new Promise<boolean>((resolve) => {
        squatter.once('error', () => resolve(false));
        squatter.listen(8080, '127.0.0.1', () => resolve(true));
      });
      try {
        await createFakecloudContainer({
          labels: { 'fakecloud-lambda': n('idle') },
          image: IMAGES.busybox,
          cmd: ['tail', '-f', '/dev/null'],
          serverPid: 999_999,
        });
        const r = await theirs(n('idle'));
        await assert.rejects(c.request('function/invoke', { resourceId: r.id, payload: '{}' }), /nothing in its container listens/);
        if (held) assert.equal(hits, 0);
      } finally {
        squatter.close();
      }
    });

    it("an answer that is not a Lambda invoke API's is an error, not the response", async () => {
      const port = await freePort();
      await createFakecloudContainer({
        labels: { 'fakecloud-lambda': n('web') },
        image: IMAGES.busybox,
        cmd: ['busybox', 'httpd', '-f', '-p', `127.0.0.1:${port}`, '-h', '/tmp'],
        serverPid: 999_999,
      });
      const r = await theirs(n('web'));
      await waitFor(
        'httpd to listen',
        () =>
          new Promise<true | undefined>((resolve) => {
            const s = net.connect(port, '127.0.0.1', () => (s.destroy(), resolve(true))).on('error', () => resolve(undefined));
          }),
      );
      await assert.rejects(
        c.request('function/invoke', { resourceId: r.id, payload: '{}' }),
        /answer was HTTP \d{3} .*not a Lambda invoke API/,
      );
    });
  });

  it('stop, start and delete; the reconciler leaves a stopped function alone', async () => {
    const dir = codeDir('life', { 'index.js': 'exports.handler = async () => 1;\n' });
    await c.request('function/deploy', { name: n('life'), runtime: RUNTIME, handler: 'index.handler', codePath: dir }, 60_000);
    const r = await fn(n('life'));
    await c.request('function/stop', { resourceId: r.id }, 30_000);
    await fn(n('life'), (x) => x.state === 'exited');
    await assert.rejects(c.request('function/invoke', { resourceId: r.id, payload: '{}' }), /not running .*start it first/);
    await c.request('reconcile/now', {});
    assert.equal((await fn(n('life'), () => true)).state, 'exited');
    await c.request('function/start', { resourceId: r.id }, 30_000);
    await fn(n('life'), (x) => x.state === 'running' && x.containerId === r.containerId);
    assert.equal((await c.request('function/invoke', { resourceId: r.id, payload: '{}' }, 30_000)).body, '1');
    await c.request('function/delete', { resourceId: r.id }, 30_000);
    await waitFor('gone', () => !c.snapshot?.resources.some((x) => x.name === n('life')) || undefined);
    assert.deepEqual(
      (await ours()).filter((x) => x.includes('life')),
      [],
    );
    assert.equal(fs.existsSync(path.join(location.stateDir, 'functions', n('life'))), false, 'its stored code is removed');
  });

  it('the reconciler recreates a removed function from its stored code', async () => {
    const dir = codeDir('heal', { 'index.js': "exports.handler = async () => 'healed';\n" });
    await c.request('function/deploy', { name: n('heal'), runtime: RUNTIME, handler: 'index.handler', codePath: dir }, 60_000);
    const r = await fn(n('heal'));
    fs.rmSync(dir, { recursive: true });
    await docker.getContainer(r.containerId).remove({ force: true });
    await waitFor('removed', () => !c.snapshot?.resources.some((x) => x.containerId === r.containerId) || undefined);
    await c.request('reconcile/now', {});
    const back = await fn(n('heal'), (x) => x.state === 'running' && x.containerId !== r.containerId);
    const res = await waitFor(
      'invoke answers',
      async () => await c.request('function/invoke', { resourceId: back.id, payload: '{}' }, 10_000).catch(() => undefined),
      10_000,
      100,
    );
    assert.equal(res.body, '"healed"');
  });

  describe('bad input gets a clear error and leaves nothing behind', () => {
    const refuse = async (params: Record<string, unknown>, message: RegExp) => {
      const before = await ours();
      const stored = () =>
        fs.existsSync(path.join(location.stateDir, 'functions')) ? fs.readdirSync(path.join(location.stateDir, 'functions')).sort() : [];
      const storedBefore = stored();
      const ok = codeDir('ok', { 'index.js': 'exports.handler = async () => 1;\n' });
      await assert.rejects(
        c.request('function/deploy', { name: n('bad'), runtime: RUNTIME, handler: 'index.handler', codePath: ok, ...params }, 30_000),
        message,
      );
      assert.deepEqual(await ours(), before);
      assert.deepEqual(stored(), storedBefore);
    };
    it('a missing folder', () => refuse({ codePath: path.join(tmp, 'does-not-exist') }, /code folder .*does-not-exist does not exist/));
    it('an empty folder', () => {
      fs.mkdirSync(path.join(tmp, 'empty'), { recursive: true });
      return refuse({ codePath: path.join(tmp, 'empty') }, /has no files/);
    });
    it('an unknown handler file', () =>
      refuse(
        { handler: 'main.handler' },
        /handler main\.handler names a file that is not in the code folder \(looked for main\.js, main\.mjs, main\.cjs\)/,
      ));
    it('a handler that is not file.export', () => refuse({ handler: 'index' }, /invalid handler "index"/));
    it('an unknown runtime', () => refuse({ runtime: 'cobol1.0' }, /unknown runtime "cobol1\.0"; known: nodejs20\.x/));
    it('a bad function name', () => refuse({ name: 'has space' }, /invalid function name/));
    it('a reserved environment variable', () => refuse({ environment: { AWS_REGION: 'x' } }, /AWS_REGION is reserved/));
    it('a name already taken', async () => {
      const dir = codeDir('taken', { 'index.js': 'exports.handler = async () => 1;\n' });
      await c.request('function/deploy', { name: n('taken'), runtime: RUNTIME, handler: 'index.handler', codePath: dir }, 60_000);
      await refuse({ name: n('taken') }, /already exists; use Redeploy/);
    });
    it('an image that is neither here nor pullable', async () => {
      await c.configure({ functionImages: { [RUNTIME]: '127.0.0.1:9/nothing/lambda:1' } });
      try {
        await refuse({}, /is not on this machine and could not be pulled/);
      } finally {
        await c.configure({ functionImages: { [RUNTIME]: IMAGES.lambdaNode } });
      }
    });
    it('invalid JSON is refused before anything is sent', async () => {
      const r = await fn(n('taken'));
      await assert.rejects(c.request('function/invoke', { resourceId: r.id, payload: '{"a":' }), /payload is not valid JSON/);
    });
    it('an export the module does not have: the invoke says so', async () => {
      const dir = codeDir('noexport', { 'index.js': 'exports.other = async () => 1;\n' });
      await c.request('function/deploy', { name: n('noexport'), runtime: RUNTIME, handler: 'index.handler', codePath: dir }, 60_000);
      const r = await fn(n('noexport'));
      const res = await c.request('function/invoke', { resourceId: r.id, payload: '{}' }, 30_000);
      assert.match(res.functionError ?? '', /Runtime\.HandlerNotFound: index\.handler is undefined or not exported/);
    });
  });
});
