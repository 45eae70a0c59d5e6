import * as assert from 'node:assert/strict';
import { applyDiff } from '../../../src/protocol/applyDiff';
import type { ModelDiff, ModelSnapshot } from '../../../src/protocol/model';
import { LiveModel } from '../../../src/service/model/liveModel';
import { resourcesFromContainers } from '../../../src/service/model/labels';
import { container } from '../../support/fixtures';

const two = () =>
  resourcesFromContainers([
    container({ 'fakecloud-elasticache': 'a', 'fakecloud-instance': 'fakecloud-1' }, { Id: 'a1' }),
    container({ 'fakecloud-ec2': 'i-1', 'fakecloud-instance': 'fakecloud-1' }, { Id: 'b1' }),
  ]);

describe('live model', () => {
  it('emits a diff with the next revision only when something changed', () => {
    const m = new LiveModel();
    const diffs: ModelDiff[] = [];
    m.onDiff((d) => diffs.push(d));
    const rs = two();
    m.replaceBackendResources('docker', rs);
    m.replaceBackendResources('docker', two()); // same content again
    assert.equal(diffs.length, 1);
    assert.equal(diffs[0].revision, 1);
    assert.equal(diffs[0].upserted.length, 2);

    const changed = two();
    changed[0] = { ...changed[0], state: 'exited', exitCode: 0 };
    m.replaceBackendResources('docker', [changed[0]]);
    assert.equal(diffs.length, 2);
    assert.deepEqual(
      diffs[1].upserted.map((r) => r.name),
      ['a'],
    );
    assert.deepEqual(diffs[1].removed, [rs[1].id]);
    assert.equal(m.snapshot().revision, 2);
  });

  it('a client copy follows the diffs and detects a gap', () => {
    const m = new LiveModel();
    const copy: ModelSnapshot = m.snapshot();
    const diffs: ModelDiff[] = [];
    m.onDiff((d) => diffs.push(d));
    m.setBackendStatus({ backend: 'docker', state: 'connected', target: 'unix:///x', source: 'default' });
    m.replaceBackendResources('docker', two());
    m.patch([], [two()[0].id]);
    for (const d of diffs) assert.equal(applyDiff(copy, d), true);
    assert.deepEqual(copy, m.snapshot());
    assert.equal(copy.backends[0].state, 'connected');
    // A diff that skips a revision is refused, so the client re-subscribes.
    m.patch([two()[0]], []);
    m.patch([], [two()[0].id]);
    assert.equal(applyDiff(copy, diffs[diffs.length - 1]), false);
  });

  it('does not emit for an unchanged backend status; keeps backends apart', () => {
    const m = new LiveModel();
    let n = 0;
    m.onDiff(() => n++);
    const st = { backend: 'docker' as const, state: 'disconnected' as const, target: 't', source: 's', error: 'down' };
    m.setBackendStatus(st);
    m.setBackendStatus({ ...st });
    assert.equal(n, 1);
    m.replaceBackendResources('docker', two());
    m.replaceBackendResources('kubernetes', []);
    assert.equal(m.size, 2, 'an empty Kubernetes list does not remove Docker resources');
  });
});
