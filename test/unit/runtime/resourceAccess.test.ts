import * as assert from 'node:assert/strict';
import type { Resource } from '../../../src/protocol/model';
import type { ContainerBackend } from '../../../src/service/backends/backend';
import type { PodBackend } from '../../../src/service/backends/podBackend';
import { resourceAccess } from '../../../src/service/runtime/resourceAccess';

const base = { id: 'x', name: 'fn', kind: 'function', containerName: 'c', state: 'running', labels: {} } as unknown as Resource;

/** Records which backend was asked, for which process, in which container. */
function recording() {
  const calls: string[] = [];
  const docker = {
    readLogs: async (id: string) => (calls.push(`docker logs ${id}`), [{ stream: 'stdout', text: 'd' }]),
    execPipe: async (id: string, cmd: string[]) => (calls.push(`docker exec ${id} ${cmd.join(' ')}`), {}),
  } as unknown as ContainerBackend;
  const pods = {
    readLogs: async (name: string, container: string) => (calls.push(`pod logs ${name}/${container}`), 'p'),
    execPipe: async (name: string, container: string, cmd: string[]) => (calls.push(`pod exec ${name}/${container} ${cmd.join(' ')}`), {}),
  } as unknown as PodBackend;
  return { calls, backends: { docker: () => docker, pods: () => pods } };
}

describe('resource access', () => {
  it('reaches a container on Docker, or the main container of its Pod, chosen once from where it runs', async () => {
    const { calls, backends } = recording();
    assert.equal(await resourceAccess({ ...base, backend: 'docker', containerId: 'c1' }, backends).readLogs(10), 'd');
    await resourceAccess({ ...base, backend: 'docker', containerId: 'c1' }, backends).execPipe(['ls']);
    assert.equal(await resourceAccess({ ...base, backend: 'kubernetes', containerId: 'pod-1' }, backends).readLogs(10), 'p');
    await resourceAccess({ ...base, kind: 'cache', backend: 'kubernetes', containerId: 'pod-2' }, backends).execPipe(['redis-cli']);
    assert.deepEqual(calls, ['docker logs c1', 'docker exec c1 ls', 'pod logs pod-1/fakecloud-lambda', 'pod exec pod-2/cache redis-cli']);
  });

  it('a stopped Pod resource has no process: its log is empty and an exec says why', async () => {
    const { calls, backends } = recording();
    const stopped = resourceAccess({ ...base, backend: 'kubernetes', containerId: '' }, backends);
    assert.equal(await stopped.readLogs(10), '');
    await assert.rejects(stopped.execPipe(['sh']), /fn has no Pod while it is stopped/);
    assert.deepEqual(calls, []);
  });
});
