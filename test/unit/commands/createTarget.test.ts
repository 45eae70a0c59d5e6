// A wizard says at once when there is nowhere to create what it would ask for.
import * as assert from 'node:assert/strict';
import type { BackendStatus } from '../../../src/protocol/model';
import { nowhereToCreate } from '../../../src/commands/createTarget';

const docker = (state: BackendStatus['state'], error?: string): BackendStatus => ({
  backend: 'docker',
  state,
  target: 'unix:///var/run/docker.sock',
  source: 'default',
  ...(error ? { error } : {}),
});

describe('where a new resource can run', () => {
  it('Docker connected: somewhere', () => {
    assert.equal(nowhereToCreate([docker('connected')]), undefined);
  });
  it('Docker down, Kubernetes off: nowhere, with the reason', () => {
    assert.equal(
      nowhereToCreate([docker('disconnected', 'the Docker socket does not exist (is Docker running?)')]),
      'Docker is not connected: the Docker socket does not exist (is Docker running?)',
    );
    assert.equal(nowhereToCreate([docker('disconnected')]), 'Docker is not connected');
    // Still connecting, or not known yet: the wizard goes on.
    assert.equal(nowhereToCreate([docker('connecting')]), undefined);
    assert.equal(nowhereToCreate(undefined), undefined);
  });
  it('Docker down but a cluster connected: the cluster can take it', () => {
    const kube: BackendStatus = { backend: 'kubernetes', state: 'connected', target: 'kind', source: 'kubeconfig' };
    assert.equal(nowhereToCreate([docker('disconnected'), kube]), undefined);
    assert.match(nowhereToCreate([docker('disconnected'), { ...kube, state: 'disconnected' }]) ?? '', /neither is Kubernetes/);
  });
});
