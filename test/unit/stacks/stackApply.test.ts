// Applying a plan with a recording fake of the service's actions: a few steps at a time, outcomes in the file's
// order whatever order they finish in, one failure never stopping the others, removal only when asked (data kept
// unless asked), a server's items made through its API, and Cancel skipping what has not started.
import * as assert from 'node:assert/strict';
import type { PlanStep, StackItem, StackPlan } from '../../../src/protocol/stack';
import { applyPlan, checkOutcomes, outcomeText, type StackActions } from '../../../src/service/stacks/stackApply';

const cache = (name: string, target: StackItem['target'] = 'docker'): StackItem => ({
  kind: 'cache',
  name,
  target,
  image: 'redis:7',
  cache: { engine: 'redis' },
});

function recorder(opts: { failing?: string[]; delayMs?: (name: string) => number } = {}) {
  const calls: string[] = [];
  let running = 0;
  let most = 0;
  const act = async (what: string, name: string): Promise<string> => {
    running++;
    most = Math.max(most, running);
    calls.push(`${what} ${name}`);
    await new Promise((r) => setTimeout(r, opts.delayMs?.(name) ?? 5));
    running--;
    if (opts.failing?.includes(name)) throw new Error(`${name} would not start`);
    return `${what} done`;
  };
  const actions: StackActions = {
    createCache: (item) => act('create', item.name),
    launchInstance: (item) => act('launch', item.name),
    deployFunction: (item) => act('deploy', item.name),
    createOnServer: (item, server) => act(`on ${server}`, item.name),
    update: (id, image) => act(`update ${image}`, id),
    remove: (step, _stack, o) => act(o.removeData ? 'remove with data' : 'remove', step.name),
  };
  return { actions, calls, most: () => most };
}

const op = (signal?: AbortSignal) => ({ progress: () => undefined, ...(signal ? { signal } : {}) });

describe('applying a stack', () => {
  it('runs four at a time, reports in file order, and a failure stops nothing else', async () => {
    const steps: PlanStep[] = Array.from({ length: 10 }, (_, i) => ({
      action: 'create',
      kind: 'cache',
      name: `c${i}`,
      reason: '',
      item: cache(`c${i}`),
    }));
    const plan: StackPlan = { stack: 'shop', scope: 'abc', steps };
    // The first finishes last: order comes from the file, not from the clock.
    const r = recorder({ failing: ['c3'], delayMs: (n) => (n === 'c0' ? 40 : 5) });
    const out = await applyPlan(plan, r.actions, { remove: false }, op());
    assert.deepEqual(
      out.map((o) => o.name),
      steps.map((s) => s.name),
    );
    assert.equal(r.most(), 4, 'four at once, no more');
    assert.deepEqual(
      out.map((o) => o.result),
      ['done', 'done', 'done', 'failed', 'done', 'done', 'done', 'done', 'done', 'done'],
    );
    assert.match(out[3].message, /c3 would not start/);
    assert.match(outcomeText('shop', out), /^✗ cache c3: c3 would not start$/m);
  });

  it('keeps and conflicts touch nothing; a removal waits to be asked, and keeps data unless asked', async () => {
    const plan: StackPlan = {
      stack: 'shop',
      scope: 'abc',
      steps: [
        { action: 'keep', kind: 'cache', name: 'k', reason: 'as the file says', resourceId: 'r1' },
        { action: 'conflict', kind: 'cache', name: 'x', reason: 'not ours', resourceId: 'r2' },
        { action: 'change', kind: 'cache', name: 'u', reason: '', resourceId: 'r3', item: { ...cache('u'), image: 'redis:8' } },
        { action: 'create', kind: 'cache', name: 's', reason: '', item: cache('s', 'server'), server: 'http://127.0.0.1:4566' },
        { action: 'remove', kind: 'function', name: 'gone', reason: '', resourceId: 'r4' },
      ],
    };
    const left = recorder();
    const first = await applyPlan(plan, left.actions, { remove: false }, op());
    assert.deepEqual(
      first.map((o) => o.result),
      ['kept', 'failed', 'done', 'done', 'skipped'],
    );
    assert.deepEqual(left.calls.sort(), ['on http://127.0.0.1:4566 s', 'update redis:8 r3']);
    const removed = recorder();
    await applyPlan(plan, removed.actions, { remove: true }, op());
    assert.ok(removed.calls.includes('remove gone'));
    const withData = recorder();
    await applyPlan(plan, withData.actions, { remove: true, removeData: true }, op());
    assert.ok(withData.calls.includes('remove with data gone'));
  });

  it('Cancel lets the steps under way finish and skips the rest', async () => {
    const steps: PlanStep[] = Array.from({ length: 8 }, (_, i) => ({
      action: 'create',
      kind: 'cache',
      name: `c${i}`,
      reason: '',
      item: cache(`c${i}`),
    }));
    const abort = new AbortController();
    const r = recorder({ delayMs: () => 20 });
    const running = applyPlan({ stack: 'shop', scope: 'abc', steps }, r.actions, { remove: false, concurrency: 2 }, op(abort.signal));
    await new Promise((res) => setTimeout(res, 5));
    abort.abort();
    const out = await running;
    assert.deepEqual(r.calls, ['create c0', 'create c1'], 'nothing new started after Cancel');
    assert.deepEqual(
      out.map((o) => o.result),
      ['done', 'done', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped'],
    );
    assert.match(out[2].message, /cancelled/);
  });

  it('an outcome is true when it is reported: made or kept but gone since is a failure that says so', () => {
    const plan: StackPlan = {
      stack: 'shop',
      scope: 'abc',
      steps: [
        { action: 'create', kind: 'cache', name: 'a', reason: '', item: cache('a') },
        { action: 'keep', kind: 'cache', name: 'b', reason: '', item: cache('b') },
        { action: 'create', kind: 'cache', name: 'c', reason: '', item: cache('c') },
        { action: 'create', kind: 'cache', name: 's', reason: '', item: cache('s', 'server') },
      ],
    };
    const outcomes = plan.steps.map((st) => ({
      action: st.action,
      kind: st.kind,
      name: st.name,
      result: st.action === 'keep' ? ('kept' as const) : ('done' as const),
      message: 'ok',
    }));
    const here = [
      {
        kind: 'cache' as const,
        name: 'a',
        resourceId: 'x',
        image: 'redis:7',
        owner: 'ours' as const,
        stack: { name: 'shop', scope: 'abc' },
      },
    ];
    assert.deepEqual(
      checkOutcomes(plan, outcomes, here).map((o) => `${o.name} ${o.result} ${o.message}`),
      [
        'a done ok',
        'b failed planned as there, but it is not there now: Apply again',
        'c failed reported made, but it is not there now: Apply again',
        's done ok',
      ],
    );
  });
});
