// The dashboards' series: a ring keeps the newest points in order within a fixed size; a counter's rate never goes
// negative across a restart; percentiles by nearest rank; min/max buckets keep a spike.
import * as assert from 'node:assert/strict';
import { hitRatio, minMaxBuckets, percentile, rate, Ring } from '../../../src/protocol/series';

describe('dashboard series', () => {
  it('a ring keeps the newest points, oldest first, in a fixed number of bytes', () => {
    const r = new Ring(3);
    assert.equal(r.last(), undefined);
    for (let i = 1; i <= 5; i++) r.push(i * 1000, i * 10);
    assert.deepEqual(
      r.points().map((p) => p.v),
      [30, 40, 50],
    );
    assert.deepEqual(
      r.points(4000).map((p) => p.v),
      [50],
    );
    assert.deepEqual(r.last(), { t: 5000, v: 50 });
    assert.equal(r.size, 3);
    assert.equal(r.bytes, 48);
    // Fifteen minutes at one a second: 900 points, 14.4 KB per series.
    assert.equal(Ring.forWindow(15 * 60_000, 1000).bytes, 14_400);
    assert.throws(() => new Ring(0), /at least one point/);
  });

  it("a counter's rate per second; a restart (the counter going down) or no time passing gives none", () => {
    assert.equal(rate({ t: 0, v: 100 }, { t: 2000, v: 300 }), 100);
    assert.equal(rate(undefined, { t: 2000, v: 300 }), undefined);
    assert.equal(rate({ t: 0, v: 500 }, { t: 1000, v: 20 }), undefined);
    assert.equal(rate({ t: 1000, v: 1 }, { t: 1000, v: 2 }), undefined);
  });

  it('hit ratio and percentiles', () => {
    assert.equal(hitRatio(3, 1), 0.75);
    assert.equal(hitRatio(0, 0), undefined);
    const d = [5, 1, 4, 2, 3, 100, 6, 7, 8, 9];
    assert.equal(percentile(d, 50), 5);
    assert.equal(percentile(d, 95), 100);
    assert.equal(percentile([], 50), undefined);
  });

  it('min/max buckets keep a one-point spike that averaging would hide', () => {
    const pts = Array.from({ length: 1000 }, (_, i) => ({ t: i * 1000, v: i === 500 ? 999 : 1 }));
    const b = minMaxBuckets(pts, 50);
    assert.ok(b.length <= 50, `${b.length} buckets`);
    assert.equal(Math.max(...b.map((x) => x.max)), 999);
    assert.equal(Math.min(...b.map((x) => x.min)), 1);
    assert.deepEqual(minMaxBuckets(pts.slice(0, 3), 50), [
      { t: 0, min: 1, max: 1 },
      { t: 1000, min: 1, max: 1 },
      { t: 2000, min: 1, max: 1 },
    ]);
  });
});
