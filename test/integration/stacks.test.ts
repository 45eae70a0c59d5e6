// Stack files through the bundled service, against the real engine: a file read and planned against what exists,
// problems with their positions, a cache the stack made seen as its own (kept, changed on a new image, removed once
// dropped from the file), and the same names in another folder's stack a conflict, never touched.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ServiceClient } from '../../src/client/serviceClient';
import { stackScope } from '../../src/service/stacks/stackPlan';
import { IMAGES, RUN, containerEvents, docker, removeByNameTag, removeNamed, requireDocker, waitFor } from '../support/docker';
import { applyStack, cleanupLocation, connectedClient, requireBundle, tempLocation } from '../support/service';

const lower = RUN.toLowerCase();

describe('stack files (real engine)', function () {
  this.timeout(120_000);
  const location = tempLocation('stacks');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-stack-'));
  const other = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-stack-other-'));
  const file = path.join(dir, 'fakecloud.yaml');
  let c: ServiceClient;
  const steps = async (f = file) => {
    const res = await c.request('stack/plan', { file: f });
    assert.ok(res.plan, JSON.stringify(res.problems));
    return res.plan.steps.map((s) => `${s.action} ${s.kind} ${s.name}`);
  };

  before(async function () {
    await requireDocker(this);
    requireBundle();
    c = await connectedClient(location, {
      networkMode: 'host',
      redisImage: IMAGES.redis,
      memcachedImage: IMAGES.memcached,
      instanceImage: IMAGES.instance,
      functionImages: { 'nodejs20.x': IMAGES.lambdaNode },
      readinessTimeoutSeconds: 20,
      reconcile: { intervalSeconds: 60, repairFakecloudResources: false },
    });
  });

  after(async () => {
    c?.dispose();
    await cleanupLocation(location);
    await removeNamed(lower);
    await removeByNameTag(lower);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(other, { recursive: true, force: true });
  });

  it('says what is wrong with a file, where', async () => {
    fs.writeFileSync(file, `caches:\n  s-${lower}:\n    engine: valkey\n`);
    const res = await c.request('stack/plan', { file });
    assert.equal(res.plan, undefined);
    assert.deepEqual(
      res.problems?.map((p) => [p.line, p.column]),
      [[3, 13]],
    );
    await assert.rejects(c.request('stack/plan', { file: path.join(dir, 'none.yaml') }), /cannot be read/);
    await assert.rejects(c.request('stack/plan', { file: 'relative.yaml' }), /not an absolute path/);
  });

  it("plans against what exists: its own cache kept, changed on a new image, removed when dropped; another folder's a conflict", async () => {
    const name = `s-${lower}`;
    fs.writeFileSync(file, `name: shop\ncaches:\n  ${name}:\n    image: ${IMAGES.redis}\n`);
    assert.deepEqual(await steps(), [`create cache ${name}`]);
    // Made as an Apply makes it: with the stack's name and its folder's scope.
    await c.request(
      'cache/create',
      { name, engine: 'redis', image: IMAGES.redis, stack: { name: 'shop', scope: stackScope(file) } },
      60_000,
    );
    await waitFor('the cache', () => c.snapshot?.resources.find((r) => r.name === name && r.state === 'running'), 15_000);
    assert.deepEqual(await steps(), [`keep cache ${name}`]);
    fs.writeFileSync(file, `name: shop\ncaches:\n  ${name}:\n    image: ${IMAGES.redis}-healthy\n`);
    const changed = await c.request('stack/plan', { file });
    assert.equal(changed.plan?.steps[0].action, 'change');
    assert.match(changed.text ?? '', new RegExp(`~ cache ${name}: change — image ${IMAGES.redis} → ${IMAGES.redis}-healthy`));
    fs.writeFileSync(file, 'name: shop\n');
    assert.deepEqual(await steps(), [`remove cache ${name}`]);
    // The same stack name in another folder: that cache is not its to touch.
    const elsewhere = path.join(other, 'fakecloud.yaml');
    fs.writeFileSync(elsewhere, `name: shop\ncaches:\n  ${name}: {}\n`);
    const theirs = await c.request('stack/plan', { file: elsewhere });
    assert.deepEqual(
      theirs.plan?.steps.map((s) => [s.action, s.name]),
      [['conflict', name]],
    );
    assert.match(theirs.plan?.steps[0].reason ?? '', /the stack shop of another folder/);
  });

  it('applies a file: each item made with its stack, a conflict reported and untouched; again, nothing to do; a new image updated; a dropped item removed only when asked', async () => {
    const app = path.join(dir, 'app');
    fs.mkdirSync(path.join(app, 'functions', 'orders'), { recursive: true });
    fs.writeFileSync(
      path.join(app, 'functions', 'orders', 'index.mjs'),
      'export const handler = async () => ({ stage: process.env.STAGE });\n',
    );
    fs.writeFileSync(path.join(app, 'init.sh'), 'echo stack-user-data\n');
    const f = path.join(app, 'fakecloud.yaml');
    const outside = `out-${lower}`;
    await c.request('cache/create', { name: outside, engine: 'redis' }, 60_000);
    const items = [
      'caches:',
      `  c-${lower}:`,
      `    image: ${IMAGES.redis}`,
      `  ${outside}: {}`,
      'instances:',
      `  web-${lower}:`,
      '    userDataFile: init.sh',
      '    tags: { team: shop }',
      'functions:',
      `  fn-${lower}:`,
      '    runtime: nodejs20.x',
      '    handler: index.handler',
      '    code: functions/orders',
      '    environment: { STAGE: dev }',
      '    memory: 256',
    ];
    fs.writeFileSync(f, ['name: app', ...items].join('\n') + '\n');
    const first = await applyStack(c, f, false, 180_000);
    assert.deepEqual(
      first.outcomes.map((o) => [o.action, o.kind, o.name, o.result]),
      [
        ['create', 'cache', `c-${lower}`, 'done'],
        ['conflict', 'cache', outside, 'failed'],
        ['create', 'instance', `web-${lower}`, 'done'],
        ['create', 'function', `fn-${lower}`, 'done'],
      ],
      first.text,
    );
    assert.match(first.text, /made outside a stack/);
    const scope = stackScope(f);
    const mine = () => (c.snapshot?.resources ?? []).filter((r) => r.labels['fakecloud-explorer.stack-scope'] === scope);
    await waitFor('all three in the model', () => (mine().length === 3 ? true : undefined), 15_000);
    const fn = mine().find((r) => r.kind === 'function');
    assert.ok(fn);
    assert.deepEqual(JSON.parse((await c.request('function/invoke', { resourceId: fn.id, payload: '{}' }, 30_000)).body), { stage: 'dev' });
    const web = mine().find((r) => r.kind === 'instance');
    assert.ok(web);
    await waitFor(
      'the user data ran',
      async () => ((await c.request('logs/read', { resourceId: web.id, tail: 100 })).text.includes('stack-user-data') ? true : undefined),
      15_000,
      200,
    );
    assert.ok(!c.snapshot?.resources.find((r) => r.name === outside)?.labels['fakecloud-explorer.stack'], 'the conflict is untouched');

    // Again: nothing to do.
    const again = await applyStack(c, f, false, 60_000);
    assert.deepEqual(
      again.outcomes.map((o) => o.result),
      ['kept', 'failed', 'kept', 'kept'],
    );

    // A new image: the health-gated update. The file changed after its plan was shown: that plan is refused.
    const shown = await c.request('stack/plan', { file: f });
    fs.writeFileSync(f, ['name: app', ...items].join('\n').replace(`image: ${IMAGES.redis}\n`, `image: ${IMAGES.redis}-healthy\n`) + '\n');
    await assert.rejects(
      c.request('stack/apply', { file: f, remove: false, digest: shown.digest ?? '' }, 60_000),
      /the plan for fakecloud\.yaml changed since it was shown .*nothing was applied/,
    );
    assert.equal(mine().find((r) => r.kind === 'cache')?.image, IMAGES.redis, 'nothing applied');
    const changed = await applyStack(c, f, false, 120_000);
    assert.deepEqual(changed.outcomes[0], {
      action: 'change',
      kind: 'cache',
      name: `c-${lower}`,
      result: 'done',
      message: `updated to ${IMAGES.redis}-healthy`,
    });

    // Dropped from the file: left unless removal is asked for.
    fs.writeFileSync(
      f,
      ['name: app', ...items.slice(0, 7)].join('\n').replace(`image: ${IMAGES.redis}\n`, `image: ${IMAGES.redis}-healthy\n`) + '\n',
    );
    const kept = await applyStack(c, f, false, 60_000);
    assert.deepEqual(kept.outcomes.at(-1)?.result, 'skipped');
    assert.ok(mine().some((r) => r.kind === 'function'));
    const removed = await applyStack(c, f, true, 60_000);
    assert.deepEqual(removed.outcomes.at(-1), {
      action: 'remove',
      kind: 'function',
      name: `fn-${lower}`,
      result: 'done',
      message: 'removed',
    });
    await waitFor('the function gone', () => (mine().some((r) => r.kind === 'function') ? undefined : true), 15_000);
  });
  it('an image that is not healthy is rolled back, the old container serving the same data; Down keeps the data for the next Apply', async () => {
    const app = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-stack-down-'));
    const f = path.join(app, 'fakecloud.yaml');
    const name = `d-${lower}`;
    const write = (image: string) => fs.writeFileSync(f, `name: down\ncaches:\n  ${name}:\n    image: ${image}\n`);
    const cache = () => c.snapshot?.resources.find((r) => r.kind === 'cache' && r.name === name && r.state === 'running');
    const get = async () =>
      (await c.request('cache/command', { resourceId: (await waitFor('the cache', cache, 15_000)).id, line: 'GET k' })).stdout.trim();
    write(IMAGES.redis);
    assert.equal((await applyStack(c, f, false, 120_000)).outcomes[0].result, 'done');
    const first = await waitFor('the cache', cache, 15_000);
    // Never saved by hand: the update and the Down must each end Redis the way it keeps its data.
    await c.request('cache/command', { resourceId: first.id, line: 'SET k kept' });

    // A build that crashes at start: the update rolls back, the item says so, the old container serves on.
    write(`${IMAGES.redis}-crash`);
    const crashed = await applyStack(c, f, false, 180_000);
    assert.equal(crashed.outcomes[0].result, 'failed', crashed.text);
    assert.match(crashed.outcomes[0].message, /rolled back to/);
    assert.equal((await waitFor('the cache back', cache, 15_000)).image, IMAGES.redis);
    assert.equal(await get(), '"kept"');

    // Down: gone, its data volume kept, with what was written just before; Apply again runs on that volume.
    write(IMAGES.redis);
    // With no save points, Redis keeps nothing on SIGTERM alone: the Down must SAVE first.
    const before = await waitFor('the cache', cache, 15_000);
    await c.request('cache/command', { resourceId: before.id, line: 'CONFIG SET save ""' });
    await c.request('cache/command', { resourceId: before.id, line: 'SET keep:me 1' });
    const events = await containerEvents(name);
    const members = await c.request('stack/members', { file: f });
    assert.deepEqual(
      members.steps.map((st) => [st.kind, st.name]),
      [['cache', name]],
    );
    const down = await c.request('stack/down', { file: f, removeData: false }, 60_000);
    assert.equal(down.outcomes[0].result, 'done', down.text);
    assert.match(down.outcomes[0].message, /data volume fakecloud-explorer-cache-data-.* is kept/);
    await waitFor('the cache gone', () => (c.snapshot?.resources.some((r) => r.name === name) ? undefined : true), 15_000);
    await waitFor('its die event', () => events.list.some((e) => e.startsWith('die')) || undefined, 10_000);
    events.stop();
    assert.deepEqual(events.list, ['kill 15', 'die 0'], 'stopped with SIGTERM, Redis ending by itself: never killed');
    const volume = `fakecloud-explorer-cache-data-${name}`;
    await docker.getVolume(volume).inspect();
    assert.equal((await c.request('stack/members', { file: f })).steps.length, 0, 'nothing of it left');
    const again = await applyStack(c, f, false, 120_000);
    assert.equal(again.outcomes[0].result, 'done', again.text);
    assert.equal(await get(), '"kept"', 'the data found again');
    const again1 = await waitFor('the cache', cache, 15_000);
    assert.equal((await c.request('cache/command', { resourceId: again1.id, line: 'GET keep:me' })).stdout.trim(), '"1"');

    // Down with the data: the volume goes too.
    const all = await c.request('stack/down', { file: f, removeData: true }, 60_000);
    assert.match(all.outcomes[0].message, /removed with its data volume/);
    await assert.rejects(docker.getVolume(volume).inspect(), /no such volume/i);
    fs.rmSync(app, { recursive: true, force: true });
  });

  it('a stack file that reads without end, or names files outside its folder, is answered at once and reads nothing outside', async () => {
    const app = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-stack-hostile-'));
    const f = path.join(app, 'fakecloud.yaml');
    try {
      // A link to a file that stat calls empty and that reads on for gigabytes: the service reads a bounded part.
      fs.symlinkSync('/proc/self/pagemap', f);
      const [plan, members, status] = await Promise.allSettled([
        c.request('stack/plan', { file: f }, 10_000),
        c.request('stack/members', { file: f }, 10_000),
        c.request('service/status', {}, 10_000),
      ]);
      assert.ok(plan.status === 'rejected');
      assert.match(String(plan.reason), /the stack file .* cannot be read/);
      assert.equal(members.status, 'rejected');
      assert.equal(status.status, 'fulfilled', 'the service answers meanwhile');
      fs.unlinkSync(f);
      fs.mkdirSync(path.join(app, '..', `fcx-secret-${lower}`), { recursive: true });
      fs.writeFileSync(path.join(app, '..', `fcx-secret-${lower}`, 'creds'), 'SECRET-VALUE\n');
      fs.symlinkSync(`../fcx-secret-${lower}/creds`, path.join(app, 'creds'));
      fs.writeFileSync(
        f,
        [
          'instances:',
          `  a-${lower}: { userDataFile: /proc/self/environ }`,
          `  b-${lower}: { userDataFile: ../fcx-secret-${lower}/creds }`,
          `  c-${lower}: { userDataFile: creds }`,
          `  d-${lower}: { userDataFile: /proc/self/pagemap }`,
          'functions:',
          `  f-${lower}: { runtime: nodejs20.x, handler: index.handler, code: /etc }`,
          '',
        ].join('\n'),
      );
      const res = await c.request('stack/plan', { file: f });
      assert.equal(res.plan, undefined);
      assert.deepEqual(
        res.problems?.map((p) => [p.line, /outside the stack file’s folder/.test(p.message)]),
        [
          [2, true],
          [3, true],
          [4, true],
          [5, true],
          [7, true],
        ],
      );
      assert.ok(!JSON.stringify(res.problems).includes('SECRET-VALUE'));
    } finally {
      fs.rmSync(path.join(app, '..', `fcx-secret-${lower}`), { recursive: true, force: true });
      fs.rmSync(app, { recursive: true, force: true });
    }
  });

  it('exports what exists, and applying the export after a Down gives the same resources', async () => {
    const app = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-stack-export-'));
    const code = path.join(app, 'fn');
    fs.mkdirSync(code);
    fs.writeFileSync(path.join(code, 'index.mjs'), 'export const handler = async () => ({ stage: process.env.STAGE });\n');
    const cacheName = `x-${lower}`;
    const webName = `xw-${lower}`;
    const fnName = `xf-${lower}`;
    // Clicked together, one by one, outside any stack.
    await c.request('cache/create', { name: cacheName, engine: 'memcached', port: 41977 }, 60_000);
    await c.request(
      'instance/launch',
      { name: webName, tags: { team: 'export' }, userData: { text: 'echo exported-user-data\n' } },
      60_000,
    );
    await c.request(
      'function/deploy',
      { name: fnName, runtime: 'nodejs20.x', handler: 'index.handler', codePath: code, environment: { STAGE: 'exported' }, memory: 256 },
      60_000,
    );
    const exported = await c.request('stack/export', { folder: app });
    const f = path.join(app, 'fakecloud.yaml');
    fs.writeFileSync(f, exported.text);
    assert.match(exported.text, new RegExp(`${cacheName}:\\n\\s+engine: memcached\\n\\s+port: 41977`));
    assert.match(exported.text, /code: \.\/fn/);
    // Their own creates left them outside a stack: the plan says so, and touches none of them.
    const planned = await c.request('stack/plan', { file: f });
    const conflicts = planned.plan?.steps.filter((st) => [cacheName, webName, fnName].includes(st.name)) ?? [];
    assert.deepEqual(
      conflicts.map((st) => st.action),
      ['conflict', 'conflict', 'conflict'],
    );
    // Removed, then made from the export: the same resources.
    const byName = (n: string) => c.snapshot?.resources.find((r) => (r.displayName ?? r.name) === n || r.name === n);
    for (const n of [cacheName, webName, fnName]) {
      const r = await waitFor(n, () => byName(n), 15_000);
      if (r.kind === 'cache') await c.request('cache/delete', { resourceId: r.id });
      else if (r.kind === 'instance') await c.request('instance/terminate', { resourceId: r.id });
      else await c.request('function/delete', { resourceId: r.id });
    }
    await waitFor('all three gone', () => ([cacheName, webName, fnName].some((n) => byName(n)) ? undefined : true), 15_000);
    const applied = await applyStack(c, f, false, 180_000);
    const ours = applied.outcomes.filter((o) => [cacheName, webName, fnName].includes(o.name));
    assert.deepEqual(
      ours.map((o) => o.result),
      ['done', 'done', 'done'],
      applied.text,
    );
    const cache = await waitFor('the cache', () => byName(cacheName), 15_000);
    assert.equal(cache.endpoint?.port, 41977);
    assert.equal(cache.engine, 'memcached');
    const web = await waitFor('the instance', () => byName(webName), 15_000);
    assert.equal(web.labels['fakecloud-explorer.tag.team'], 'export');
    await waitFor(
      'the user data ran again',
      async () =>
        (await c.request('logs/read', { resourceId: web.id, tail: 100 })).text.includes('exported-user-data') ? true : undefined,
      15_000,
      200,
    );
    const fn = await waitFor('the function', () => byName(fnName), 15_000);
    assert.deepEqual(JSON.parse((await c.request('function/invoke', { resourceId: fn.id, payload: '{}' }, 30_000)).body), {
      stage: 'exported',
    });
    await c.request('stack/down', { file: f, removeData: true }, 60_000);
    fs.rmSync(app, { recursive: true, force: true });
  });
});
