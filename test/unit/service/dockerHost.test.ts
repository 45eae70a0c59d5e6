import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { modemOptions, resolveDockerHost, type HostInputs } from '../../../src/service/backends/docker/dockerHost';

function inputs(over: Partial<HostInputs> & { files?: Record<string, string>; existing?: string[] } = {}): HostInputs {
  const files = over.files ?? {};
  const existing = new Set(over.existing ?? ['/var/run/docker.sock']);
  return {
    env: {},
    platform: 'linux',
    homedir: '/home/u',
    uid: 1000,
    readFile: (p) => files[p],
    exists: (p) => existing.has(p) || p in files,
    ...over,
  };
}

const digest = (name: string) => createHash('sha256').update(name).digest('hex');

describe('Docker host resolution', () => {
  it('prefers the setting over everything', () => {
    const h = resolveDockerHost(inputs({ setting: 'tcp://10.0.0.1:2375', env: { DOCKER_HOST: 'unix:///other.sock' } }));
    assert.equal(h.url, 'tcp://10.0.0.1:2375');
    assert.equal(h.source, 'setting fakecloud.docker.host');
  });

  it('uses DOCKER_HOST next, with TLS files from DOCKER_CERT_PATH when DOCKER_TLS_VERIFY is set', () => {
    const h = resolveDockerHost(
      inputs({
        env: { DOCKER_HOST: 'tcp://docker.example:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' },
        files: { '/certs/ca.pem': 'CA', '/certs/cert.pem': 'CERT', '/certs/key.pem': 'KEY' },
      }),
    );
    assert.equal(h.source, 'DOCKER_HOST');
    assert.deepEqual(h.tls, { verify: true, ca: 'CA', cert: 'CERT', key: 'KEY' });
    assert.deepEqual(modemOptions(h), { host: 'docker.example', port: 2376, protocol: 'https', ca: 'CA', cert: 'CERT', key: 'KEY' });
  });

  it('DOCKER_TLS_VERIFY defaults the cert path to ~/.docker', () => {
    const h = resolveDockerHost(
      inputs({ env: { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1' }, files: { '/home/u/.docker/ca.pem': 'CA' } }),
    );
    assert.equal(h.tls?.ca, 'CA');
  });

  it('plain tcp without TLS env is http on 2375 by default', () => {
    const h = resolveDockerHost(inputs({ env: { DOCKER_HOST: 'tcp://127.0.0.1' } }));
    assert.deepEqual(modemOptions(h), { host: '127.0.0.1', port: 2375, protocol: 'http' });
  });

  it('uses the current context from ~/.docker/config.json and its metadata and TLS material', () => {
    const d = digest('remote');
    const h = resolveDockerHost(
      inputs({
        files: {
          '/home/u/.docker/config.json': JSON.stringify({ currentContext: 'remote', auths: {} }),
          [`/home/u/.docker/contexts/meta/${d}/meta.json`]: JSON.stringify({
            Name: 'remote',
            Endpoints: { docker: { Host: 'tcp://box:2376', SkipTLSVerify: false } },
          }),
          [`/home/u/.docker/contexts/tls/${d}/docker/ca.pem`]: 'CTXCA',
        },
      }),
    );
    assert.equal(h.url, 'tcp://box:2376');
    assert.equal(h.source, 'context remote');
    assert.deepEqual(h.tls, { verify: true, ca: 'CTXCA' });
  });

  it('DOCKER_CONTEXT overrides the config file; DOCKER_CONFIG moves the config dir', () => {
    const d = digest('colima');
    const h = resolveDockerHost(
      inputs({
        env: { DOCKER_CONTEXT: 'colima', DOCKER_CONFIG: '/cfg' },
        files: {
          '/cfg/config.json': JSON.stringify({ currentContext: 'other' }),
          [`/cfg/contexts/meta/${d}/meta.json`]: JSON.stringify({ Endpoints: { docker: { Host: 'unix:///home/u/.colima/docker.sock' } } }),
        },
      }),
    );
    assert.equal(h.url, 'unix:///home/u/.colima/docker.sock');
    assert.deepEqual(modemOptions(h), { socketPath: '/home/u/.colima/docker.sock' });
  });

  it('ignores the "default" context and broken config files', () => {
    assert.equal(
      resolveDockerHost(inputs({ files: { '/home/u/.docker/config.json': '{"currentContext":"default"}' } })).url,
      'unix:///var/run/docker.sock',
    );
    assert.equal(resolveDockerHost(inputs({ files: { '/home/u/.docker/config.json': '{not json' } })).url, 'unix:///var/run/docker.sock');
    // A context whose metadata is missing falls through to the default socket.
    assert.equal(resolveDockerHost(inputs({ env: { DOCKER_CONTEXT: 'gone' } })).url, 'unix:///var/run/docker.sock');
  });

  it('uses the Podman user socket only when the Docker socket does not exist', () => {
    const podman = '/run/user/1000/podman/podman.sock';
    const only = resolveDockerHost(inputs({ existing: [podman] }));
    assert.equal(only.url, `unix://${podman}`);
    assert.equal(only.source, 'Podman user socket');
    assert.equal(resolveDockerHost(inputs({ existing: ['/var/run/docker.sock', podman] })).url, 'unix:///var/run/docker.sock');
    assert.equal(
      resolveDockerHost(inputs({ existing: ['/xdg/podman/podman.sock'], env: { XDG_RUNTIME_DIR: '/xdg' } })).url,
      'unix:///xdg/podman/podman.sock',
    );
  });

  it('falls back to the default socket, and to the named pipe on Windows', () => {
    assert.deepEqual(resolveDockerHost(inputs({ existing: [] })), { url: 'unix:///var/run/docker.sock', source: 'default' });
    const w = resolveDockerHost(inputs({ platform: 'win32' }));
    assert.equal(w.url, 'npipe:////./pipe/docker_engine');
    assert.deepEqual(modemOptions(w), { socketPath: '\\\\.\\pipe\\docker_engine' });
  });

  it('accepts a bare socket path and IPv6 tcp hosts; rejects ssh and nonsense clearly', () => {
    assert.deepEqual(modemOptions(resolveDockerHost(inputs({ setting: '/tmp/d.sock' }))), { socketPath: '/tmp/d.sock' });
    assert.deepEqual(modemOptions({ url: 'tcp://[::1]:2375', source: 's' }), { host: '::1', port: 2375, protocol: 'http' });
    assert.throws(() => modemOptions({ url: 'ssh://me@box', source: 's' }), /ssh:\/\/ Docker hosts are not supported/);
    assert.throws(() => modemOptions({ url: 'ftp://x', source: 's' }), /expected unix:\/\/, npipe:\/\/, tcp:\/\//);
  });
});
