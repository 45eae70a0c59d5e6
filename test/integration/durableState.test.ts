// What must last survives what may vanish: the runtime directory wiped (as a logout
// does) leaves every resource ours and repaired; state an earlier version kept in the
// runtime directory is moved once; a resource whose state is lost is adopted back in
// one step. The bundled service against the real Docker engine.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ServiceClient } from '../../src/client/serviceClient';
import type { Resource } from '../../src/protocol/model';
import { serviceLocation, type ServiceLocation } from '../../src/protocol/serviceLocation';
import { RUN, docker, removeByNameTag, removeNamed, requireDocker, waitFor } from '../support/docker';
import {
  LOCAL_SETTINGS,
  cleanupLocation,
  client,
  connectedClient,
  pidAlive,
  requireBundle,
  serviceEnv,
  tempLocation,
} from '../support/service';

const lower = RUN.toLowerCase();
const n = (s: string) => `${s}-${lower}`;
const RUNTIME = 'nodejs20.x';
const SETTINGS = LOCAL_SETTINGS;

describe('durable state (real engine)', function () {
  this.timeout(180_000);
  const locations: ServiceLocation[] = [];
  const clients: ServiceClient[] = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-durable-'));

  const connect = async (l: ServiceLocation) => {
    const c = await connectedClient(l, SETTINGS);
    clients.push(c);
    return c;
  };
  const find = (c: ServiceClient, kind: string, name: string, pred: (r: Resource) => boolean, ms = 20_000) =>
    waitFor(`${kind} ${name}`, () => c.snapshot?.resources.find((r) => r.kind === kind && r.name === name && pred(r)), ms, 50);
  const redis = async (c: ServiceClient, id: string, line: string) =>
    (await c.request('cache/command', { resourceId: id, line })).stdout.trim();
  /** Stops the service as a logout would: its process ends and its runtime directory goes. */
  const logout = async (c: ServiceClient, l: ServiceLocation) => {
    const pid = c.service!.pid;
    c.dispose();
    process.kill(pid, 'SIGKILL');
    await waitFor('the service to die', () => !pidAlive(pid) || undefined, 5_000, 20);
    fs.rmSync(l.dir, { recursive: true, force: true });
  };

  before(async function () {
    await requireDocker(this);
    requireBundle();
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.dispose();
    for (const l of locations.splice(0)) await cleanupLocation(l);
  });

  after(async () => {
    await removeNamed(lower);
    await removeByNameTag(lower);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('a wiped runtime directory (a logout) costs nothing: the cache stays ours, its data intact, and is repaired again', async () => {
    const l = tempLocation('logout');
    locations.push(l);
    let c = await connect(l);
    await c.request('cache/create', { name: n('keep'), engine: 'redis' }, 60_000);
    let r = await find(c, 'cache', n('keep'), (x) => x.state === 'running');
    assert.equal(await redis(c, r.id, 'SET order:1 shipped'), 'OK');
    assert.equal(await redis(c, r.id, 'SAVE'), 'OK');
    assert.ok(!l.stateDir.startsWith(l.dir + path.sep), 'the state is not in the runtime directory');

    await logout(c, l);
    c = await connect(l);
    r = await find(c, 'cache', n('keep'), (x) => x.state === 'running');
    assert.equal(r.orphan, undefined, 'still ours after the runtime directory was wiped');
    assert.equal(await redis(c, r.id, 'GET order:1'), '"shipped"');

    // And the reconciler still repairs it, with its data.
    await docker.getContainer(r.containerId).remove({ force: true });
    const repaired = await find(c, 'cache', n('keep'), (x) => x.state === 'running' && x.containerId !== r.containerId, 30_000);
    assert.equal(repaired.orphan, undefined);
    assert.equal(
      await waitFor(
        'Redis back with its data',
        async () => (await redis(c, repaired.id, 'GET order:1').catch(() => undefined)) || undefined,
        20_000,
        200,
      ),
      '"shipped"',
    );
    await c.request('cache/delete', { resourceId: repaired.id });
  });

  it('state an earlier version kept in the runtime directory is moved once, even when services race to start', async () => {
    const l = tempLocation('migrate');
    locations.push(l);
    const legacy = path.join(l.dir, 'state');
    // The earlier layout: the same service with its state inside the runtime directory.
    const old = client(l, { env: serviceEnv(l, { FAKECLOUD_EXPLORER_STATE_DIR: legacy }) });
    await old.connect();
    await old.configure(SETTINGS);
    await waitFor(
      'Docker connected',
      () => old.snapshot?.backends.find((b) => b.backend === 'docker')?.state === 'connected' || undefined,
      10_000,
    );
    await old.request('cache/create', { name: n('moved'), engine: 'redis' }, 60_000);
    const before = await find(old, 'cache', n('moved'), (x) => x.state === 'running');
    assert.equal(await redis(old, before.id, 'SET k v'), 'OK');
    const oldPid = old.service!.pid;
    await old.request('shutdown', { reason: 'test: upgrade' });
    old.dispose();
    await waitFor('the old service to exit', () => !pidAlive(oldPid) || undefined, 10_000, 20);
    assert.ok(fs.existsSync(path.join(legacy, 'desired-state.json')));
    assert.equal(fs.existsSync(path.join(l.stateDir, 'desired-state.json')), false);

    // Three windows start at once: one service wins the lock and moves the state; the others never touch it.
    const racers = [client(l), client(l), client(l)];
    clients.push(...racers);
    await Promise.all(racers.map((x) => x.connect()));
    for (const x of racers) await x.configure(SETTINGS);
    const c = racers[0];
    const r = await find(c, 'cache', n('moved'), (x) => x.state === 'running' && x.orphan === undefined);
    assert.equal(await redis(c, r.id, 'GET k'), '"v"');
    assert.equal(fs.existsSync(legacy), false, 'the old folder is gone');
    assert.ok(fs.existsSync(path.join(l.stateDir, 'desired-state.json')));
    const log = fs.readFileSync(l.logPath, 'utf8');
    assert.equal(log.match(/state: moved \d+ files?/g)?.length, 1, `moved exactly once:\n${log}`);
    assert.match(log, new RegExp(`from ${legacy.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} to `));
    await c.request('cache/delete', { resourceId: r.id });
  });

  it('upgrading on a machine without XDG_RUNTIME_DIR: the older service in /tmp is stopped and its state moved into the home', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-home-'));
    const tmpdir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-tmpdir-'));
    try {
      const inputs = {
        platform: process.platform,
        env: { HOME: home },
        uid: process.getuid?.() ?? 0,
        username: os.userInfo().username,
        tmpdir,
        homedir: home,
      };
      const now = serviceLocation(inputs);
      assert.equal(now.dir, path.join(home, '.cache', 'fakecloud-explorer', 'run'));
      const oldDir = now.legacyRuntimeDirs[0];
      assert.equal(oldDir, path.join(tmpdir, `fakecloud-explorer-${inputs.uid}`));
      // The earlier layout: a service running from /tmp with its state inside.
      const oldLoc = {
        ...tempLocation('unused'),
        dir: oldDir,
        socketPath: path.join(oldDir, 'service.sock'),
        tokenPath: path.join(oldDir, 'token'),
        lockPath: path.join(oldDir, 'service.pid'),
        logPath: path.join(oldDir, 'service.log'),
        stateDir: path.join(oldDir, 'state'),
      };
      const old = client(oldLoc, { env: serviceEnv(oldLoc) });
      await old.connect();
      const oldPid = old.service!.pid;
      old.dispose();
      fs.writeFileSync(
        path.join(oldLoc.stateDir, 'desired-state.json'),
        JSON.stringify({ schemaVersion: 2, caches: {}, instances: {}, functions: {} }),
      );
      // The new version's service, in an environment without XDG_RUNTIME_DIR or our overrides.
      const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, TMPDIR: tmpdir };
      const fresh = client(now, { env });
      clients.push(fresh);
      await fresh.connect();
      await waitFor('the older service to stop', () => !pidAlive(oldPid) || undefined, 15_000, 50);
      const log = fs.readFileSync(now.logPath, 'utf8');
      assert.match(log, new RegExp(`an older service \\(pid ${oldPid}\\) was running from .*: asked it to shut down, and it stopped`));
      assert.match(log, /state: moved 1 file .* to .*\.local\/state\/fakecloud-explorer/);
      assert.ok(fs.existsSync(path.join(home, '.local', 'state', 'fakecloud-explorer', 'desired-state.json')));
      assert.equal(fs.existsSync(oldLoc.stateDir), false);
      fresh.dispose();
      await cleanupLocation(now);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
      fs.rmSync(tmpdir, { recursive: true, force: true });
    }
  });

  it('an unusable desired state (a directory in its place) does not stop the service: it is kept aside and reported to the window', async () => {
    const l = tempLocation('unusable');
    locations.push(l);
    fs.mkdirSync(path.join(l.stateDir, 'desired-state.json'), { recursive: true });
    const c = await connect(l);
    assert.match(
      c.service?.stateProblem ?? '',
      /could not be read \(it is not a regular file \(a directory\)\); it was kept as .*desired-state\.json\.corrupt-.*\(Adopt Orphan brings them back\)/,
    );
    assert.ok(
      fs.readdirSync(l.stateDir).some((f) => f.startsWith('desired-state.json.corrupt-')),
      'kept aside, not deleted',
    );
    // And the service works: it can make a cache.
    await c.request('cache/create', { name: n('after'), engine: 'memcached' }, 60_000);
    const r = await find(c, 'cache', n('after'), (x) => x.state === 'running');
    await c.request('cache/delete', { resourceId: r.id });
  });

  it('state lost while its resources run: Adopt Orphan takes a cache, an instance and a function back, and the reconciler repairs them', async () => {
    const l = tempLocation('adopt');
    locations.push(l);
    let c = await connect(l);
    await c.request('cache/create', { name: n('lost'), engine: 'redis' }, 60_000);
    let cache = await find(c, 'cache', n('lost'), (x) => x.state === 'running');
    assert.equal(await redis(c, cache.id, 'SET answer 42'), 'OK');
    assert.equal(await redis(c, cache.id, 'SAVE'), 'OK');
    const userData = Buffer.from('#!/bin/sh\necho booted > /tmp/booted\n').toString('base64');
    const launched = await c.request('instance/launch', { name: n('box'), userData: { base64: userData }, tags: { team: 'core' } }, 60_000);
    const code = path.join(tmp, 'fn');
    fs.mkdirSync(code, { recursive: true });
    fs.writeFileSync(path.join(code, 'index.js'), 'exports.handler = async (e) => ({ echoed: e, mode: process.env.MODE });\n');
    await c.request(
      'function/deploy',
      { name: n('fn'), runtime: RUNTIME, handler: 'index.handler', codePath: code, environment: { MODE: 'adopted' } },
      60_000,
    );
    let fn = await find(c, 'function', n('fn'), (x) => x.state === 'running');

    // The whole state directory is lost (desired state and stored code).
    await logout(c, l);
    fs.rmSync(l.stateDir, { recursive: true, force: true });
    fs.rmSync(code, { recursive: true, force: true });
    c = await connect(l);
    cache = await find(c, 'cache', n('lost'), (x) => x.orphan === true);
    let instance = await find(c, 'instance', launched.instanceId, (x) => x.orphan === true);
    fn = await find(c, 'function', n('fn'), (x) => x.orphan === true);

    // Before it is adopted, Redeploy says what the function is and what to do.
    await assert.rejects(
      c.request('function/redeploy', { resourceId: fn.id }),
      /is an orphan: it was deployed from VS Code, but the desired state no longer lists it\. Adopt Orphan takes it back/,
    );

    // Adopted: ours again, with what the container tells.
    const adoptedCache = await c.request('resource/adopt', { resourceId: cache.id });
    assert.match(adoptedCache.notes.join(' '), /data volume fakecloud-explorer-cache-data-.* stays attached/);
    const adoptedInstance = await c.request('resource/adopt', { resourceId: instance.id });
    assert.match(adoptedInstance.notes.join(' '), /user data has run already/);
    const adoptedFn = await c.request('resource/adopt', { resourceId: fn.id });
    assert.match(adoptedFn.notes.join(' '), /code .* copied out of the container/);
    await assert.rejects(c.request('resource/adopt', { resourceId: cache.id }), /not an orphan/);

    cache = await find(c, 'cache', n('lost'), (x) => x.orphan === undefined);
    instance = await find(c, 'instance', launched.instanceId, (x) => x.orphan === undefined);
    fn = await find(c, 'function', n('fn'), (x) => x.orphan === undefined);
    const state = JSON.parse(fs.readFileSync(path.join(l.stateDir, 'desired-state.json'), 'utf8')) as {
      caches: Record<string, { volume?: string; port?: number }>;
      instances: Record<string, { name: string; userData?: string; tags: Record<string, string> }>;
      functions: Record<string, { handler: string; environment: Record<string, string>; codeArchive: string }>;
    };
    assert.equal(state.caches[n('lost')].volume, `fakecloud-explorer-cache-data-${n('lost')}`);
    assert.deepEqual(state.instances[launched.instanceId], {
      ...state.instances[launched.instanceId],
      name: n('box'),
      userData,
      tags: { team: 'core' },
    });
    assert.equal(state.functions[n('fn')].handler, 'index.handler');
    assert.deepEqual(state.functions[n('fn')].environment, { MODE: 'adopted' });
    assert.ok(fs.statSync(state.functions[n('fn')].codeArchive).size > 0, 'its code is stored again');

    // Repaired like any other of ours: each container removed comes back (the cache with its data, the function from its stored code).
    for (const r of [cache, instance, fn]) await docker.getContainer(r.containerId).remove({ force: true });
    const cache2 = await find(c, 'cache', n('lost'), (x) => x.state === 'running' && x.containerId !== cache.id, 40_000);
    assert.equal(
      await waitFor(
        'Redis back with its data',
        async () => (await redis(c, cache2.id, 'GET answer').catch(() => undefined)) || undefined,
        20_000,
        200,
      ),
      '"42"',
    );
    await find(c, 'instance', launched.instanceId, (x) => x.state === 'running' && x.containerId !== instance.containerId, 40_000);
    const fn2 = await find(c, 'function', n('fn'), (x) => x.state === 'running' && x.containerId !== fn.containerId, 40_000);
    const out = await waitFor(
      'the repaired function answers',
      () => c.request('function/invoke', { resourceId: fn2.id, payload: '{"n":1}' }).catch(() => undefined),
      20_000,
      200,
    );
    assert.deepEqual(JSON.parse(out.body), { echoed: { n: 1 }, mode: 'adopted' });

    // Redeploy of an adopted function asks for its folder rather than failing on an empty path.
    await assert.rejects(
      c.request('function/redeploy', { resourceId: fn2.id }),
      (err: Error & { code?: number }) => err.code === -32006 && /folder its code came from is not known/.test(err.message),
    );
  });
});
