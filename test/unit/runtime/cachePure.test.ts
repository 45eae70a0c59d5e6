import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { suggestCacheName, validateCacheName } from '../../../src/protocol/cacheName';
import { StreamDemuxer } from '../../../src/service/backends/docker/streamDemux';
import { frame } from '../../support/dockerFrames';
import { Readable, Writable } from 'node:stream';
import * as tarStream from 'tar-stream';
import { extractFirstFile, singleFileTar } from '../../../src/service/backends/docker/archives';
import { cacheContainerOptions, cacheVolumeName, type CacheSpec } from '../../../src/service/runtime/caches/cacheSpec';
import { configReply, integerReply } from '../../../src/service/runtime/caches/resp';
import { rdbHeaderProblem } from '../../../src/service/runtime/caches/rdbFile';
import { quoteRedisLine } from '../../../src/service/runtime/caches/redisQuote';
import { stripTiming } from '../../../src/service/runtime/caches/redisCliSession';
import { redisLineProblem, streamingCommandOf, TokenizeError, tokenizeRedisLine } from '../../../src/protocol/redisTokenize';
import { memcachedVersionReadiness, redisPingReadiness } from '../../../src/service/runtime/caches/resp';
import { DesiredStateStore } from '../../../src/service/store/desiredState';
import { ResourceLocks } from '../../../src/service/support/resourceLocks';

describe('cache name validation (ElastiCache cluster id)', () => {
  it('accepts valid ids', () => {
    for (const ok of ['a', 'orders-cache', 'Cache1', 'a-b-c', 'x'.repeat(40)]) assert.equal(validateCacheName(ok), undefined, ok);
  });
  it('says why an id is refused', () => {
    assert.match(validateCacheName('')!, /Enter a name/);
    assert.match(validateCacheName('1abc')!, /Start with a letter/);
    assert.match(validateCacheName('-abc')!, /Start with a letter/);
    assert.match(validateCacheName('ab_c')!, /not "_"/);
    assert.match(validateCacheName('ab c')!, /not " "/);
    assert.match(validateCacheName('ab--c')!, /two hyphens/);
    assert.match(validateCacheName('abc-')!, /end with a hyphen/);
    assert.match(validateCacheName('x'.repeat(41))!, /At most 40 characters \(this is 41\)/);
  });
});

describe('the name a restore suggests', () => {
  it('the snapshot’s cache name without its time, then -restored, numbered when taken', () => {
    const none = new Set<string>();
    assert.equal(suggestCacheName('orders-2026-11-28T12-00-03Z.rdb', none), 'orders-restored');
    assert.equal(suggestCacheName('orders-2026-11-28T12-00-03Z.rdb', new Set(['orders-restored'])), 'orders-restored-2');
    assert.equal(suggestCacheName('dump.rdb', none), 'dump-restored');
    assert.equal(suggestCacheName('2026 backup (final).rdb', none), 'backup-final-restored');
    assert.equal(suggestCacheName('.rdb', none), 'cache-restored');
    const long = suggestCacheName(`${'x'.repeat(60)}.rdb`, none);
    assert.equal(long.length, 40);
    assert.equal(validateCacheName(long), undefined);
  });
});

describe('a Redis line as it is typed', () => {
  it('says what is wrong before it is sent; a good line has nothing to say', () => {
    assert.equal(redisLineProblem('SET greeting "hello world"'), undefined);
    assert.equal(redisLineProblem(''), undefined);
    assert.match(redisLineProblem('SET greeting "half') ?? '', /unbalanced double quotes/);
    assert.match(redisLineProblem("GET 'x") ?? '', /unbalanced single quotes/);
  });
  it('knows the commands that stream until stopped, however they are written', () => {
    assert.equal(streamingCommandOf('subscribe news'), 'SUBSCRIBE');
    assert.equal(streamingCommandOf('  MONITOR'), 'MONITOR');
    assert.equal(streamingCommandOf('GET subscribe'), undefined);
    assert.equal(streamingCommandOf('SUBSCRIBE "half'), undefined, 'a line that does not parse is not sent anyway');
  });
});

