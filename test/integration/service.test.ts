// The bundled service process, started by real clients: shared by clients,
// private to its user, token-checked, replaced when older, gone when idle.
import * as assert from 'node:assert/strict';
import { FakecloudAws } from '../support/fakecloudAws';
import { FakecloudStandIn } from '../support/fakecloudStandIn';
import { KubeApiStandIn } from '../support/kube/apiStandIn';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { ServiceClient } from '../../src/client/serviceClient';
import type { ServiceLocation } from '../../src/protocol/serviceLocation';
import { PROTOCOL_VERSION } from '../../src/protocol/rpc';
import { IMAGES, createFakecloudContainer, removeTestContainers, requireDocker, waitFor, RUN } from '../support/docker';
import { SERVICE_BUNDLE, cleanupLocation, client, pidAlive, requireBundle, serviceEnv, tempLocation } from '../support/service';

/** Sends raw lines on the socket and collects the replies until it closes. */
function rawExchange(socketPath: string, lines: string[]): Promise<{ replies: unknown[]; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const s = net.createConnection(socketPath);
    let buf = '';
    s.on('connect', () => s.write(lines.join('\n') + '\n'));
    s.on('data', (d) => (buf += d.toString()));
    s.on('error', reject);
    const timer = setTimeout(() => {
      s.destroy();
      resolve({ replies: parse(buf), closed: false });
    }, 2_000);
    s.on('close', () => {
      clearTimeout(timer);
      resolve({ replies: parse(buf), closed: true });
    });
  });
  function parse(b: string): unknown[] {
    return b
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as unknown);
  }
}

