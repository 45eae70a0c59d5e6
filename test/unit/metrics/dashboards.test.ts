// The dashboards' service side: history in bounded rings, the reconciler's timeline, and sampling that runs only
// while some window watches (one set of samplers shared by every window, closed with the last).
import * as assert from 'node:assert/strict';
import type { DashboardSample } from '../../../src/protocol/dashboard';
import type { ReconcileReport } from '../../../src/protocol/reconcile';
import { Dashboards } from '../../../src/service/metrics/dashboards';
import type { Sampler } from '../../../src/service/metrics/sampler';
import { SeriesStore } from '../../../src/service/metrics/seriesStore';
import { passValues, ReconcileTimeline } from '../../../src/service/metrics/timeline';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function report(at: number, entries: ReconcileReport['entries'], repaired = 0): ReconcileReport {
  return {
    startedAt: at,
    durationMs: 12,
    requests: 0,
    entries,
    totals: {
      owned: entries.length,
      healthy: entries.length - repaired,
      repaired,
      skipped: 0,
      backingOff: 0,
      gaveUp: 0,
      failed: 0,
      drift: 0,
    },
  };
}

/** A sampler that records what is asked of it. */
class RecordingSampler implements Sampler {
  readonly source = 'Test: a recording sampler';
  readonly charts = [{ id: 'c', title: 'C', unit: 'count' as const }];
  readonly series = [{ id: 'n', label: 'n', unit: 'count' as const, chart: 'c' }];
  samples = 0;
  closed = 0;
  fail = false;
  describe(id: string) {
    return id.startsWith('db') ? { id, label: id, unit: 'count' as const, chart: 'c' } : undefined;
  }
  async sample(): Promise<{ values: Record<string, number> }> {
    this.samples++;
    if (this.fail) throw new Error('the cache went away');
    return { values: { n: this.samples, ...(this.samples >= 2 ? { db3: 7 } : {}) } };
  }
  close(): void {
    this.closed++;
  }
}

