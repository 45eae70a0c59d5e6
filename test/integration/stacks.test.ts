// Stack files through the bundled service, against the real engine: a file read and planned against what exists,
// problems with their positions, a cache the stack made seen as its own (kept, changed on a new image, removed once
// dropped from the file), and the same names in another folder's stack a conflict, never touched.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ServiceClient } from '../../src/client/serviceClient';
import { stackScope } from '../../src/service/stacks/stackPlan';
import { IMAGES, RUN, removeByNameTag, removeNamed, requireDocker, waitFor } from '../support/docker';
import { cleanupLocation, connectedClient, requireBundle, tempLocation } from '../support/service';

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
    const first = await c.request('stack/apply', { file: f, remove: false }, 180_000);
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
    const again = await c.request('stack/apply', { file: f, remove: false }, 60_000);
    assert.deepEqual(
      again.outcomes.map((o) => o.result),
      ['kept', 'failed', 'kept', 'kept'],
    );

    // A new image: the health-gated update.
    fs.writeFileSync(f, ['name: app', ...items].join('\n').replace(`image: ${IMAGES.redis}\n`, `image: ${IMAGES.redis}-healthy\n`) + '\n');
    const changed = await c.request('stack/apply', { file: f, remove: false }, 120_000);
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
    const kept = await c.request('stack/apply', { file: f, remove: false }, 60_000);
    assert.deepEqual(kept.outcomes.at(-1)?.result, 'skipped');
    assert.ok(mine().some((r) => r.kind === 'function'));
    const removed = await c.request('stack/apply', { file: f, remove: true }, 60_000);
    assert.deepEqual(removed.outcomes.at(-1), {
      action: 'remove',
      kind: 'function',
      name: `fn-${lower}`,
      result: 'done',
      message: 'removed',
    });
    await waitFor('the function gone', () => (mine().some((r) => r.kind === 'function') ? undefined : true), 15_000);
  });
});
