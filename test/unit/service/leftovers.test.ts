import * as assert from 'node:assert/strict';
import { leftoverAnnotator } from '../../../src/service/fakecloud/leftovers';
import { isAlive } from '../../../src/service/runtimeDir';
import { resourcesFromContainers } from '../../../src/service/model/labels';
import { reconcileStatus } from '../../../src/views/reconcileStatus';
import { ownerText, renderNode } from '../../../src/views/treeNodes';
import { container } from '../../support/fixtures';

describe("a dead fakecloud server's leftovers", () => {
  const [cache, ours] = resourcesFromContainers([
    container(
      { 'fakecloud-elasticache': 'c', 'fakecloud-instance': 'fakecloud-4242' },
      { Id: 'a', State: 'exited', Status: 'Exited (137)' },
    ),
    container({ 'fakecloud-elasticache': 'o', 'fakecloud-managed-by': 'fakecloud-explorer' }, { Id: 'b' }),
  ]);

  it('are marked when their server’s pid is dead on this machine, and only then', () => {
    const dead = leftoverAnnotator({ engineIsLocal: () => true, alive: () => false });
    assert.equal(dead(cache).leftover, true);
    assert.equal(dead(ours).leftover, undefined, 'ours carry no server pid');
    assert.equal(leftoverAnnotator({ engineIsLocal: () => true, alive: () => true })(cache).leftover, undefined);
    // A remote engine's pids are not ours to look up.
    assert.equal(leftoverAnnotator({ engineIsLocal: () => false, alive: () => false })(cache).leftover, undefined);
    assert.equal(isAlive(process.pid), true);
  });

  it('read as leftovers in the tree and are not drift in the status bar', () => {
    const left = { ...cache, leftover: true };
    const v = { service: 'connected' as const, resources: [left], backends: [] };
    const spec = renderNode(v, { type: 'resource', resource: left });
    assert.equal(spec.description, 'exited (137) · redis · leftover');
    assert.match(spec.tooltipMarkdown ?? '', /Leftover: `its fakecloud server \(pid 4242\) is gone/);
    assert.equal(ownerText(left), 'fakecloud server (pid 4242, gone)');
    assert.equal(reconcileStatus(v, undefined, false).hidden, true, 'nothing to watch: no drift from leftovers');
  });
});
