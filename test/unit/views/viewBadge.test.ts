// The view's badge counts the resources that need a look, and nothing else: a stopped instance the user stopped,
// a leftover of a dead server, or a resource being updated is not a problem.
import * as assert from 'node:assert/strict';
import type { Resource } from '../../../src/protocol/model';
import { resourcesFromContainers } from '../../../src/service/model/labels';
import { viewBadge } from '../../../src/views/viewBadge';
import { container } from '../../support/fixtures';

const one = (over: Partial<Resource>, state: 'running' | 'exited' = 'running'): Resource => ({
  ...resourcesFromContainers([container({ 'fakecloud-elasticache': 'c', 'fakecloud-instance': 'fakecloud-1' }, { State: state })])[0],
  ...over,
});

describe('view badge', () => {
  it('none when all is well, or when what is down was meant to be', () => {
    assert.equal(viewBadge([]), undefined);
    assert.equal(viewBadge([one({}), one({ kept: false }, 'exited'), one({ kept: true, busy: 'updating' }, 'exited')]), undefined);
    assert.equal(
      viewBadge([
        one({ leftover: true, aws: { id: 'a', server: 's', type: 'cache-cluster', awsId: 'c', expectsRunning: true } }, 'exited'),
      ]),
      undefined,
    );
  });
  it('counts failing health checks, back-offs, our resources down, and server resources that should run', () => {
    const b = viewBadge([
      one({ health: 'unhealthy' }),
      one({ condition: { state: 'gave up', reason: 'exits at once' } }, 'exited'),
      one({ kept: true }, 'exited'),
      one({ aws: { id: 'a', server: 's', type: 'cache-cluster', awsId: 'c', expectsRunning: true } }, 'exited'),
      one({}),
    ]);
    assert.deepEqual(b, { value: 4, tooltip: '4 resources need a look' });
    assert.equal(viewBadge([one({ health: 'unhealthy' })])?.tooltip, '1 resource needs a look');
  });
});