describe('redis-cli tokenizer', () => {
  const t = tokenizeRedisLine;
  it('splits on blanks and keeps quoted blanks', () => {
    assert.deepEqual(t('SET key value'), ['SET', 'key', 'value']);
    assert.deepEqual(t('  SET   "a key"  \'two words\' '), ['SET', 'a key', 'two words']);
    assert.deepEqual(t(''), []);
    assert.deepEqual(t('SET k ""'), ['SET', 'k', '']);
  });
  it('handles escapes as redis-cli does', () => {
    assert.deepEqual(t('SET k "a\\nb\\t\\"c\\\\"'), ['SET', 'k', 'a\nb\t"c\\']);
    assert.deepEqual(t('SET k "\\x41\\x42"'), ['SET', 'k', 'AB']);
    assert.deepEqual(t("SET k 'it\\'s'"), ['SET', 'k', "it's"]);
    assert.deepEqual(t("SET k 'no\\nescape'"), ['SET', 'k', 'no\\nescape']);
  });
  it('refuses unbalanced quotes and text glued to a closing quote', () => {
    assert.throws(
      () => t('SET k "open'),
      (e: Error) => e instanceof TokenizeError && /unbalanced double quotes/.test(e.message),
    );
    assert.throws(() => t("SET k 'open"), /unbalanced single quotes/);
    assert.throws(() => t('SET k "a"b'), /closing quote must be followed by a space/);
  });
});

describe('Docker stream demultiplexer', () => {
  it('splits stdout and stderr frames, across any chunk boundary', () => {
    const all = Buffer.concat([frame('stdout', 'hello\n'), frame('stderr', 'oops\n'), frame('stdout', 'é')]);
    for (let cut = 1; cut < all.length; cut++) {
      const d = new StreamDemuxer();
      const frames = [...d.push(all.subarray(0, cut)), ...d.push(all.subarray(cut))];
      assert.deepEqual(
        frames.map((f) => [f.stream, f.data.toString()]),
        [
          ['stdout', 'hello\n'],
          ['stderr', 'oops\n'],
          ['stdout', 'é'],
        ],
        `cut ${cut}`,
      );
      assert.equal(d.leftover, 0);
    }
  });
});

describe('single-file tar', () => {
  /** A sink that keeps what it is given. */
  function collect(): { sink: Writable; bytes: () => Buffer } {
    const parts: Buffer[] = [];
    const sink = new Writable({ write: (c: Buffer, _e, done) => (parts.push(c), done()) });
    return { sink, bytes: () => Buffer.concat(parts) };
  }
  async function bytesOf(r: Readable): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const c of r) parts.push(c as Buffer);
    return Buffer.concat(parts);
  }
  /** The tar cut into 37-byte pieces, as a socket may hand it over. */
  function inPieces(tar: Buffer): Readable {
    const pieces: Buffer[] = [];
    for (let i = 0; i < tar.length; i += 37) pieces.push(tar.subarray(i, i + 37));
    return Readable.from(pieces);
  }

  it('round-trips a file through header, content and trailer, in small pieces', async () => {
    const content = Buffer.from('REDIS0011' + 'x'.repeat(1000));
    const tar = await bytesOf(singleFileTar('dump.rdb', content.length, Readable.from([content])));
    assert.equal(tar.length % 512, 0);
    const out = collect();
    const entry = await extractFirstFile(inPieces(tar), out.sink);
    assert.deepEqual(out.bytes(), content);
    assert.deepEqual(entry, { name: 'dump.rdb', size: content.length });
  });
  it('reads a PAX header before the file, as Docker may send one, and skips a directory', async () => {
    const pack = tarStream.pack();
    const content = Buffer.from('REDIS0011abc');
    const long = `${'d'.repeat(200)}.rdb`;
    pack.entry({ name: 'data/', type: 'directory' });
    pack.entry({ name: long, size: content.length }, content);
    pack.finalize();
    const tar = await bytesOf(Readable.from(pack));
    assert.match(tar.subarray(0, 4096).toString('latin1'), /path=d{200}\.rdb/);
    const out = collect();
    assert.deepEqual(await extractFirstFile(inPieces(tar), out.sink), { name: long, size: content.length });
    assert.deepEqual(out.bytes(), content);
  });
  it('refuses a source whose size is not the one announced', async () => {
    await assert.rejects(
      bytesOf(singleFileTar('dump.rdb', 10, Readable.from([Buffer.from('short')]))),
      /changed while it was copied \(5 of 10 bytes\)/,
    );
  });
  it('says so when there is no regular file, or it is cut short', async () => {
    const pack = tarStream.pack();
    pack.entry({ name: 'lib/', type: 'directory' });
    pack.finalize();
    await assert.rejects(extractFirstFile(Readable.from(pack), collect().sink, '/data/dump.rdb'), /\/data\/dump.rdb is not a regular file/);
    const whole = await bytesOf(singleFileTar('f', 2000, Readable.from([Buffer.alloc(2000, 1)])));
    await assert.rejects(
      extractFirstFile(Readable.from([whole.subarray(0, 1024)]), collect().sink, 'f'),
      /f was cut short|unexpected end/i,
    );
  });
});

