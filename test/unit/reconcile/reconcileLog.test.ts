// The reconcile log: a repair each time, a lasting state once when it begins and once
// when it ends, nothing for a pass that changed nothing.
import * as assert from 'node:assert/strict';
import type { ReconcileEntry, ReconcileReport } from '../../../src/protocol/reconcile';
import { ReconcileLog } from '../../../src/service/reconcile/reconcileLog';

function pass(entries: ReconcileEntry[], error?: string): ReconcileReport {
  const totals = { owned: 0, healthy: 0, repaired: 0, skipped: 0, backingOff: 0, gaveUp: 0, failed: 0, drift: 0 };
  return { startedAt: 0, durationMs: 4, requests: 0, entries, totals, ...(error ? { error } : {}) };
}

describe('the reconcile log', () => {
  it('writes drift once, not on every pass, and says when it ends', () => {
    const log = new ReconcileLog();
    const drifting: ReconcileEntry = { name: 'theirs', kind: 'cache', action: 'drift', reason: 'its container is gone' };
    const healthy: ReconcileEntry = { name: 'ours', kind: 'cache', action: 'none' };
    assert.equal(log.line(pass([healthy])), undefined, 'healthy from the start is no news');
    assert.equal(log.line(pass([healthy, drifting]))?.text, 'reconcile: theirs: drift (its container is gone) — 4 ms');
    assert.equal(log.line(pass([healthy, drifting])), undefined);
    assert.equal(log.line(pass([healthy, drifting])), undefined);
    assert.equal(
      log.line(pass([healthy, { name: 'theirs', kind: 'cache', action: 'none' }]))?.text,
      'reconcile: theirs: healthy again — 4 ms',
    );
  });
  it('writes every repair, and backing off once however its countdown changes', () => {
    const log = new ReconcileLog();
    const started: ReconcileEntry = { name: 'ours', kind: 'cache', action: 'started' };
    assert.match(log.line(pass([started]))?.text ?? '', /ours: started/);
    assert.match(log.line(pass([started]))?.text ?? '', /ours: started/, 'a repair is an event each time');
    assert.match(log.line(pass([{ ...started, action: 'backing off', reason: 'next repair in 20 s' }]))?.text ?? '', /backing off/);
    assert.equal(log.line(pass([{ ...started, action: 'backing off', reason: 'next repair in 10 s' }])), undefined);
  });
  it('thousands of changes make one line that names the first twenty', () => {
    const log = new ReconcileLog();
    const many = Array.from({ length: 3000 }, (_, i): ReconcileEntry => ({ name: `c${i}`, kind: 'cache', action: 'drift' }));
    const line = log.line(pass(many))?.text ?? '';
    assert.ok(line.length < 500, `${line.length} characters`);
    assert.match(line, /c19: drift; … and 2980 more — 4 ms$/);
  });
  it('an unreachable engine is a warning once, until it changes', () => {
    const log = new ReconcileLog();
    assert.deepEqual(log.line(pass([], 'connect ECONNREFUSED')), {
      level: 'warn',
      text: 'reconcile: could not look at Docker: connect ECONNREFUSED',
    });
    assert.equal(log.line(pass([], 'connect ECONNREFUSED')), undefined);
  });
});
