// The engine a fakecloud server on this machine uses: Podman when FAKECLOUD_CONTAINER_CLI says so (its socket, or
// CONTAINER_HOST), its own DOCKER_HOST; the default otherwise. Another user's process is not read.
import * as assert from 'node:assert/strict';
import { resolveDockerHost } from '../../../src/service/backends/docker/dockerHost';
import { engineOfServer, findServerEngine, type ProcReader } from '../../../src/service/fakecloud/serverEngine';

function proc(
  processes: Record<number, { argv0: string; env?: Record<string, string>; uid?: number }>,
  sockets: string[] = [],
): ProcReader {
  return {
    pids: () => Object.keys(processes).map(Number),
    read: (p) => {
      const m = /^\/proc\/(\d+)\/(cmdline|environ|status)$/.exec(p);
      const x = m && processes[Number(m[1])];
      if (!m || !x) return undefined;
      if (m[2] === 'cmdline') return [x.argv0, '--addr', '127.0.0.1:4566', ''].join('\0');
      if (m[2] === 'status') return `Name:\tx\nUid:\t${x.uid ?? 1000}\t${x.uid ?? 1000}\t0\t0\n`;
      return x.env
        ? Object.entries(x.env)
            .map(([k, v]) => `${k}=${v}`)
            .join('\0')
        : undefined;
    },
    exists: (p) => sockets.includes(p),
  };
}

describe('the engine a fakecloud server uses', () => {
  it('Podman by FAKECLOUD_CONTAINER_CLI: the user’s socket, root’s, or CONTAINER_HOST', () => {
    const sock = '/run/user/1000/podman/podman.sock';
    assert.deepEqual(
      engineOfServer(7, { FAKECLOUD_CONTAINER_CLI: 'podman' }, 1000, (p) => p === sock),
      {
        url: `unix://${sock}`,
        source: 'the fakecloud server (pid 7): FAKECLOUD_CONTAINER_CLI=podman',
      },
    );
    assert.equal(
      engineOfServer(7, { FAKECLOUD_CONTAINER_CLI: '/usr/bin/podman' }, 0, (p) => p === '/run/podman/podman.sock')?.url,
      'unix:///run/podman/podman.sock',
    );
    assert.equal(
      engineOfServer(7, { FAKECLOUD_CONTAINER_CLI: 'podman', CONTAINER_HOST: 'unix:///x.sock' }, 1000, () => false)?.url,
      'unix:///x.sock',
    );
    // No socket there: nothing to watch instead.
    assert.equal(
      engineOfServer(7, { FAKECLOUD_CONTAINER_CLI: 'podman' }, 1000, () => false),
      undefined,
    );
  });

  it('Docker by its own DOCKER_HOST; the default gives nothing to change', () => {
    assert.equal(engineOfServer(7, { DOCKER_HOST: '/srv/docker.sock' }, 1000, () => false)?.url, 'unix:///srv/docker.sock');
    assert.equal(
      engineOfServer(7, {}, 1000, () => false),
      undefined,
    );
  });

  it('found among processes by its program’s name; others and unreadable ones are passed over', () => {
    const sock = '/run/user/1000/podman/podman.sock';
    const found = findServerEngine(
      proc(
        {
          10: { argv0: '/usr/bin/node', env: { FAKECLOUD_CONTAINER_CLI: 'podman' } },
          11: { argv0: '/opt/fakecloud/bin/fakecloud' }, // another user's: environ unreadable
          12: { argv0: './target/release/fakecloud-server', env: { FAKECLOUD_CONTAINER_CLI: 'podman' }, uid: 1000 },
        },
        [sock],
      ),
    );
    assert.deepEqual(found, { url: `unix://${sock}`, source: 'the fakecloud server (pid 12): FAKECLOUD_CONTAINER_CLI=podman' });
  });

  it('is watched unless the setting names an engine', () => {
    const base = { env: {}, platform: 'linux' as const, homedir: '/h', uid: 1000, readFile: () => undefined, exists: () => true };
    const serverEngine = {
      url: 'unix:///run/user/1000/podman/podman.sock',
      source: 'the fakecloud server (pid 12): FAKECLOUD_CONTAINER_CLI=podman',
    };
    assert.equal(resolveDockerHost({ ...base, serverEngine }).url, serverEngine.url);
    assert.equal(
      resolveDockerHost({ ...base, serverEngine, setting: 'unix:///var/run/docker.sock' }).source,
      'setting fakecloud.docker.host',
    );
  });
});