describe('cache container spec', () => {
  const base: CacheSpec = {
    name: 'Orders',
    engine: 'redis',
    image: 'redis:7-alpine',
    networkMode: 'bridge',
    volume: cacheVolumeName('Orders'),
    createdAt: 'now',
  };
  it('bridge: publishes the engine port on loopback with our labels and the data volume', () => {
    const o = cacheContainerOptions(base);
    assert.equal(o.name, 'fakecloud-explorer-cache-orders');
    assert.deepEqual(o.publish, [{ containerPort: 6379, hostIp: '127.0.0.1' }]);
    assert.deepEqual(o.mounts, [{ volume: 'fakecloud-explorer-cache-data-orders', target: '/data' }]);
    assert.equal(o.cmd, undefined, 'the image default command, as fakecloud runs it');
    assert.deepEqual(o.labels, {
      'fakecloud-elasticache': 'Orders',
      'fakecloud-managed-by': 'fakecloud-explorer',
      'fakecloud-explorer.engine': 'redis',
    });
    assert.equal('fakecloud-instance' in o.labels, false, 'never the label a fakecloud reaper removes by');
  });
  it('host: the engine on its own loopback port, which the labels record', () => {
    const o = cacheContainerOptions({ ...base, networkMode: 'host', port: 17500 });
    assert.deepEqual(o.cmd, ['redis-server', '--port', '17500', '--bind', '127.0.0.1', '--dir', '/data']);
    assert.deepEqual(o.publish, []);
    assert.equal(o.labels['fakecloud-explorer.port'], '17500');
    const m = cacheContainerOptions({
      name: 'm',
      engine: 'memcached',
      image: 'memcached:1.6-alpine',
      networkMode: 'host',
      port: 17501,
      createdAt: 'now',
    });
    assert.deepEqual(m.cmd, ['memcached', '-p', '17501', '-l', '127.0.0.1']);
    assert.deepEqual(m.mounts, [], 'memcached keeps nothing on disk');
  });
});

describe('readiness replies and RDB headers', () => {
  it('reads PING and version replies', () => {
    assert.equal(redisPingReadiness('+PONG\r\n'), 'ready');
    assert.equal(redisPingReadiness('-LOADING Redis is loading the dataset in memory\r\n'), 'loading');
    assert.equal(redisPingReadiness('-ERR\r\n'), 'not-ready');
    assert.equal(memcachedVersionReadiness('VERSION 1.6.18\r\n'), 'ready');
    assert.equal(memcachedVersionReadiness('ERROR\r\n'), 'not-ready');
  });
  it('checks the RDB magic and version', () => {
    assert.equal(rdbHeaderProblem(Buffer.from('REDIS0011'), 100), undefined);
    assert.match(rdbHeaderProblem(Buffer.from('REDIS'), 5)!, /too small/);
    assert.match(rdbHeaderProblem(Buffer.from('PK\x03\x04xxxxx'), 100)!, /does not start with "REDIS"/);
    assert.match(rdbHeaderProblem(Buffer.from('REDISabcd'), 100)!, /version/);
  });
});

