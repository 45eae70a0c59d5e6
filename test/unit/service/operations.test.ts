import * as assert from 'node:assert/strict';
import type { ClientSession } from '../../../src/service/clientSession';
import { Operations } from '../../../src/service/support/operations';

/** A window: what the service told it, in order. */
function window(): { session: ClientSession; heard: [string, unknown][] } {
  const heard: [string, unknown][] = [];
  const session = { peer: { notify: (method: string, params: unknown) => heard.push([method, params]) } } as unknown as ClientSession;
  return { session, heard };
}

describe('operations every window sees', () => {
  it('tells every window of its start, steps and outcome; one opened mid-way lists it with its steps so far', async () => {
    const a = window();
    const b = window();
    const ops = new Operations();
    ops.attach(() => [a.session, b.session]);
    let finish: (v: string) => void = () => undefined;
    const running = ops.run(
      a.session,
      'op-1',
      async (op) => {
        op.progress('stop orders');
        op.pastNoReturn?.();
        op.progress('health gate');
        return new Promise<string>((resolve) => (finish = resolve));
      },
      { title: 'Updating orders', resourceId: 'docker:c1', outcome: (r) => ({ level: 'warning', message: `orders ${r}` }) },
    );
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(
      ops.list().operations.map((o) => [o.title, o.steps, o.cancellable]),
      [['Updating orders', ['stop orders', 'health gate'], false]],
    );
    assert.deepEqual(ops.cancel('op-1'), { cancelled: false, reason: 'it is past the point of no return' });
    finish('rolled back');
    assert.equal(await running, 'rolled back');
    for (const w of [a, b]) {
      assert.deepEqual(
        w.heard.map(([m]) => m),
        ['operation/started', 'operation/progress', 'operation/progress', 'operation/progress', 'operation/ended'],
      );
      assert.deepEqual(w.heard[4][1], {
        operationId: 'op-1',
        title: 'Updating orders',
        resourceId: 'docker:c1',
        outcome: { level: 'warning', message: 'orders rolled back' },
      });
    }
    assert.deepEqual(b.heard[2][1], { operationId: 'op-1', message: 'past the point of no return', cancellable: false });
    assert.deepEqual(ops.list(), { operations: [], ended: [] }, 'two windows heard it: nothing kept');
    assert.deepEqual(ops.cancel('op-1'), { cancelled: false, reason: 'it has ended' });
  });

  it('a cancel before the point of no return aborts it; a failure is told as an error', async () => {
    const a = window();
    const ops = new Operations();
    ops.attach(() => [a.session]);
    const running = ops.run(
      a.session,
      'op-2',
      (op) =>
        new Promise<never>((_, reject) =>
          op.signal?.addEventListener('abort', () => reject(new Error('cancelled before anything was changed'))),
        ),
      { title: 'Updating cart' },
    );
    assert.deepEqual(ops.cancel('op-2'), { cancelled: true });
    await assert.rejects(running, /cancelled before/);
    assert.deepEqual(a.heard.at(-1), [
      'operation/ended',
      {
        operationId: 'op-2',
        title: 'Updating cart',
        outcome: { level: 'error', message: 'Updating cart failed: cancelled before anything was changed' },
      },
    ]);
  });

  it('an outcome no window heard (all closed or reloading) is kept for the next window, and told once', async () => {
    const a = window();
    const ops = new Operations();
    let windows = [a.session];
    ops.attach(() => windows);
    let finish: () => void = () => undefined;
    const running = ops.run(a.session, 'op-4', () => new Promise<void>((resolve) => (finish = resolve)), {
      title: 'Updating orders',
      resourceName: 'orders',
    });
    windows = [];
    finish();
    await running;
    const { ended } = ops.list();
    assert.deepEqual(ended, [
      {
        operationId: 'op-4',
        title: 'Updating orders',
        resourceName: 'orders',
        outcome: { level: 'info', message: 'Updating orders: done' },
      },
    ]);
    assert.deepEqual(ops.list().ended, []);
  });

  it('an operation without a title is the caller’s alone, as before', async () => {
    const a = window();
    const b = window();
    const ops = new Operations();
    ops.attach(() => [a.session, b.session]);
    await ops.run(a.session, 'op-3', async (op) => op.progress('one step'));
    assert.deepEqual(a.heard, [['operation/progress', { operationId: 'op-3', message: 'one step' }]]);
    assert.deepEqual(b.heard, []);
  });
});
