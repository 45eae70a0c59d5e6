// Stack files through the bundled service, against the real engine: a file read and planned against what exists,
// problems with their positions, a cache the stack made seen as its own (kept, changed on a new image, removed once
// dropped from the file), and the same names in another folder's stack a conflict, never touched.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ServiceClient } from '../../src/client/serviceClient';
import { stackScope } from '../../src/service/stacks/stackPlan';
import { IMAGES, RUN, removeNamed, requireDocker, waitFor } from '../support/docker';
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
    c = await connectedClient(location, { networkMode: 'host', redisImage: IMAGES.redis, memcachedImage: IMAGES.memcached });
  });

  after(async () => {
    c?.dispose();
    await cleanupLocation(location);
    await removeNamed(lower);
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
});
