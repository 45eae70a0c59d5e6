import * as assert from 'node:assert/strict';
import type { Resource } from '../../../src/protocol/model';
import { afterHealthy, afterRepair, initialRepairState, repairAllowed, CRASH_LOOP } from '../../../src/service/reconcile/crashLoop';
import { ReconcileLoop, type Timer } from '../../../src/service/reconcile/loop';
import { planPass } from '../../../src/service/reconcile/planner';
import { resourcesFromContainers } from '../../../src/service/model/labels';
import type { DesiredEntry } from '../../../src/service/reconcile/planner';
import { container } from '../../support/fixtures';
import { inScope } from '../../../src/service/backends/podBackend';

/** A fake timer: nothing fires until the test advances time. */
class FakeTimer implements Timer {
  now = 0;
  private pending: { at: number; fn: () => void; id: number }[] = [];
  private seq = 0;
  setTimeout(fn: () => void, ms: number) {
    const id = ++this.seq;
    this.pending.push({ at: this.now + ms, fn, id });
    return id;
  }
  clearTimeout(h: unknown) {
    this.pending = this.pending.filter((p) => p.id !== h);
  }
  async advance(ms: number) {
    const until = this.now + ms;
    for (;;) {
      this.pending.sort((a, b) => a.at - b.at);
      const next = this.pending[0];
      if (!next || next.at > until) break;
      this.pending.shift();
      this.now = next.at;
      next.fn();
      await new Promise((r) => setImmediate(r));
    }
    this.now = until;
  }
}
const flush = () => new Promise((r) => setImmediate(r));

describe('reconcile loop', () => {
  it('runs the first pass at once, the second after one interval', async () => {
    const t = new FakeTimer();
    let passes = 0;
    const loop = new ReconcileLoop(
      async () => {
        passes++;
      },
      30_000,
      t,
    );
    loop.start();
    await flush();
    assert.equal(passes, 1);
    await t.advance(29_999);
    assert.equal(passes, 1);
    await t.advance(1);
    assert.equal(passes, 2);
    await loop.stop();
  });

  it('shutdown lets the pass in flight finish and ends the loop', async () => {
    const t = new FakeTimer();
    let release!: () => void;
    let finished = 0;
    let passes = 0;
    const loop = new ReconcileLoop(
      async () => {
        passes++;
        await new Promise<void>((r) => (release = r));
        finished++;
      },
      1_000,
      t,
    );
    loop.start();
    await flush();
    const stopping = loop.stop();
    let stopped = false;
    void stopping.then(() => (stopped = true));
    await flush();
    assert.equal(stopped, false, 'waits for the pass in flight');
    release();
    await stopping;
    assert.equal(finished, 1);
    await t.advance(10_000);
    assert.equal(passes, 1, 'no pass after shutdown');
  });

  it('a failing pass is reported and does not stop the loop', async () => {
    const t = new FakeTimer();
    const errors: unknown[] = [];
    let passes = 0;
    const loop = new ReconcileLoop(
      async () => {
        passes++;
        if (passes === 1) throw new Error('docker down');
      },
      1_000,
      t,
      (e) => errors.push(e),
    );
    loop.start();
    await flush();
    await t.advance(1_000);
    assert.equal(passes, 2);
    assert.equal((errors[0] as Error).message, 'docker down');
    await loop.stop();
  });

  it('Reconcile Now joins the pass in flight instead of starting a second', async () => {
    const t = new FakeTimer();
    let release!: () => void;
    let passes = 0;
    const loop = new ReconcileLoop(
      async () => {
        passes++;
        await new Promise<void>((r) => (release = r));
      },
      1_000,
      t,
    );
    loop.start();
    await flush();
    const joined = loop.runNow();
    release();
    await joined;
    assert.equal(passes, 1);
    const again = loop.runNow();
    await flush();
    release();
    await again;
    assert.equal(passes, 2, 'with none in flight it runs one now');
    await loop.stop();
  });
});

describe('crash-loop backoff', () => {
  it('doubles from 10 s and caps at 5 min, and gives up after 5 repairs in a row', () => {
    let s = initialRepairState();
    const delays: number[] = [];
    let now = 0;
    for (let i = 0; i < 5; i++) {
      s = afterRepair(s, now, 'exited (1)');
      delays.push(s.nextAllowedAt! - now);
      now = s.nextAllowedAt!;
    }
    assert.deepEqual(delays, [10_000, 20_000, 40_000, 80_000, 160_000]);
    assert.equal(s.gaveUp, true);
    assert.equal(repairAllowed(s, now + 1e9), 'gave-up');
    let t = initialRepairState();
    for (let i = 0; i < 10; i++) t = afterRepair({ ...t, gaveUp: false }, i * 1000);
    assert.equal(t.nextAllowedAt! - 9000, CRASH_LOOP.maxMs, 'capped at 5 minutes');
  });
  it('backs off between repairs, and forgets after 10 minutes healthy', () => {
    const s = afterRepair(initialRepairState(), 0);
    assert.equal(repairAllowed(s, 5_000), 'backing-off');
    assert.equal(repairAllowed(s, 10_000), 'yes');
    assert.equal(afterHealthy(s, 599_999).streak, 1);
    assert.equal(afterHealthy(s, 600_000).streak, 0);
    assert.equal(afterRepair(s, 700_000).streak, 1, 'a repair long after the last starts a new streak');
  });
});