describe('dashboards in the service', () => {
  it('a series store keeps 15 minutes per series in rings of fixed size, and says how many bytes', () => {
    const s = new SeriesStore(1000);
    const added = s.define('r1', 'orders', [{ id: 'c', title: 'C', unit: 'count' }], [{ id: 'n', label: 'n', unit: 'count', chart: 'c' }]);
    assert.equal(added.series.length, 1);
    assert.equal(s.define('r1', '', [], [{ id: 'n', label: 'n', unit: 'count', chart: 'c' }]).series.length, 0);
    for (let i = 0; i < 2000; i++) s.record('r1', i * 1000, { n: i, unknown: 1 });
    const snap = s.snapshot('r1', 1999 * 1000);
    assert.ok(snap);
    assert.equal(snap.title, 'orders');
    assert.equal(snap.series[0].points.length, 900);
    assert.deepEqual(snap.series[0].points.at(-1), [1_999_000, 1999]);
    assert.equal(s.bytes, 900 * 16);
    // 50 resources of 12 series each: the bound the README states.
    const many = new SeriesStore(1000);
    for (let r = 0; r < 50; r++)
      many.define(
        `r${r}`,
        '',
        [],
        Array.from({ length: 12 }, (_, i) => ({ id: `s${i}`, label: '', unit: 'count' as const, chart: 'c' })),
      );
    assert.ok(many.bytes <= 20 * 1048576, `${many.bytes}`);
  });

  it('the timeline: a repair each time, a lasting state once when it begins, healthy again when it ends', () => {
    const tl = new ReconcileTimeline();
    assert.deepEqual(tl.events(report(1, [{ name: 'a', kind: 'cache', action: 'none' }])), []);
    assert.deepEqual(tl.events(report(2, [{ name: 'a', kind: 'cache', action: 'started', reason: 'it had exited' }], 1)), [
      { at: 2, kind: 'repair', resource: 'a', text: 'started (it had exited)' },
    ]);
    assert.deepEqual(
      tl.events(report(3, [{ name: 'a', kind: 'cache', action: 'backing off' }])).map((e) => e.kind),
      ['backing off'],
    );
    assert.deepEqual(tl.events(report(4, [{ name: 'a', kind: 'cache', action: 'backing off' }])), []);
    assert.deepEqual(
      tl.events(report(5, [{ name: 'a', kind: 'cache', action: 'none' }])).map((e) => e.kind),
      ['healthy again'],
    );
    assert.equal(tl.events({ ...report(6, []), error: 'connect ENOENT' })[0].kind, 'failed');
    assert.deepEqual(passValues(report(7, [{ name: 'a', kind: 'cache', action: 'started' }], 1)), {
      'reconcile.duration': 12,
      'reconcile.repaired': 1,
      'reconcile.failing': 0,
      'reconcile.owned': 1,
      'reconcile.healthy': 0,
    });
  });

  it('samples only while watched: two windows share one sampler, the last to leave closes it', async () => {
    const sampler = new RecordingSampler();
    let made = 0;
    const d = new Dashboards({
      store: new SeriesStore(20),
      samplersFor: () => {
        made++;
        return { title: 'orders', samplers: [sampler] };
      },
    });
    const a: DashboardSample[] = [];
    const b: DashboardSample[] = [];
    const snap = d.watch('r1', 'w1', (s) => a.push(s));
    assert.equal(snap.title, 'orders');
    assert.deepEqual(
      snap.charts.map((c) => c.id),
      ['c'],
    );
    await sleep(70);
    d.watch('r1', 'w2', (s) => b.push(s));
    await sleep(70);
    assert.equal(made, 1);
    assert.ok(a.length >= 4, `window 1 got ${a.length}`);
    assert.ok(b.length >= 2, `window 2 got ${b.length}`);
    // A series that appears later is announced once, with its definition.
    const announced = a.flatMap((s) => s.added?.series ?? []);
    assert.deepEqual(
      announced.map((s) => s.id),
      ['db3'],
    );
    d.unwatch('r1', 'w1');
    const before = sampler.samples;
    await sleep(60);
    assert.ok(sampler.samples > before, 'still sampled for window 2');
    assert.equal(sampler.closed, 0);
    d.unwatch('r1', 'w2');
    assert.equal(sampler.closed, 1);
    const stopped = sampler.samples;
    await sleep(80);
    assert.equal(sampler.samples, stopped, 'no sampling with no window watching');
    assert.deepEqual(d.watched(), []);
    // History stays: a panel opened later starts with it.
    const again = d.watch('r1', 'w3', () => undefined);
    assert.ok((again.series.find((s) => s.id === 'n')?.points.length ?? 0) >= 4);
    d.closeAll();
  });

  it('a sampler that fails is a problem in the panel, not an end of the dashboard', async () => {
    const sampler = new RecordingSampler();
    sampler.fail = true;
    const d = new Dashboards({ store: new SeriesStore(20), samplersFor: () => ({ title: 'orders', samplers: [sampler] }) });
    const got: DashboardSample[] = [];
    d.watch('r1', 'w1', (s) => got.push(s));
    await sleep(60);
    d.closeAll();
    assert.ok(got.length >= 2);
    assert.deepEqual(got[0].problems, ['Test: the cache went away']);
  });

  it("a removed resource's history is forgotten when another dashboard is opened", () => {
    const sampler = new RecordingSampler();
    const gone = new Set<string>();
    const store = new SeriesStore(1000);
    const d = new Dashboards({ store, samplersFor: () => ({ title: 'x', samplers: [sampler] }), exists: (k) => !gone.has(k) });
    d.watch('r1', 'w1', () => undefined);
    d.unwatch('r1', 'w1');
    assert.ok(store.keys().includes('r1'));
    gone.add('r1');
    d.watch('r2', 'w1', () => undefined);
    d.closeAll();
    assert.deepEqual(store.keys().sort(), ['overview', 'r2']);
  });

  it('nothing to watch: a clear error and nothing started', () => {
    const d = new Dashboards({
      store: new SeriesStore(20),
      samplersFor: () => {
        throw new Error('orders is exited: start it to watch it');
      },
    });
    assert.throws(() => d.watch('r1', 'w1', () => undefined), /start it to watch it/);
    assert.deepEqual(d.watched(), []);
  });

  it("the overview is fed by the reconciler's reports, watched or not", () => {
    const d = new Dashboards({ store: new SeriesStore(1000), samplersFor: () => ({ title: 'Fakecloud overview', samplers: [] }) });
    const now = Date.now();
    d.reconcileReport(report(now - 2000, [{ name: 'a', kind: 'cache', action: 'started' }], 1));
    const got: DashboardSample[] = [];
    const snap = d.watch('overview', 'w1', (s) => got.push(s));
    assert.equal(snap.series.find((s) => s.id === 'reconcile.repaired')?.points[0][1], 1);
    assert.equal(snap.tables.timeline?.[0].resource, 'a');
    d.reconcileReport(report(now - 1000, [{ name: 'a', kind: 'cache', action: 'none' }]));
    assert.equal(got.length, 1);
    assert.equal(got[0].values['reconcile.healthy'], 1);
  });
});