describe('backend service process', function () {
  const clients: ServiceClient[] = [];
  const locations: ServiceLocation[] = [];
  const loc = (name: string) => {
    const l = tempLocation(name);
    locations.push(l);
    return l;
  };
  const track = (c: ServiceClient) => (clients.push(c), c);

  before(function () {
    requireBundle();
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.dispose();
    for (const l of locations.splice(0)) await cleanupLocation(l);
  });

  it('is started by the first client, private to the user, and shared by a second client', async () => {
    const l = loc('shared');
    const a = track(client(l, { clientName: 'window A' }));
    await a.connect();
    const b = track(client(l, { clientName: 'window B' }));
    await b.connect();
    assert.equal(a.service?.pid, b.service?.pid, 'one service serves both');
    assert.ok(pidAlive(a.service!.pid));
    const status = await b.request('service/status', {});
    assert.equal(status.clients, 2);
    assert.equal((fs.statSync(l.dir).mode & 0o777).toString(8), '700');
    assert.equal((fs.statSync(l.socketPath).mode & 0o777).toString(8), '600');
    assert.equal((fs.statSync(l.tokenPath).mode & 0o777).toString(8), '600');

    // A client that goes away loses nothing on the service side.
    a.dispose();
    await waitFor('one client left', async () => ((await b.request('service/status', {})).clients === 1 ? true : undefined));
    assert.ok(pidAlive(b.service!.pid));
  });

  it('pushes model changes to a connected client', async function () {
    await requireDocker(this);
    const l = loc('push');
    const c = track(client(l));
    await c.connect();
    await waitFor('Docker connected in the service', () => c.snapshot?.backends.find((x) => x.backend === 'docker')?.state === 'connected');
    const before = c.snapshot!.revision;
    try {
      const made = await createFakecloudContainer({
        labels: { 'fakecloud-elasticache': `push-${RUN}` },
        image: IMAGES.redis,
        cmd: ['redis-server', '--port', '17021'],
        serverPid: 99,
      });
      const r = await waitFor(
        'the cache in the pushed model',
        () => c.snapshot?.resources.find((x) => x.name === `push-${RUN}` && x.state === 'running'),
        2_000,
      );
      assert.equal(r.containerId, made.id);
      assert.ok(c.snapshot!.revision > before);
    } finally {
      await removeTestContainers();
    }
  });

  it('refuses a connection without the token, with a wrong token, or with requests before hello', async () => {
    const l = loc('token');
    const c = track(client(l));
    await c.connect();
    const before = await rawExchange(l.socketPath, [JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'model/subscribe', params: {} })]);
    assert.equal(before.closed, true);
    assert.match(JSON.stringify(before.replies[0]), /"code":-32001.*say hello with the token first/);

    const wrong = await rawExchange(l.socketPath, [
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'hello', params: { token: 'f'.repeat(64), protocolVersion: 1, clientName: 'x' } }),
      JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'model/subscribe', params: {} }),
    ]);
    assert.equal(wrong.closed, true);
    assert.match(JSON.stringify(wrong.replies[0]), /invalid token/);
    assert.equal(
      wrong.replies.some((r) => (r as { id?: number }).id === 2 && 'result' in (r as object)),
      false,
      'nothing is served after a bad hello',
    );

    const silent = await rawExchange(l.socketPath, []);
    assert.equal(silent.replies.length, 0);
  });

  it('speaks JSON-RPC as the specification says: bad messages get -32600, unknown or prototype methods -32601, string ids their answer', async () => {
    const l = loc('jsonrpc');
    const c = track(client(l));
    await c.connect();
    const token = fs.readFileSync(l.tokenPath, 'utf8').trim();
    const hello = JSON.stringify({
      jsonrpc: '2.0',
      id: 'h',
      method: 'hello',
      params: { token, protocolVersion: PROTOCOL_VERSION, clientName: 'raw', clientVersion: '0', clientBuild: '0' },
    });
    const r = await rawExchange(l.socketPath, [
      hello,
      'null',
      '1',
      '"x"',
      JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'constructor', params: {} }),
      JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'toString', params: {} }),
      JSON.stringify({ jsonrpc: '2.0', id: 'four', method: 'service/status', params: {} }),
      JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'cache/create', params: { name: 'x', engine: 'valkey' } }),
      JSON.stringify({ jsonrpc: '2.0', id: 6, method: 'logs/read', params: { resourceId: 'r', tail: 'all' } }),
    ]);
    const byId = (id: unknown) =>
      r.replies.find((x) => (x as { id: unknown }).id === id) as
        { result?: { pid: number }; error?: { code: number; message: string } } | undefined;
    assert.ok(byId('h')?.result, 'hello answered under its string id');
    assert.deepEqual(
      r.replies.filter((x) => (x as { id: unknown }).id === null).map((x) => (x as { error: { code: number } }).error.code),
      [-32600, -32600, -32600],
    );
    assert.equal(byId(2)?.error?.code, -32601);
    assert.match(byId(2)!.error!.message, /unknown method constructor/);
    assert.equal(byId(3)?.error?.code, -32601);
    assert.equal(byId('four')?.result?.pid, c.service!.pid, 'the rest of the chunk was still served');
    // Params are checked against the method's schema before anything runs, and the field is named.
    assert.equal(byId(5)?.error?.code, -32602);
    assert.match(byId(5)!.error!.message, /^cache\/create: engine: /);
    assert.equal(byId(6)?.error?.code, -32602);
    assert.match(byId(6)!.error!.message, /^logs\/read: tail: /);
  });

  it('a client that never says hello can push only a few KB before it is cut off', async () => {
    const l = loc('flood');
    const c = track(client(l));
    await c.connect();
    const s = net.createConnection(l.socketPath);
    await new Promise((r) => s.once('connect', r));
    let written = 0;
    let closed = false;
    s.on('close', () => (closed = true));
    s.on('error', () => undefined);
    const piece = Buffer.alloc(64 * 1024, 0x20);
    const started = Date.now();
    while (!closed && written < 33 * 1024 * 1024 && Date.now() - started < 5_000) {
      if (!s.write(piece)) await new Promise((r) => setTimeout(r, 5));
      written += piece.length;
      await new Promise((r) => setImmediate(r));
    }
    await waitFor('the service to cut the connection', () => closed || undefined, 5_000);
    assert.ok(written < 33 * 1024 * 1024, `cut off before 33 MB (wrote ${written} bytes)`);
    // The service is unharmed.
    assert.equal((await c.request('service/status', {})).pid, c.service!.pid);
  });

  it("answers each window in the language it said hello in, from the extension's l10n bundles", async () => {
    // A bundle as a translator would ship it, beside the service's bundle for as long as the test runs.
    const bundle = path.join(path.dirname(SERVICE_BUNDLE), '..', 'l10n', 'bundle.l10n.qps-ploc.json');
    fs.writeFileSync(bundle, JSON.stringify({ 'that resource is gone': '[!! ţĥåţ ŕéšöûŕçé ïš ĝöñé !!]' }));
    try {
      const l = loc('language');
      const pseudo = track(client(l, { clientName: 'pseudo window', language: 'qps-ploc' }));
      await pseudo.connect();
      const english = track(client(l, { clientName: 'english window' }));
      await english.connect();
      await assert.rejects(pseudo.request('logs/read', { resourceId: 'no-such', tail: 10 }), /ţĥåţ ŕéšöûŕçé ïš ĝöñé/);
      await assert.rejects(english.request('logs/read', { resourceId: 'no-such', tail: 10 }), /that resource is gone/);
    } finally {
      fs.rmSync(bundle, { force: true });
    }
  });

  it('refuses timer settings past their range instead of firing every millisecond', async () => {
    const l = loc('timers');
    const r = spawnSync(process.execPath, [SERVICE_BUNDLE, '--idle-timeout', '3000000'], {
      env: serviceEnv(l),
      encoding: 'utf8',
      timeout: 10_000,
    });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--idle-timeout takes seconds from 0 \(never\) to 604800/);
    const c = track(client(l));
    await c.connect();
    await assert.rejects(
      c.configure({ reconcile: { intervalSeconds: 1e10, repairFakecloudResources: false } }),
      /fakecloud\.reconcile\.intervalSeconds must be a number from 1 to 86400/,
    );
    await assert.rejects(c.configure({ fallbackPollSeconds: 1e10 }), /fallbackPollSeconds must be a number from 5 to 3600/);
    await assert.rejects(
      c.configure({
        update: {
          healthTimeoutSeconds: 1e10,
          graceSeconds: 1,
          pollMillis: 100,
          removeReplacedImage: false,
          pruneDanglingImages: false,
          pullPolicy: 'always',
        },
      }),
      /healthTimeoutSeconds must be a number from 1 to 3600/,
    );
    // The refused values changed nothing: the service is as quiet as before.
    const before = (await c.request('service/status', {})).dockerRequests;
    await new Promise((res) => setTimeout(res, 1_000));
    assert.ok((await c.request('service/status', {})).dockerRequests - before < 20, 'no pass storm');
  });

  it('is out of reach for another local user', async function () {
    if (process.getuid?.() !== 0) {
      if (process.env.CI === 'true') throw new Error('CI runs as root to test another user');
      this.skip();
    }
    const l = loc('otheruser');
    const c = track(client(l));
    await c.connect();
    const probe = `
      const net = require('net'); const fs = require('fs');
      let token = 'unreadable'; try { token = fs.readFileSync(${JSON.stringify(l.tokenPath)}, 'utf8'); } catch (e) { token = e.code; }
      const s = net.createConnection(${JSON.stringify(l.socketPath)});
      s.on('connect', () => { console.log('CONNECTED ' + token); process.exit(0); });
      s.on('error', (e) => { console.log(e.code + ' ' + token); process.exit(0); });`;
    const r = spawnSync(process.execPath, ['-e', probe], { uid: 65534, gid: 65534, encoding: 'utf8', timeout: 10_000 });
    assert.equal(r.stdout.trim(), 'EACCES EACCES', `another user got: ${r.stdout}${r.stderr}`);
  });

  it('refuses to run in a runtime directory that belongs to someone else', async function () {
    if (process.getuid?.() !== 0) this.skip();
    const l = loc('foreign');
    fs.mkdirSync(l.dir, { mode: 0o700 });
    fs.chownSync(l.dir, 65534, 65534);
    const r = spawnSync(process.execPath, [SERVICE_BUNDLE, '--idle-timeout', '1'], {
      env: serviceEnv(l),
      encoding: 'utf8',
      timeout: 10_000,
    });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /belongs to uid 65534, not to you/);
    assert.equal(fs.existsSync(l.socketPath), false);
  });

  it('shuts down after the idle time with no client, and removes its socket', async () => {
    const l = loc('idle');
    const c = client(l, { serviceArgs: ['--idle-timeout', '1'] });
    await c.connect();
    const pid = c.service!.pid;
    await new Promise((r) => setTimeout(r, 1_500));
    assert.ok(pidAlive(pid), 'a connected client keeps it up past the idle time');
    c.dispose();
    await waitFor('the service to exit', () => !pidAlive(pid) || undefined, 5_000, 50);
    assert.equal(fs.existsSync(l.socketPath), false);
    assert.match(fs.readFileSync(l.logPath, 'utf8'), /service stopping: idle for 1 s with no clients/);
  });

  it('an older running service is asked to stop and replaced by the newer client', async () => {
    const l = loc('handover');
    const old = client(l);
    await old.connect();
    const oldPid = old.service!.pid;
    old.dispose();
    const newer = track(client(l, { identity: { version: '99.0.0', build: '1' } }));
    await newer.connect();
    assert.notEqual(newer.service!.pid, oldPid);
    await waitFor('the old service to exit', () => !pidAlive(oldPid) || undefined, 5_000, 50);
    assert.match(fs.readFileSync(l.logPath, 'utf8'), /shutdown requested by test: replaced by 99\.0\.0/);
  });

  it('two clients starting at once end up with one service', async () => {
    const l = loc('race');
    const [a, b, c] = [track(client(l)), track(client(l)), track(client(l))];
    await Promise.all([a.connect(), b.connect(), c.connect()]);
    const winner = a.service!.pid;
    assert.equal(new Set([winner, b.service!.pid, c.service!.pid]).size, 1);
    // Every other service started in the race finds the lock taken and exits.
    const losers = [a, b, c].flatMap((x) => x.spawned).filter((pid) => pid !== winner);
    await waitFor('the losers to exit', () => losers.every((pid) => !pidAlive(pid)) || undefined, 15_000, 50);
    assert.ok(pidAlive(winner));
  });

  it('runs headless as a daemon and stops cleanly on SIGTERM', async () => {
    const l = loc('headless');
    const p = spawn(process.execPath, [SERVICE_BUNDLE, '--foreground', '--idle-timeout', '0'], {
      env: serviceEnv(l),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await waitFor('listening', () => /listening on/.test(stderr) || undefined, 10_000);
    const c = track(client(l));
    await c.connect();
    assert.equal(c.service!.pid, p.pid);
    const exited = new Promise<number | null>((r) => p.once('exit', (code) => r(code)));
    p.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.equal(fs.existsSync(l.socketPath), false);
  });
});