describe('reconcile planner', () => {
  const spec = (name: string): DesiredEntry => ({ kind: 'cache', name, running: true });
  const own = (name: string, over: object) =>
    resourcesFromContainers([
      container({ 'fakecloud-elasticache': name, 'fakecloud-managed-by': 'fakecloud-explorer' }, { Id: name, ...over }),
    ])[0];
  const theirs = (name: string, over: object) =>
    resourcesFromContainers([container({ 'fakecloud-elasticache': name, 'fakecloud-instance': 'fakecloud-9' }, { Id: name, ...over })])[0];
  const base = { states: new Map(), now: 0, heldBy: () => undefined, repairFakecloud: false };

  it('running → nothing; exited → start; missing → recreate; held → skipped', () => {
    const actual: Resource[] = [own('a', {}), own('b', { State: 'exited', Status: 'Exited (137)' }), own('d', {})];
    const plan = planPass({
      ...base,
      desired: [spec('a'), spec('b'), spec('c'), spec('d')],
      actual,
      heldBy: (e) => (e.name === 'd' ? 'update' : undefined),
    });
    assert.deepEqual(
      plan.map((p) => [p.name, p.action]),
      [
        ['a', 'none'],
        ['b', 'start'],
        ['c', 'recreate'],
        ['d', 'skipped'],
      ],
    );
  });
  it('backing off and gave up are reported, not acted on', () => {
    const states = new Map([
      ['cache:b', { streak: 2, lastRepairAt: 0, nextAllowedAt: 20_000, gaveUp: false }],
      ['cache:c', { streak: 5, gaveUp: true, lastError: 'exited (3)' }],
    ]);
    const plan = planPass({ ...base, states, now: 5_000, desired: [spec('b'), spec('c')], actual: [own('b', { State: 'exited' })] });
    assert.deepEqual(
      plan.map((p) => [p.name, p.action]),
      [
        ['b', 'backing off'],
        ['c', 'gave up'],
      ],
    );
    assert.match((plan[1] as { reason: string }).reason, /gave up after 5 repairs in a row: exited \(3\)/);
  });
  const expects = (r: Resource, expectsRunning: boolean, type: 'cache-cluster' | 'instance' | 'function' = 'cache-cluster'): Resource => ({
    ...r,
    aws: { id: `aws|s|${type}||${r.name}`, server: 's', type, awsId: r.name, expectsRunning },
  });
  it('a fakecloud server’s exited container is drift when its server says it should run; restarted only when asked', () => {
    const actual = [expects(theirs('x', { State: 'exited', Status: 'Exited (1)' }), true), expects(theirs('y', {}), true)];
    assert.deepEqual(
      planPass({ ...base, desired: [], actual }).map((p) => [p.name, p.action]),
      [['x', 'drift']],
    );
    assert.deepEqual(
      planPass({ ...base, desired: [], actual, repairFakecloud: true }).map((p) => [p.name, p.action]),
      [['x', 'restart-fakecloud']],
    );
  });
  it('a server’s normal lifecycle is never drift: a stopped instance, a container being made, an idle warm one, an unlisted server', () => {
    const actual = [
      // StopInstances: the server stopped its container and says "stopped".
      expects(theirs('i-stopped', { State: 'exited', Status: 'Exited (137)' }), false, 'instance'),
      // Created, its code not yet copied in: the server starts it a moment later.
      expects(theirs('made', { State: 'created', Status: 'Created' }), true),
      // A function's warm container is the server's to keep or drop.
      expects(theirs('fn', { State: 'exited', Status: 'Exited (0)' }), false, 'function'),
      // A server whose API was not listed (unreachable): its containers alone say nothing.
      theirs('unknown', { State: 'exited', Status: 'Exited (1)' }),
    ];
    assert.deepEqual(planPass({ ...base, desired: [], actual }), []);
    // Not even with repairs of theirs switched on: we would start a stopped instance or a function before its code is in.
    assert.deepEqual(planPass({ ...base, desired: [], actual, repairFakecloud: true }), []);
  });
  it("a dead server's leftovers are neither drift nor restarted", () => {
    const actual = [{ ...theirs('x', { State: 'exited', Status: 'Exited (137)' }), leftover: true }];
    assert.deepEqual(planPass({ ...base, desired: [], actual, repairFakecloud: true }), []);
  });
  it('instances and functions are kept running too; one stopped on purpose is left alone', () => {
    const inst = (id: string, over: object) =>
      resourcesFromContainers([container({ 'fakecloud-ec2': id, 'fakecloud-managed-by': 'fakecloud-explorer' }, { Id: id, ...over })])[0];
    const actual = [inst('i-1', { State: 'exited' }), inst('i-2', { State: 'exited' })];
    const desired: DesiredEntry[] = [
      { kind: 'instance', name: 'i-1', running: true },
      { kind: 'instance', name: 'i-2', running: false },
      { kind: 'instance', name: 'i-3', running: true },
      { kind: 'instance', name: 'i-4', running: false },
    ];
    assert.deepEqual(
      planPass({ ...base, desired, actual }).map((p) => [p.name, p.action]),
      [
        ['i-1', 'start'],
        ['i-2', 'none'],
        ['i-3', 'recreate'],
        ['i-4', 'drift'],
      ],
    );
  });
  it('a function counts only its current deploy’s container; the same name in two kinds is two resources', () => {
    const fn = (name: string, deploy: string, over: object) =>
      resourcesFromContainers([
        container(
          { 'fakecloud-lambda': name, 'fakecloud-managed-by': 'fakecloud-explorer', 'fakecloud-explorer.deploy-id': deploy },
          { Id: `${name}-${deploy}`, ...over },
        ),
      ])[0];
    const actual = [fn('f', 'old', {}), own('f', { State: 'exited' })];
    const desired: DesiredEntry[] = [{ kind: 'function', name: 'f', running: true, deployId: 'new' }, spec('f')];
    const states = new Map([['function:f', { streak: 5, gaveUp: true }]]);
    assert.deepEqual(
      planPass({ ...base, desired, actual }).map((p) => [p.kind, p.action]),
      [
        ['function', 'recreate'],
        ['cache', 'start'],
      ],
    );
    assert.deepEqual(
      planPass({ ...base, states, desired, actual }).map((p) => [p.kind, p.action]),
      [
        ['function', 'gave up'],
        ['cache', 'start'],
      ],
    );
  });
  it('on Kubernetes: an ended Pod is replaced, a Pending one waited for, a stopped one has none; a disconnected backend is skipped', () => {
    const pod = (id: string, over: object) =>
      resourcesFromContainers([container({ 'fakecloud-ec2': id, 'fakecloud-managed-by': 'fakecloud-explorer' }, { Id: id, ...over })]).map(
        (r) => ({ ...r, backend: 'kubernetes' as const }),
      )[0];
    const actual = [pod('i-1', { State: 'exited' }), pod('i-2', { State: 'created' }), pod('i-3', {})];
    const desired: DesiredEntry[] = [
      { kind: 'instance', name: 'i-1', running: true, backend: 'kubernetes' },
      { kind: 'instance', name: 'i-2', running: true, backend: 'kubernetes' },
      { kind: 'instance', name: 'i-3', running: true, backend: 'kubernetes' },
      { kind: 'instance', name: 'i-4', running: false, backend: 'kubernetes' },
      { kind: 'instance', name: 'i-5', running: true, backend: 'kubernetes' },
      { kind: 'instance', name: 'i-6', running: true },
    ];
    const plan = planPass({ ...base, desired, actual, connected: ['kubernetes'] });
    assert.deepEqual(
      plan.map((p) => [p.name, p.action]),
      [
        ['i-1', 'recreate'],
        ['i-2', 'skipped'],
        ['i-3', 'none'],
        ['i-4', 'none'],
        ['i-5', 'recreate'],
        ['i-6', 'skipped'],
      ],
    );
    assert.match((plan[5] as { reason: string }).reason, /Docker is not connected/);
    // A fakecloud server's ended Pod is drift, never restarted by us, even when asked to repair theirs.
    const theirs = {
      ...pod('x', { State: 'exited' }),
      owner: { type: 'fakecloud' as const, instance: 'fakecloud-1' },
      aws: { id: 'aws|s|cache-cluster||x', server: 's', type: 'cache-cluster' as const, awsId: 'x', expectsRunning: true },
    };
    assert.deepEqual(
      planPass({ ...base, desired: [], actual: [theirs], repairFakecloud: true }).map((p) => p.action),
      ['drift'],
    );
  });

  it('on Kubernetes: ours made in another namespace or cluster are left where they are, never made again here', () => {
    const desired: DesiredEntry[] = [
      {
        kind: 'cache',
        name: 'orders',
        running: true,
        backend: 'kubernetes',
        elsewhere: 'namespace team-a of https://k8s.example:6443, not the one connected',
      },
    ];
    const plan = planPass({ ...base, desired, actual: [], connected: ['kubernetes'] });
    assert.deepEqual(
      plan.map((p) => [p.name, p.action]),
      [['orders', 'skipped']],
    );
    assert.match((plan[0] as { reason: string }).reason, /^it lives in namespace team-a of https:\/\/k8s\.example:6443/);
  });

  it("a spec's scope: the same server and namespace, or none recorded, is here", () => {
    const here = { server: 'https://a:6443', namespace: 'dev' };
    assert.equal(inScope({}, here), true);
    assert.equal(inScope({ kube: here }, here), true);
    assert.equal(inScope({ kube: { ...here, namespace: 'prod' } }, here), false);
    assert.equal(inScope({ kube: { ...here, server: 'https://b:6443' } }, here), false);
  });
});