describe('resource locks', () => {
  it('runs operations on one resource one after the other, others in parallel', async () => {
    const locks = new ResourceLocks();
    const events: string[] = [];
    const op = (key: string, name: string, ms: number) =>
      locks.run(key, name, async () => {
        events.push(`${name} start`);
        await new Promise((r) => setTimeout(r, ms));
        events.push(`${name} end`);
      });
    await Promise.all([op('a', 'a1', 30), op('a', 'a2', 5), op('b', 'b1', 10)]);
    assert.ok(events.indexOf('a1 end') < events.indexOf('a2 start'), events.join(', '));
    assert.ok(events.indexOf('b1 start') < events.indexOf('a1 end'), 'b is not held up by a');
  });
  it('a failing operation releases the lock and says who held it while it ran', async () => {
    const locks = new ResourceLocks();
    let seen: string | undefined;
    await assert.rejects(
      locks.run('a', 'reboot', async () => {
        seen = locks.heldBy('a');
        throw new Error('boom');
      }),
    );
    assert.equal(seen, 'reboot');
    assert.equal(locks.heldBy('a'), undefined);
    assert.equal(await locks.run('a', 'next', async () => 42), 42);
  });
  it('an operation stuck past its deadline fails clearly and frees the resource', async () => {
    const locks = new ResourceLocks();
    const stuck = locks.run('a', 'snapshot', () => new Promise<never>(() => undefined), 30);
    const next = locks.run('a', 'delete', async () => 'done');
    await assert.rejects(stuck, /snapshot did not finish within 0 s and was given up .* the resource is free again/);
    assert.equal(await next, 'done');
    assert.equal(locks.heldBy('a'), undefined);
  });
});

describe('desired-state store', () => {
  const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-store-'));
  const spec: CacheSpec = { name: 'c1', engine: 'redis', image: 'redis:7-alpine', networkMode: 'host', port: 1, createdAt: 'now' };

  it('persists atomically and reloads', () => {
    const d = dir();
    const s = new DesiredStateStore(d);
    s.load();
    s.putCache(spec);
    assert.deepEqual(fs.readdirSync(d), ['desired-state.json'], 'no temp file is left');
    const again = new DesiredStateStore(d);
    assert.deepEqual(again.load().state.caches.c1, spec);
    again.removeCache('c1');
    assert.deepEqual(new DesiredStateStore(d).load().state.caches, {});
  });

  it('keeps a corrupt file aside and reports it, never silently emptying it', () => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'desired-state.json'), '{"schemaVersion":1,"caches":{"c1":');
    const r = new DesiredStateStore(d).load();
    assert.match(r.problem!, /could not be read .* kept as .*desired-state\.json\.corrupt-\d+/);
    const aside = fs.readdirSync(d).find((f) => f.includes('.corrupt-'))!;
    assert.equal(fs.readFileSync(path.join(d, aside), 'utf8'), '{"schemaVersion":1,"caches":{"c1":');
  });

  it('reads but never overwrites a file from a newer schema', () => {
    const d = dir();
    const file = path.join(d, 'desired-state.json');
    fs.writeFileSync(file, JSON.stringify({ schemaVersion: 99, caches: { c1: spec } }));
    const s = new DesiredStateStore(d);
    const r = s.load();
    assert.equal(r.readOnly, true);
    assert.ok(s.cache('c1'));
    assert.throws(() => s.putCache({ ...spec, name: 'c2' }), /newer version/);
    assert.match(fs.readFileSync(file, 'utf8'), /"schemaVersion":99/);
  });
});

describe('quoting for redis-cli', () => {
  it('quotes so that redis-cli’s parser gives the arguments back exactly', () => {
    const cases = [
      ['SET', 'k', 'plain'],
      ['SET', 'a key', 'with "quotes" and \\ slash'],
      ['SET', 'k', 'line\nbreak\r\ttab'],
      ['SET', 'k', 'bell\x07 nul\x00 del\x7f'],
      ['SET', 'k', ''],
      ['SET', 'k', 'ünïcødé ✓'],
    ];
    for (const args of cases) assert.deepEqual(tokenizeRedisLine(quoteRedisLine(args)), args, JSON.stringify(args));
  });
  it('reads integer and CONFIG GET answers as redis-cli prints them', () => {
    assert.equal(integerReply('(integer) 42\n'), 42);
    assert.equal(configReply('1) "dir"\n2) "/data"\n'), '/data');
    assert.equal(configReply('(empty array)'), undefined);
  });
});

describe('redis-cli session output', () => {
  it('drops the elapsed-time line of a slow command, and nothing else', () => {
    assert.equal(stripTiming('OK\n(1.37s)\n'), 'OK\n');
    assert.equal(stripTiming('"(1.37s)"\n'), '"(1.37s)"\n');
    assert.equal(stripTiming('(integer) 3\n'), '(integer) 3\n');
  });
});
