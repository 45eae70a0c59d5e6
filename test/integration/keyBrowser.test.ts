// Keys of a real Redis container, page by page through the bundled service (SCAN over a relay in the container):
// counts per database, types and times to live, MATCH with glob characters, binary names, and a cache that stops.
import * as assert from 'node:assert/strict';
import type { ServiceClient } from '../../src/client/serviceClient';
import type { Resource } from '../../src/protocol/model';
import { IMAGES, RUN, createFakecloudContainer, execFileP, removeTestContainers, requireDocker, waitFor } from '../support/docker';
import { cleanupLocation, connectedClient, requireBundle, tempLocation } from '../support/service';

const PORT = 17931;

describe('the key browser (a real Redis container, through the bundled service)', function () {
  this.timeout(120_000);
  const location = tempLocation('keys');
  let c: ServiceClient;
  let cache: Resource;
  let containerId = '';
  const cli = (...args: string[]) =>
    execFileP('docker', ['exec', containerId, 'redis-cli', '-p', String(PORT), ...args], { timeout: 60_000 });

  before(async function () {
    await requireDocker(this);
    requireBundle();
    const ctr = await createFakecloudContainer({
      labels: { 'fakecloud-elasticache': `keys-${RUN.toLowerCase()}` },
      image: IMAGES.redis,
      cmd: ['redis-server', '--port', String(PORT), '--bind', '127.0.0.1'],
      serverPid: process.pid,
    });
    containerId = ctr.id;
    await waitFor('redis up', async () => ((await cli('PING')).stdout.trim() === 'PONG' ? true : undefined), 10_000, 100);
    // 1,500 string keys in db0 (one script), a few of every type, one with a TTL, one binary name; db3 one.
    await cli('EVAL', "for i = 0, 1499 do redis.call('SET', 'user:' .. i, 'v') end return 1", '0');
    await cli('HSET', 'shop:cart:1', 'apples', '3');
    await cli('RPUSH', 'shop:queue', 'a', 'b');
    await cli('SADD', 'shop:tags', 'x');
    await cli('ZADD', 'shop:rank', '1', 'x');
    await cli('XADD', 'shop:events', '*', 'k', 'v');
    await cli('SET', 'session:[1]', 'v', 'PX', '600000');
    // A name that is not UTF-8: "bin", 0xff, 0x00.
    await cli('EVAL', "redis.call('SET', 'bin' .. string.char(255, 0), 'v') return 1", '0');
    await cli('-n', '3', 'SET', 'other', '1');
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

  it('counts keys per database from INFO keyspace', async () => {
    const { dbs } = await c.request('cache/keyspace', { resourceId: cache.id });
    assert.deepEqual(
      dbs.map((d) => [d.db, d.keys]),
      [
        [0, 1507],
        [3, 1],
      ],
    );
  });

  it('pages through every key with SCAN: no key twice, none missed, each page about the size asked', async () => {
    const seen = new Set<string>();
    let cursor = '0';
    let pages = 0;
    do {
      const page = await c.request('cache/keys', { resourceId: cache.id, db: 0, cursor, count: 200 });
      assert.ok(page.keys.length <= 400, `a page of ${page.keys.length}`);
      for (const k of page.keys) seen.add(`${k.binary ? 'b64:' : ''}${k.name}`);
      cursor = page.cursor;
      pages++;
    } while (cursor !== '0');
    assert.equal(seen.size, 1507);
    assert.ok(pages >= 5, `${pages} pages`);
  });

  it('tells each key’s type and time to live; a binary name comes as base64', async () => {
    const bin = await c.request('cache/keys', { resourceId: cache.id, db: 0, cursor: '0', match: 'bin*', count: 1000 });
    assert.deepEqual(bin.keys, [
      { name: Buffer.from([0x62, 0x69, 0x6e, 0xff, 0x00]).toString('base64'), binary: true, type: 'string', ttlMs: -1 },
    ]);
    const page = await c.request('cache/keys', { resourceId: cache.id, db: 0, cursor: '0', match: 'shop:*', count: 1000 });
    const types = Object.fromEntries(page.keys.map((k) => [k.name, k.type]));
    assert.deepEqual(types, {
      'shop:cart:1': 'hash',
      'shop:queue': 'list',
      'shop:tags': 'set',
      'shop:rank': 'zset',
      'shop:events': 'stream',
    });
    const all = await c.request('cache/keys', { resourceId: cache.id, db: 0, cursor: '0', match: 's*', count: 1000 });
    const session = all.keys.find((k) => k.name === 'session:[1]');
    assert.ok(session && session.ttlMs > 500_000 && session.ttlMs <= 600_000, JSON.stringify(session));
    assert.equal(page.keys.find((k) => k.name === 'shop:queue')?.ttlMs, -1);
  });

  it('MATCH with glob characters: a bracket matched literally when escaped', async () => {
    const escaped = await c.request('cache/keys', { resourceId: cache.id, db: 0, cursor: '0', match: 'session:\\[1\\]', count: 1000 });
    assert.deepEqual(
      escaped.keys.map((k) => k.name),
      ['session:[1]'],
    );
    const range = await c.request('cache/keys', { resourceId: cache.id, db: 0, cursor: '0', match: 'user:1[0-1]', count: 1000 });
    assert.deepEqual(range.keys.map((k) => k.name).sort(), ['user:10', 'user:11']);
    const db3 = await c.request('cache/keys', { resourceId: cache.id, db: 3, cursor: '0', count: 10 });
    assert.deepEqual(
      db3.keys.map((k) => k.name),
      ['other'],
    );
  });

  it('opens every type as a document and saves it back as that type, keeping its TTL', async () => {
    const read = (name: string) => c.request('cache/keyRead', { resourceId: cache.id, db: 0, key: { name } });
    const hash = await read('shop:cart:1');
    assert.deepEqual([hash.type, hash.document.language, hash.document.text], ['hash', 'json', '{\n  "apples": "3"\n}\n']);
    await c.request('cache/keyWrite', {
      resourceId: cache.id,
      db: 0,
      key: { name: 'shop:cart:1' },
      text: '{"apples": "4", "pears": "2"}',
      digest: hash.digest,
    });
    assert.equal((await cli('HGET', 'shop:cart:1', 'pears')).stdout.trim(), '2');
    for (const [name, text, check] of [
      ['shop:queue', '["c", "d", "e"]', ['LRANGE', 'shop:queue', '0', '-1']],
      ['shop:tags', '["y", "z"]', ['SMEMBERS', 'shop:tags']],
      ['shop:rank', '[{"member": "top", "score": 9}]', ['ZRANGE', 'shop:rank', '0', '-1', 'WITHSCORES']],
    ] as const) {
      const opened = await read(name);
      await c.request('cache/keyWrite', { resourceId: cache.id, db: 0, key: { name }, text, digest: opened.digest });
      assert.ok((await cli(...check)).stdout.trim().length > 0, name);
    }
    assert.deepEqual((await cli('LRANGE', 'shop:queue', '0', '-1')).stdout.trim().split('\n'), ['c', 'd', 'e']);
    assert.deepEqual((await cli('ZRANGE', 'shop:rank', '0', '-1', 'WITHSCORES')).stdout.trim().split('\n'), ['top', '9']);
    // A string holding JSON: shown and saved as the user's text; its TTL kept.
    await cli('SET', 'conf', '{"a":1}', 'PX', '600000');
    const conf = await read('conf');
    assert.equal(conf.document.text, '{"a":1}');
    await c.request('cache/keyWrite', {
      resourceId: cache.id,
      db: 0,
      key: { name: 'conf' },
      text: '{\n  "a": 2\n}\n',
      digest: conf.digest,
    });
    assert.equal((await cli('GET', 'conf')).stdout, '{\n  "a": 2\n}\n\n');
    assert.ok(Number((await cli('PTTL', 'conf')).stdout.trim()) > 500_000, 'its TTL kept');
  });

  it('a save changes only what the user changed, byte for byte: control bytes, big numbers, repeated keys, infinite scores', async () => {
    const read = (name: string) => c.request('cache/keyRead', { resourceId: cache.id, db: 0, key: { name } });
    const save = async (name: string, edit: (text: string) => string) => {
      const opened = await read(name);
      assert.equal(opened.document.readOnly, undefined, name);
      await c.request('cache/keyWrite', {
        resourceId: cache.id,
        db: 0,
        key: { name },
        text: edit(opened.document.text),
        digest: opened.digest,
      });
    };
    // A hash field with a control byte, and another field edited.
    await cli(
      'EVAL',
      "redis.call('HSET', 'h:ctl', 'raw', 'a' .. string.char(1) .. 'b', 'n', '1', 'big', '12345678901234567890') return 1",
      '0',
    );
    await cli('PEXPIRE', 'h:ctl', '600000');
    await save('h:ctl', (t) => t.replace('"n": "1"', '"n": "2"'));
    // redis-cli without a TTY prints the bytes themselves.
    assert.equal((await cli('HGET', 'h:ctl', 'raw')).stdout, 'a\x01b\n');
    assert.equal((await cli('HGET', 'h:ctl', 'n')).stdout.trim(), '2');
    assert.equal((await cli('HGET', 'h:ctl', 'big')).stdout.trim(), '12345678901234567890');
    assert.ok(Number((await cli('PTTL', 'h:ctl')).stdout.trim()) > 500_000, 'its TTL kept');
    // A JSON string: precision, spacing and a repeated key are the user's, edited elsewhere.
    const json = '{"id": 12345678901234567890,  "a": 1, "a": 2, "note": "x"}';
    await cli('SET', 'j', json);
    await save('j', (t) => t.replace('"x"', '"y"'));
    assert.equal((await cli('GET', 'j')).stdout.trim(), json.replace('"x"', '"y"'));
    // A sorted set with infinite scores: shown, and another member's score changed.
    await cli('ZADD', 'z:inf', '-inf', 'bottom', '1', 'mid', '+inf', 'top');
    const z = await read('z:inf');
    assert.deepEqual(JSON.parse(z.document.text), [
      { member: 'bottom', score: '-inf' },
      { member: 'mid', score: 1 },
      { member: 'top', score: 'inf' },
    ]);
    await save('z:inf', (t) => t.replace('"score": 1', '"score": 5'));
    assert.deepEqual((await cli('ZRANGE', 'z:inf', '0', '-1', 'WITHSCORES')).stdout.trim().split('\n'), [
      'bottom',
      '-inf',
      'mid',
      '5',
      'top',
      'inf',
    ]);
  });

  it('a save over the limits says which, and the service goes on: 9 MB (the save limit) and 17 MB (one request)', async () => {
    const opened = await c.request('cache/keyRead', { resourceId: cache.id, db: 0, key: { name: 'conf' } });
    const write = (mb: number) =>
      c.request('cache/keyWrite', {
        resourceId: cache.id,
        db: 0,
        key: { name: 'conf' },
        text: 'x'.repeat(mb * 1024 * 1024),
        digest: opened.digest,
      });
    await assert.rejects(write(9), /at most 8 MB is saved from the editor/);
    await assert.rejects(
      write(17),
      /cache\/keyWrite: the request is 17\.0 MB, more than the 16\.0 MB the service takes in one request; nothing was sent/,
    );
    assert.equal(c.state, 'connected');
    assert.equal(
      (await c.request('cache/keyRead', { resourceId: cache.id, db: 0, key: { name: 'conf' } })).digest,
      opened.digest,
      'nothing written',
    );
  });

  it('refuses a save when the key changed since it was opened, and changes nothing', async () => {
    const opened = await c.request('cache/keyRead', { resourceId: cache.id, db: 0, key: { name: 'shop:cart:1' } });
    await cli('HSET', 'shop:cart:1', 'plums', '7');
    await assert.rejects(
      c.request('cache/keyWrite', {
        resourceId: cache.id,
        db: 0,
        key: { name: 'shop:cart:1' },
        text: '{"apples": "0"}',
        digest: opened.digest,
      }),
      /changed since it was opened: nothing was saved/,
    );
    assert.equal((await cli('HGET', 'shop:cart:1', 'plums')).stdout.trim(), '7');
  });

  it('a value that is not UTF-8 opens read-only; a stream read-only; a string too large is refused with its size', async () => {
    const bin = await c.request('cache/keyRead', {
      resourceId: cache.id,
      db: 0,
      key: { name: Buffer.from([0x62, 0x69, 0x6e, 0xff, 0x00]).toString('base64'), binary: true },
    });
    assert.equal(bin.document.text, 'v');
    await cli('EVAL', "redis.call('SET', 'blob', 'a' .. string.char(255, 0)) return 1", '0');
    const blob = await c.request('cache/keyRead', { resourceId: cache.id, db: 0, key: { name: 'blob' } });
    assert.equal(blob.document.text, 'a\\xff\\x00');
    assert.match(blob.document.readOnly ?? '', /not UTF-8/);
    await assert.rejects(
      c.request('cache/keyWrite', { resourceId: cache.id, db: 0, key: { name: 'blob' }, text: 'x', digest: blob.digest }),
      /cannot be saved from the editor/,
    );
    const stream = await c.request('cache/keyRead', { resourceId: cache.id, db: 0, key: { name: 'shop:events' } });
    assert.match(stream.document.readOnly ?? '', /XADD/);
    await cli('SETRANGE', 'big', '6000000', 'x');
    await assert.rejects(
      c.request('cache/keyRead', { resourceId: cache.id, db: 0, key: { name: 'big' } }),
      /holds 5\.7 MB; strings up to 5 MB are opened/,
    );
  });

  it('New Key makes each type (with a TTL), and refuses a name that is taken, changing nothing', async () => {
    const docs: [string, string, string][] = [
      ['string', 'new:s', 'hello'],
      ['hash', 'new:h', '{"a": "1", "b": 2}'],
      ['list', 'new:l', '["x", "y"]'],
      ['set', 'new:set', '["m"]'],
      ['zset', 'new:z', '[{"member": "top", "score": 9}]'],
      ['stream', 'new:x', '{"event": "signup"}'],
    ];
    for (const [type, key, text] of docs)
      await c.request('cache/keyCreate', { resourceId: cache.id, db: 0, key, type: type as 'string', text, ttlSeconds: 600 });
    assert.equal((await cli('GET', 'new:s')).stdout.trim(), 'hello');
    assert.equal((await cli('HGET', 'new:h', 'b')).stdout.trim(), '2');
    assert.equal((await cli('LRANGE', 'new:l', '0', '-1')).stdout.trim(), 'x\ny');
    assert.equal((await cli('ZSCORE', 'new:z', 'top')).stdout.trim(), '9');
    assert.match((await cli('XRANGE', 'new:x', '-', '+')).stdout, /signup/);
    for (const [type, key] of docs) {
      assert.equal((await cli('TYPE', key)).stdout.trim(), type);
      const ttl = Number((await cli('TTL', key)).stdout.trim());
      assert.ok(ttl > 590 && ttl <= 600, `${key} ttl ${ttl}`);
    }
    await assert.rejects(
      c.request('cache/keyCreate', { resourceId: cache.id, db: 0, key: 'new:s', type: 'hash', text: '{"x": "y"}' }),
      /new:s already exists in db0: nothing was changed/,
    );
    assert.equal((await cli('GET', 'new:s')).stdout.trim(), 'hello', 'the old value stands');
    await assert.rejects(
      c.request('cache/keyCreate', { resourceId: cache.id, db: 0, key: 'new:empty', type: 'hash', text: '{}' }),
      /needs at least one field/,
    );
    assert.equal((await cli('EXISTS', 'new:empty')).stdout.trim(), '0');
  });

  it('Rename refuses a name that is taken; Set TTL and Persist change the expiry; MEMORY USAGE on request', async () => {
    await cli('SET', 'ren:a', 'A');
    await cli('SET', 'ren:b', 'B');
    await assert.rejects(
      c.request('cache/keyRename', { resourceId: cache.id, db: 0, key: { name: 'ren:a' }, to: 'ren:b' }),
      /already a key ren:b in db0: ren:a was not renamed/,
    );
    assert.equal((await cli('GET', 'ren:b')).stdout.trim(), 'B', 'nothing overwritten');
    await c.request('cache/keyRename', { resourceId: cache.id, db: 0, key: { name: 'ren:a' }, to: 'ren:c' });
    assert.equal((await cli('GET', 'ren:c')).stdout.trim(), 'A');
    assert.equal((await cli('EXISTS', 'ren:a')).stdout.trim(), '0');
    await assert.rejects(
      c.request('cache/keyRename', { resourceId: cache.id, db: 0, key: { name: 'ren:gone' }, to: 'x' }),
      /ren:gone no longer exists/,
    );
    const set = await c.request('cache/keyExpire', { resourceId: cache.id, db: 0, key: { name: 'ren:c' }, ttlSeconds: 120 });
    assert.ok(set.ttlMs > 110_000 && set.ttlMs <= 120_000, `${set.ttlMs}`);
    const kept = await c.request('cache/keyExpire', { resourceId: cache.id, db: 0, key: { name: 'ren:c' }, ttlSeconds: 0 });
    assert.equal(kept.ttlMs, -1);
    assert.equal((await cli('TTL', 'ren:c')).stdout.trim(), '-1');
    await cli('SET', 'big', 'x'.repeat(10_000));
    const { bytes } = await c.request('cache/keyMemory', { resourceId: cache.id, db: 0, key: { name: 'big' } });
    assert.ok(bytes >= 10_000 && bytes < 20_000, `${bytes} bytes`);
    await c.request('cache/keysDelete', { resourceId: cache.id, db: 0, keys: [{ name: 'big' }, { name: 'ren:b' }] });
    assert.equal((await cli('EXISTS', 'big', 'ren:b')).stdout.trim(), '0');
  });

  it('deletes by pattern in SCAN + UNLINK batches: counted first, only the matching keys go, a literal [ honoured', async () => {
    await cli('EVAL', "for i = 0, 2499 do redis.call('SET', 'tmp:' .. i, 'v') end return 1", '0');
    await cli('SET', 'tmp[x]', 'kept');
    const before = Number((await cli('DBSIZE')).stdout.trim());
    const { count } = await c.request('cache/keysCount', { resourceId: cache.id, db: 0, match: 'tmp:*' });
    assert.equal(count, 2500);
    const res = await c.request('cache/keysDeleteMatching', { resourceId: cache.id, db: 0, match: 'tmp:*' });
    assert.equal(res.deleted, 2500);
    assert.ok(res.batches >= 2, `${res.batches} batches`);
    assert.equal(Number((await cli('DBSIZE')).stdout.trim()), before - 2500, 'nothing else went');
    assert.equal((await c.request('cache/keysCount', { resourceId: cache.id, db: 0, match: 'tmp\\[x]' })).count, 1);
    assert.equal((await cli('GET', 'tmp[x]')).stdout.trim(), 'kept');
    await assert.rejects(c.request('cache/keysDeleteMatching', { resourceId: cache.id, db: 0, match: '' }), /a pattern is needed/);
  });

  it('an expanded database is watched: a key written by the app is told at once, where notifications are on', async () => {
    await cli('CONFIG', 'SET', 'notify-keyspace-events', '');
    const off = await c.request('cache/watchKeys', { resourceId: cache.id, db: 0, watch: true });
    assert.equal(off.live, false);
    assert.match(off.reason ?? '', /notifications off/);
    await cli('CONFIG', 'SET', 'notify-keyspace-events', 'KA');
    const told: { resourceId: string; db: number }[] = [];
    const sub = c.on('cache/keysChanged', (p) => told.push(p));
    try {
      assert.deepEqual(await c.request('cache/watchKeys', { resourceId: cache.id, db: 0, watch: true }), { live: true });
      // A burst of writes is told once or twice, not fifty times.
      await cli('EVAL', "for i = 0, 49 do redis.call('SET', 'live:' .. i, 'v') end return 1", '0');
      await waitFor('told of the change', () => (told.length ? true : undefined), 5_000, 50);
      await new Promise((r) => setTimeout(r, 700));
      assert.ok(told.length <= 2, `${told.length} notices`);
      assert.deepEqual(told[0], { resourceId: cache.id, db: 0 });
      // Another database's changes are not this one's.
      const before = told.length;
      await cli('-n', '3', 'SET', 'elsewhere', '1');
      await new Promise((r) => setTimeout(r, 700));
      assert.equal(told.length, before);
      await c.request('cache/watchKeys', { resourceId: cache.id, db: 0, watch: false });
      await cli('SET', 'live:after', 'v');
      await new Promise((r) => setTimeout(r, 700));
      assert.equal(told.length, before, 'nothing after it is folded');
    } finally {
      sub.dispose();
      await cli('CONFIG', 'SET', 'notify-keyspace-events', '');
    }
  });

  it('a 1,000,000-key database pages without loading it all: a first page of about 200, the scan going on', async function () {
    this.timeout(180_000);
    // In db5, so the other tests' counts stand; a million SETs in ten scripts.
    for (let b = 0; b < 10; b++)
      await cli(
        '-n',
        '5',
        'EVAL',
        `for i = ${b * 100_000}, ${b * 100_000 + 99_999} do redis.call('SET', 'k:' .. i, 'v') end return 1`,
        '0',
      );
    try {
      const { dbs } = await c.request('cache/keyspace', { resourceId: cache.id });
      assert.equal(dbs.find((d) => d.db === 5)?.keys, 1_000_000);
      const t = performance.now();
      const page = await c.request('cache/keys', { resourceId: cache.id, db: 5, cursor: '0', count: 200 });
      const took = performance.now() - t;
      assert.ok(page.keys.length >= 200 && page.keys.length <= 400, `${page.keys.length} keys`);
      assert.notEqual(page.cursor, '0', 'the scan goes on');
      assert.ok(page.scans <= 3, `${page.scans} SCAN calls`);
      assert.ok(page.keys.every((k) => k.type === 'string' && /^k:\d+$/.test(k.name)));
      // The next page goes on from the cursor: no key of the first again.
      const next = await c.request('cache/keys', { resourceId: cache.id, db: 5, cursor: page.cursor, count: 200 });
      const first = new Set(page.keys.map((k) => k.name));
      assert.ok(next.keys.length > 0 && next.keys.every((k) => !first.has(k.name)));
      // A filter that matches one key in a million ends its page at the scan limit, with the cursor to go on from.
      const rare = await c.request('cache/keys', { resourceId: cache.id, db: 5, cursor: '0', match: 'k:999999', count: 200 });
      assert.ok(rare.scans <= 100, `${rare.scans} scans`);
      assert.ok(rare.cursor !== '0' || rare.keys.length === 1);
      console.log(`      first page of ${page.keys.length} keys (types and TTLs) from 1,000,000 in ${took.toFixed(0)} ms`);
    } finally {
      await cli('-n', '5', 'FLUSHDB');
    }
  });

  it('an image without nc (as Debian-based ones are) is browsed through bash instead, leaving no process behind', async () => {
    const port = PORT + 1;
    const other = await createFakecloudContainer({
      labels: { 'fakecloud-elasticache': `nonc-${RUN.toLowerCase()}` },
      image: IMAGES.redisNoNc,
      cmd: ['redis-server', '--port', String(port), '--bind', '127.0.0.1'],
      serverPid: process.pid,
    });
    const ocli = (...args: string[]) =>
      execFileP('docker', ['exec', other.id, 'redis-cli', '-p', String(port), ...args], { timeout: 30_000 });
    await waitFor(
      'redis up',
      async () => ((await ocli('PING').catch(() => ({ stdout: '' }))).stdout.trim() === 'PONG' ? true : undefined),
      10_000,
      100,
    );
    await ocli('HSET', 'deb:h', 'f', 'v');
    const r = await waitFor(
      'it in the model',
      () => c.snapshot?.resources.find((x) => x.containerId === other.id && x.state === 'running'),
      10_000,
    );
    const page = await c.request('cache/keys', { resourceId: r.id, db: 0, cursor: '0' });
    assert.deepEqual(page.keys, [{ name: 'deb:h', type: 'hash', ttlMs: -1 }]);
    const opened = await c.request('cache/keyRead', { resourceId: r.id, db: 0, key: { name: 'deb:h' } });
    await c.request('cache/keyWrite', { resourceId: r.id, db: 0, key: { name: 'deb:h' }, text: '{"f": "w"}', digest: opened.digest });
    assert.equal((await ocli('HGET', 'deb:h', 'f')).stdout.trim(), 'w');
    // Watching opens a second relay; unwatching closes it, and its reader with it.
    await ocli('CONFIG', 'SET', 'notify-keyspace-events', 'KA');
    assert.equal((await c.request('cache/watchKeys', { resourceId: r.id, db: 0, watch: true })).live, true);
    await c.request('cache/watchKeys', { resourceId: r.id, db: 0, watch: false });
    await waitFor(
      'the watcher’s connection gone, the browser’s left',
      async () => ((await ocli('CLIENT', 'LIST')).stdout.trim().split('\n').length <= 2 ? true : undefined),
      5_000,
      100,
    );
  });

  it('a cache that stops mid-browse gives a clear error', async () => {
    await execFileP('docker', ['stop', '-t', '1', containerId]);
    await waitFor('stopped in the model', () => c.snapshot?.resources.find((r) => r.id === cache.id && r.state === 'exited'), 10_000);
    await assert.rejects(c.request('cache/keys', { resourceId: cache.id, db: 0, cursor: '0' }), /is not running \(exited\)/);
  });
});
