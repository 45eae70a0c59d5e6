// What runs in a container, as figures: Redis's INFO and SLOWLOG, and a function's START … REPORT lines.
import * as assert from 'node:assert/strict';
import { DurationWindow, LambdaLogTally } from '../../../src/service/metrics/lambdaReports';
import { parseSlowlog, redisFigures } from '../../../src/service/metrics/redisFigures';
import { Rates } from '../../../src/service/metrics/sampler';

describe('engine figures', () => {
  it("Redis INFO: counters, memory against maxmemory, clients and each database's keys", () => {
    const info = [
      '# Server',
      'uptime_in_seconds:42',
      '# Clients',
      'connected_clients:3',
      '# Memory',
      'used_memory:1048576',
      'maxmemory:0',
      '# Stats',
      'total_commands_processed:1200',
      'keyspace_hits:90',
      'keyspace_misses:10',
      'evicted_keys:0',
      'expired_keys:7',
      '# Keyspace',
      'db0:keys=12,expires=1,avg_ttl=0',
      'db3:keys=5,expires=0,avg_ttl=0',
      '',
    ].join('\r\n');
    assert.deepEqual(redisFigures(info), {
      commands: 1200,
      hits: 90,
      misses: 10,
      evicted: 0,
      expired: 7,
      usedMemory: 1048576,
      maxMemory: 0,
      clients: 3,
      keys: [
        { db: 0, keys: 12 },
        { db: 3, keys: 5 },
      ],
      uptimeSeconds: 42,
    });
  });
  it('SLOWLOG GET: id, time, duration, the command and its client', () => {
    const reply = [
      [7, 1_700_000_000, 15_000, [Buffer.from('KEYS'), Buffer.from('*')], Buffer.from('127.0.0.1:5555'), Buffer.from('')],
      [6, 1_699_999_999, 12_000, ['DEBUG', 'SLEEP', '0.012']],
      'not an entry',
    ];
    assert.deepEqual(parseSlowlog(reply), [
      { id: 7, at: 1_700_000_000_000, micros: 15_000, command: 'KEYS *', client: '127.0.0.1:5555' },
      { id: 6, at: 1_699_999_999_000, micros: 12_000, command: 'DEBUG SLEEP 0.012', client: '' },
    ]);
    assert.deepEqual(parseSlowlog(null), []);
  });
  it('rates of counters: per second, none on the first round or after a reset', () => {
    const r = new Rates();
    assert.equal(r.of('c', 1000, 100), undefined);
    assert.equal(r.of('c', 3000, 300), 100);
    assert.equal(r.of('c', 4000, 5), undefined);
    assert.equal(r.of('c', 5000, 55), 50);
    assert.equal(r.delta('d', 0, 10), undefined);
    assert.equal(r.delta('d', 1, 15), 5);
  });
  it("a function's log: invocations, durations, errors and the first one cold, across chunks split mid-line", () => {
    const t = new LambdaLogTally(false);
    const log = [
      'START RequestId: a Version: $LATEST',
      'END RequestId: a',
      'REPORT RequestId: a\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB',
      'START RequestId: b Version: $LATEST',
      '2026-11-29T00:00:00.000Z\tb\tERROR\tInvoke Error \t{"errorType":"Error"}',
      'END RequestId: b',
      'REPORT RequestId: b\tDuration: 3.00 ms\tBilled Duration: 3 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB',
      '',
    ].join('\n');
    t.feed(log.slice(0, 50));
    t.feed(log.slice(50));
    assert.deepEqual(t.take(), { invocations: 2, errors: 1, coldStarts: 1, durations: [12.5, 3] });
    assert.deepEqual(t.take(), { invocations: 0, errors: 0, coldStarts: 0, durations: [] });
  });
  it('a warm container: no cold start unless the runtime reports an init duration, counted once', () => {
    const t = new LambdaLogTally(true);
    t.feed('START RequestId: c Version: $LATEST\nREPORT RequestId: c\tDuration: 1.00 ms\n');
    assert.equal(t.take().coldStarts, 0);
    t.feed('START RequestId: d Version: $LATEST\nREPORT RequestId: d\tDuration: 250.00 ms\tInit Duration: 180.00 ms\n');
    assert.equal(t.take().coldStarts, 1);
    const cold = new LambdaLogTally(false);
    cold.feed('START RequestId: e Version: $LATEST\nREPORT RequestId: e\tDuration: 250.00 ms\tInit Duration: 180.00 ms\n');
    assert.equal(cold.take().coldStarts, 1);
  });
  it('durations of the last minute only', () => {
    const w = new DurationWindow(60_000);
    w.add(0, [100, 200]);
    w.add(30_000, [300]);
    assert.deepEqual(w.values(30_000), [100, 200, 300]);
    assert.deepEqual(w.values(61_000), [300]);
  });
});