describe('the service bundle', () => {
  it('runs from a directory with no node_modules, as it does when installed from the .vsix', async () => {
    requireBundle();
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-bundle-'));
    fs.copyFileSync(SERVICE_BUNDLE, path.join(dir, 'service.js'));
    // The Kubernetes half is a bundle of its own, loaded from beside the service when enabled.
    fs.copyFileSync(path.join(path.dirname(SERVICE_BUNDLE), 'kubernetes.js'), path.join(dir, 'kubernetes.js'));
    // The AWS SDK half too, loaded once a fakecloud server answers.
    fs.copyFileSync(path.join(path.dirname(SERVICE_BUNDLE), 'aws.js'), path.join(dir, 'aws.js'));
    const l = tempLocation('bundle');
    const c = client(l, { servicePath: path.join(dir, 'service.js') });
    const api = new KubeApiStandIn();
    await api.start();
    const kubeconfig = api.writeKubeconfig('fakecloud');
    const fakecloud = new FakecloudStandIn(0, new FakecloudAws({ containers: false }));
    try {
      await c.connect();
      assert.ok(pidAlive(c.service!.pid));
      await c.configure({ kubernetes: { enabled: true, kubeconfig } });
      await waitFor(
        'Kubernetes connected',
        () => c.snapshot?.backends.find((b) => b.backend === 'kubernetes')?.state === 'connected' || undefined,
        10_000,
      );
      // A fakecloud server's resources, listed through the AWS SDK half loaded from beside the service.
      await fakecloud.start();
      fakecloud.aws?.dbs.set('db-1', {
        id: 'db-1',
        engine: 'postgres',
        engineVersion: '16',
        instanceClass: 'db.t3.micro',
        status: 'available',
        port: 5432,
      });
      await c.configure({ servers: [fakecloud.endpoint] });
      await waitFor('the server listed', () => c.snapshot?.aws?.find((a) => a.awsId === 'db-1'), 10_000);
    } finally {
      c.dispose();
      await fakecloud.stop();
      await cleanupLocation(l);
      await api.stop();
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(path.dirname(kubeconfig), { recursive: true, force: true });
    }
  });
});
