import * as assert from 'node:assert/strict';
import { isOlder } from '../../../src/protocol/buildInfo';
import { serviceLocation } from '../../../src/protocol/serviceLocation';
import { validateDockerHostInput } from '../../../src/commands/connection/dockerHostInput';
import { backoffDelay } from '../../../src/service/support/backoff';
import * as fs from 'node:fs';
import * as path from 'node:path';

describe('service location', () => {
  const base = { platform: 'linux' as const, env: {}, uid: 1000, username: 'ann', tmpdir: '/tmp', homedir: '/home/ann' };
  it('uses XDG_RUNTIME_DIR, else a per-uid dir in tmp', () => {
    assert.equal(serviceLocation({ ...base, env: { XDG_RUNTIME_DIR: '/run/user/1000' } }).socketPath, '/run/user/1000/fakecloud-explorer/service.sock');
    const l = serviceLocation(base);
    assert.equal(l.dir, '/tmp/fakecloud-explorer-1000');
    assert.equal(l.tokenPath, '/tmp/fakecloud-explorer-1000/token');
  });
  it('honours FAKECLOUD_EXPLORER_RUNTIME_DIR; uses a named pipe on Windows', () => {
    assert.equal(serviceLocation({ ...base, env: { FAKECLOUD_EXPLORER_RUNTIME_DIR: '/x' } }).socketPath, '/x/service.sock');
    const w = serviceLocation({ ...base, platform: 'win32', username: 'Ann Lee', env: { LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local' } });
    assert.equal(w.socketPath, '\\\\.\\pipe\\fakecloud-explorer-Ann_Lee');
    assert.equal(w.tokenPath, 'C:\\Users\\ann\\AppData\\Local\\fakecloud-explorer\\token');
  });
});

describe('version handover', () => {
  it('a lower version, or the same version with an earlier build, is older', () => {
    assert.equal(isOlder('0.1.0', '5', '0.2.0', '1'), true);
    assert.equal(isOlder('0.10.0', '5', '0.9.0', '9'), false);
    assert.equal(isOlder('0.1.0', '100', '0.1.0', '200'), true);
    assert.equal(isOlder('0.1.0', '200', '0.1.0', '200'), false);
    assert.equal(isOlder('0.1.0', '300', '0.1.0', '200'), false);
  });
});

describe('reconnect backoff', () => {
  it('doubles from 500 ms and caps at 8 s', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 50].map((n) => backoffDelay(n)), [0, 500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });
});

describe('Docker host input validation', () => {
  it('accepts the URL forms we can use and explains the rest', () => {
    for (const ok of ['', 'unix:///var/run/docker.sock', 'tcp://127.0.0.1:2375', 'tcp://[::1]:2376', 'https://docker.example', 'npipe:////./pipe/docker_engine']) {
      assert.equal(validateDockerHostInput(ok), undefined, ok);
    }
    assert.match(validateDockerHostInput('ssh://me@host')!, /not supported/);
    assert.match(validateDockerHostInput('tcp://h:70000')!, /1–65535/);
    assert.match(validateDockerHostInput('docker.sock')!, /unix:\/\/\//);
  });
});

describe('the thin client bundle', () => {
  it('does not carry dockerode or the Kubernetes client', () => {
    const bundle = path.resolve(__dirname, '../../../../dist/extension.js');
    if (!fs.existsSync(bundle)) throw new Error(`${bundle} is missing: npm run build first`);
    const text = fs.readFileSync(bundle, 'utf8');
    assert.equal(/docker-modem|dockerode/.test(text), false, 'dockerode is in the extension bundle');
    assert.equal(/@kubernetes\/client-node|KubeConfig/.test(text), false, 'the Kubernetes client is in the extension bundle');
    assert.ok(fs.statSync(bundle).size < 200_000, 'the extension bundle stays small');
  });
});
