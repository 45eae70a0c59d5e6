// What destructive commands ask: whose the resource is and everything that goes with it.
import * as assert from 'node:assert/strict';
import type { Resource } from '../../../src/protocol/model';
import { deleteCacheDetail, deleteFunctionQuestion } from '../../../src/views/confirmations';

const fn: Resource = {
  id: 'docker:f1',
  backend: 'docker',
  kind: 'function',
  name: 'resize',
  service: 'lambda',
  engine: 'nodejs20.x',
  image: 'img',
  containerId: 'f1',
  containerName: 'fakecloud-explorer-fn-resize',
  state: 'running',
  status: 'Up',
  owner: { type: 'extension' },
  created: 0,
  labels: {},
};

describe('confirmations', () => {
  it('deleting our function says its stored code goes too; a server’s says whose it is', () => {
    assert.match(
      deleteFunctionQuestion(fn),
      /^Delete function resize\? Its container fakecloud-explorer-fn-resize is removed, with the code stored for it/,
    );
    const theirs = deleteFunctionQuestion({ ...fn, owner: { type: 'fakecloud', pid: 7, instance: 'fakecloud-7' } });
    assert.doesNotMatch(theirs, /code stored/);
    assert.match(theirs, /fakecloud server .*Lambda API will still list it/);
  });
  it('deleting a cache says what goes with it', () => {
    const cache = { ...fn, kind: 'cache' as const, engine: 'redis', service: 'elasticache' };
    assert.match(deleteCacheDetail(cache), /data volume are removed/);
    assert.match(deleteCacheDetail({ ...cache, backend: 'kubernetes' }), /deleted, and its data with it/);
    assert.match(deleteCacheDetail({ ...cache, owner: { type: 'fakecloud', pid: 7, instance: 'fakecloud-7' } }), /volumes are kept/);
  });
});
