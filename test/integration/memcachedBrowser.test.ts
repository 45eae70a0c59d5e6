// What is inside a real memcached container, through the bundled service (a relay in the container, nothing
// listening on the host): stats, get/set/delete by key with exact bytes, its items page by page from the
// crawler's dump, and clear refusals. What the service wrote is checked on memcached's own port, as a client would.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import type { ServiceClient } from '../../src/client/serviceClient';
import type { MemcachedItemPage } from '../../src/protocol/memcached';
import type { Resource } from '../../src/protocol/model';
import { IMAGES, RUN, createFakecloudContainer, removeTestContainers, requireDocker, waitFor } from '../support/docker';
import { cleanupLocation, connectedClient, requireBundle, tempLocation } from '../support/service';

const PORT = 17941;

/** One request to memcached's port on loopback; answers what came back once it ends with `until`. */
function direct(request: string, until: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(PORT, '127.0.0.1');
    let got = '';
    const timer = setTimeout(() => (s.destroy(), reject(new Error(`no answer to ${request.trim()}`))), 5_000);
    s.on('data', (d) => {
      got += d.toString('latin1');
      if (until.test(got)) {
        clearTimeout(timer);
        s.end();
        resolve(got);
      }
    });
    s.on('error', reject);
    s.write(Buffer.from(request, 'latin1'));
  });
}

describe('memcached contents (a real memcached container, through the bundled service)', function () {
  this.timeout(120_000);
  const location = tempLocation('memcached');
  let c: ServiceClient;
  let cache: Resource;
  let containerId = '';

  before(async function () {
    await requireDocker(this);
    requireBundle();
    const ctr = await createFakecloudContainer({
      labels: { 'fakecloud-elasticache': `mc-${RUN.toLowerCase()}` },
      image: IMAGES.memcached,
      cmd: ['memcached', '-p', String(PORT), '-l', '127.0.0.1'],
      serverPid: process.pid,
    });
    containerId = ctr.id;
    await waitFor(
      'memcached up',
      async () => ((await direct('version\r\n', /\r\n/).catch(() => '')).startsWith('VERSION') ? true : undefined),
      10_000,
      100,
    );
    // 450 items: more than two pages of 200.
    let batch = '';
    for (let i = 0; i < 450; i++) batch += `set item:${i} 0 0 1 noreply\r\nv\r\n`;
    await direct(`${batch}version\r\n`, /VERSION/);
    c = await connectedClient(location, {});
    cache = await waitFor(
      'the cache in the model',
      () => c.snapshot?.resources.find((r) => r.containerId === containerId && r.state === 'running'),
      10_000,
    );
  });

  after(async () => {
    c?.dispose();
    await cleanupLocation(location);
    await removeTestContainers();
  });

  it('stats: version, items, memory, hits and misses as memcached counts them', async () => {
    await direct('get item:1 nothing-here\r\n', /END\r\n/);
    const s = await c.request('memcached/stats', { resourceId: cache.id });
    assert.match(s.version, /^1\.6\./);
    assert.equal(s.items, 450);
    assert.ok(s.bytes > 0 && s.limitBytes >= 64 * 1024 * 1024, `${s.bytes} of ${s.limitBytes}`);
    assert.ok(s.hits >= 1 && s.misses >= 1, `${s.hits} hits, ${s.misses} misses`);
    assert.equal(s.all.curr_items, '450');
  });

  it('set, get and delete by key: the exact bytes (CRLF inside), the TTL, a missing key said so', async () => {
    await c.request('memcached/set', { resourceId: cache.id, key: 'note', value: 'line one\r\nline two', ttlSeconds: 300 });
    assert.equal(await direct('get note\r\n', /END\r\n/), 'VALUE note 0 18\r\nline one\r\nline two\r\nEND\r\n');
    const v = await c.request('memcached/get', { resourceId: cache.id, key: 'note' });
    assert.deepEqual(v, { found: true, text: 'line one\r\nline two', flags: 0, bytes: 18 });
    const dump = await direct('lru_crawler metadump all\r\n', /END\r\n/);
    const exp = Number(/key=note exp=(\d+)/.exec(dump)?.[1]);
    assert.ok(exp - Date.now() / 1000 > 290, `expires at ${exp}`);
    await direct('set raw 7 0 3\r\n\xff\x00a\r\n', /STORED/);
    const raw = await c.request('memcached/get', { resourceId: cache.id, key: 'raw' });
    assert.deepEqual(raw, { found: true, text: '\\xff\\x00a', flags: 7, bytes: 3, binary: true });
    assert.deepEqual(await c.request('memcached/delete', { resourceId: cache.id, key: 'note' }), { deleted: true });
    assert.deepEqual(await c.request('memcached/delete', { resourceId: cache.id, key: 'note' }), { deleted: false });
    assert.deepEqual(await c.request('memcached/get', { resourceId: cache.id, key: 'note' }), { found: false });
    await assert.rejects(c.request('memcached/get', { resourceId: cache.id, key: 'has space' }), /no spaces/);
    await assert.rejects(c.request('memcached/set', { resourceId: cache.id, key: 'x'.repeat(251), value: 'v' }), /250 bytes/);
  });

  it('lists its items page by page from the crawler: each once, the last page without a next', async () => {
    const seen = new Set<string>();
    let offset: number | undefined = 0;
    let pages = 0;
    while (offset !== undefined) {
      const page: MemcachedItemPage = await c.request('memcached/items', { resourceId: cache.id, offset, count: 200 });
      assert.equal(page.unsupported, undefined);
      for (const it of page.items) {
        assert.ok(!seen.has(it.key), `${it.key} twice`);
        seen.add(it.key);
        if (it.key.startsWith('item:')) assert.equal(it.size > 0 && it.expiresAt, -1);
      }
      offset = page.next;
      pages++;
    }
    assert.ok(
      [...Array(450).keys()].every((i) => seen.has(`item:${i}`)),
      'every item',
    );
    assert.equal(pages, 3);
  });

  it('a cache that stopped is refused clearly', async () => {
    await ctrStop(containerId);
    await waitFor('stopped in the model', () => c.snapshot?.resources.find((r) => r.id === cache.id && r.state !== 'running'), 15_000);
    await assert.rejects(c.request('memcached/stats', { resourceId: cache.id }), /is not running/);
  });
});

async function ctrStop(id: string): Promise<void> {
  const { execFileP } = await import('../support/docker');
  await execFileP('docker', ['stop', '-t', '1', id], { timeout: 30_000 });
}
