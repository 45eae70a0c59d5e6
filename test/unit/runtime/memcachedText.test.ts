// memcached's text protocol read exactly: a value's bytes (CRLF inside included) by the header's count, stats,
// the crawler's dump lines, errors in memcached's words; and the tree's rows made of them.
import * as assert from 'node:assert/strict';
import { memcachedKeyProblem, type MemcachedStats } from '../../../src/protocol/memcached';
import { errorLine, lines, parseGet, parseMetadump, parseStats, summariseStats } from '../../../src/service/runtime/caches/memcachedText';
import { hitRate, renderMemcachedNode, statsDocument } from '../../../src/views/memcachedNodes';

const b = (s: string) => Buffer.from(s, 'latin1');

describe('memcached text protocol', () => {
  it('a get reply is whole only with its bytes, END included; a CRLF inside the value is part of it', () => {
    const full = b('VALUE k 5 7\r\nab\r\ncde\r\nEND\r\n');
    assert.equal(parseGet(full.subarray(0, 8)), undefined);
    assert.equal(parseGet(full.subarray(0, full.length - 3)), undefined);
    const v = parseGet(full);
    assert.ok(v && 'found' in v && v.found);
    assert.equal(v.value.toString('latin1'), 'ab\r\ncde');
    assert.equal(v.flags, 5);
    assert.deepEqual(parseGet(b('END\r\n')), { found: false });
    assert.deepEqual(parseGet(b('CLIENT_ERROR bad command line format\r\n')), { error: 'CLIENT_ERROR: bad command line format' });
    assert.match((parseGet(b('HUH\r\n')) as { error: string }).error, /unexpected/);
  });

  it("stats: every STAT line, the summary read from it; lines split at CRLF and at the dump's bare LF", () => {
    const all = parseStats(
      [
        'STAT pid 1',
        'STAT uptime 3725',
        'STAT version 1.6.18',
        'STAT curr_items 12',
        'STAT get_hits 30',
        'STAT get_misses 10',
        'STAT bytes 2048',
        'STAT limit_maxbytes 67108864',
        'END',
      ].join('\r\n'),
    );
    const s = summariseStats(all);
    assert.equal(s.version, '1.6.18');
    assert.equal(s.uptimeSeconds, 3725);
    assert.equal(s.items, 12);
    assert.equal(hitRate(s), '75.0%');
    assert.equal(s.evictions, 0, 'absent reads as 0');
    assert.deepEqual(lines(b('a\r\nb\r\nc')), { lines: ['a', 'b'], rest: 6 });
    // The crawler's dump ends its lines in a bare LF, then END in CRLF.
    assert.deepEqual(lines(b('key=a size=1\nkey=b size=2\nEND\r\n')).lines, ['key=a size=1', 'key=b size=2', 'END']);
    assert.equal(errorLine('ERROR'), 'the server does not know this command');
    assert.equal(errorLine('STORED'), undefined);
  });

  it('a crawler dump line: its key decoded, expiry, last access and size', () => {
    assert.deepEqual(parseMetadump('key=user%3A1%20x exp=1700000000 la=1699999000 cas=3 fetch=no cls=1 size=70'), {
      key: 'user:1 x',
      expiresAt: 1_700_000_000,
      lastAccess: 1_699_999_000,
      size: 70,
    });
    assert.equal(parseMetadump('key=k exp=-1 la=5 size=9')?.expiresAt, -1);
    assert.equal(parseMetadump('END'), undefined);
  });

  it('a key as memcached takes it: at most 250 bytes, no spaces or control characters', () => {
    assert.equal(memcachedKeyProblem('session:42'), undefined);
    assert.match(memcachedKeyProblem('a b') ?? '', /no spaces/);
    assert.match(memcachedKeyProblem('a\nb') ?? '', /control/);
    assert.match(memcachedKeyProblem('x'.repeat(251)) ?? '', /250 bytes/);
    assert.match(memcachedKeyProblem('é'.repeat(126)) ?? '', /250 bytes/, 'bytes, not characters');
    assert.match(memcachedKeyProblem('') ?? '', /needs a name/);
  });
});

describe('memcached in the tree', () => {
  const stats: MemcachedStats = {
    version: '1.6.18',
    uptimeSeconds: 90,
    items: 1234,
    bytes: 4096,
    limitBytes: 64 * 1024 * 1024,
    hits: 9,
    misses: 1,
    evictions: 2,
    connections: 3,
    all: { pid: '1', uptime: '90' },
  };

  it('the stats row: items, memory and hit rate; the document has the summary, then every figure', () => {
    const row = renderMemcachedNode({ type: 'mcStats', resourceId: 'r', stats }, 0);
    assert.equal(row.description, '1,234 items · 4.0 KB · 90.0% hits');
    assert.equal(row.command?.command, 'fakecloud.showMemcachedStats');
    const doc = statsDocument('sessions', stats);
    assert.match(doc, /Memory: +4\.0 KB of 64\.0 MB/);
    assert.match(doc, /Evictions: +2/);
    assert.match(doc, /^uptime +90$/m);
  });

  it('an item: its size and time left; opened with Get on a click', () => {
    const now = 1_700_000_000_000;
    const row = renderMemcachedNode(
      { type: 'mcItem', resourceId: 'r', item: { key: 'k', expiresAt: now / 1000 + 125, lastAccess: 0, size: 70 } },
      now,
    );
    assert.equal(row.description, '70 B · ttl 2m 5s');
    assert.equal(row.command?.command, 'fakecloud.getMemcachedKey');
    assert.equal(
      renderMemcachedNode({ type: 'mcItem', resourceId: 'r', item: { key: 'k', expiresAt: -1, lastAccess: 0, size: 2048 } }, now)
        .description,
      '2.0 KB',
    );
  });
});
