import * as assert from 'node:assert/strict';
import { isOlder } from '../../../src/protocol/buildInfo';
import { MAX_SOCKET_PATH, serviceLocation } from '../../../src/protocol/serviceLocation';
import { validateDockerHostInput } from '../../../src/commands/connection/dockerHostInput';
import { backoffDelay } from '../../../src/protocol/backoff';
import { SETTING_LIMITS, outOfRange } from '../../../src/protocol/settingLimits';
import { MAX_TIMER_MS, timerDelay } from '../../../src/service/support/timers';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { counted } from '../../../src/protocol/text';

describe('service location', () => {
  const base = { platform: 'linux' as const, env: {}, uid: 1000, username: 'ann', tmpdir: '/tmp', homedir: '/home/ann' };
  it('Linux: the runtime directory under XDG_RUNTIME_DIR; the state under XDG_STATE_HOME or ~/.local/state', () => {
    const l = serviceLocation({ ...base, env: { XDG_RUNTIME_DIR: '/run/user/1000' } });
    assert.equal(l.socketPath, '/run/user/1000/fakecloud-explorer/service.sock');
    assert.equal(l.stateDir, '/home/ann/.local/state/fakecloud-explorer');
    assert.deepEqual(l.legacyStateDirs, ['/run/user/1000/fakecloud-explorer/state']);
    assert.deepEqual(l.legacyRuntimeDirs, [], 'the runtime directory did not move');
    assert.equal(serviceLocation({ ...base, env: { XDG_STATE_HOME: '/data/state' } }).stateDir, '/data/state/fakecloud-explorer');
    // Relative XDG paths are ignored, as the specification says.
    assert.equal(
      serviceLocation({ ...base, env: { XDG_STATE_HOME: 'rel/state', XDG_RUNTIME_DIR: 'rel' } }).stateDir,
      '/home/ann/.local/state/fakecloud-explorer',
    );
  });
  it('Linux without XDG_RUNTIME_DIR: a runtime directory in the home, never a predictable shared /tmp path', () => {
    const l = serviceLocation(base);
    assert.equal(l.dir, '/home/ann/.cache/fakecloud-explorer/run');
    assert.equal(l.tokenPath, '/home/ann/.cache/fakecloud-explorer/run/token');
    assert.equal(l.lockPath, '/home/ann/.cache/fakecloud-explorer/run/service.pid');
    assert.equal(l.stateDir, '/home/ann/.local/state/fakecloud-explorer');
    assert.deepEqual(l.legacyStateDirs, ['/tmp/fakecloud-explorer-1000/state']);
    assert.deepEqual(l.legacyRuntimeDirs, ['/tmp/fakecloud-explorer-1000'], 'where an older service may still run');
    assert.equal(serviceLocation({ ...base, env: { XDG_CACHE_HOME: '/c' } }).dir, '/c/fakecloud-explorer/run');
  });
  it('a home too deep for a socket path falls back to the per-uid temp folder (checked for ownership by both sides)', () => {
    const deep = '/home/' + 'x'.repeat(90);
    const l = serviceLocation({ ...base, homedir: deep });
    assert.equal(l.dir, '/tmp/fakecloud-explorer-1000');
    assert.ok(l.socketPath.length <= MAX_SOCKET_PATH);
    assert.equal(l.stateDir, `${deep}/.local/state/fakecloud-explorer`, 'the state stays in the home');
    assert.deepEqual(l.legacyRuntimeDirs, [], 'same runtime directory as before');
  });
  it('macOS: the per-user temp folder for the runtime; Application Support for the state', () => {
    const l = serviceLocation({ ...base, platform: 'darwin', tmpdir: '/var/folders/zz/abc/T', homedir: '/Users/ann' });
    assert.equal(l.dir, '/var/folders/zz/abc/T/fakecloud-explorer-1000');
    assert.equal(l.stateDir, '/Users/ann/Library/Application Support/fakecloud-explorer');
    assert.deepEqual(l.legacyStateDirs, ['/var/folders/zz/abc/T/fakecloud-explorer-1000/state']);
    assert.deepEqual(l.legacyRuntimeDirs, []);
  });
  it('Windows: a named pipe; token and state under LOCALAPPDATA (which lasts, so nothing moves)', () => {
    const w = serviceLocation({ ...base, platform: 'win32', username: 'Ann Lee', env: { LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local' } });
    assert.equal(w.socketPath, '\\\\.\\pipe\\fakecloud-explorer-Ann_Lee');
    assert.equal(w.tokenPath, 'C:\\Users\\ann\\AppData\\Local\\fakecloud-explorer\\token');
    assert.equal(w.stateDir, 'C:\\Users\\ann\\AppData\\Local\\fakecloud-explorer\\state');
    assert.deepEqual(w.legacyStateDirs, []);
    const noLocal = serviceLocation({ ...base, platform: 'win32', homedir: 'C:\\Users\\ann' });
    assert.equal(noLocal.stateDir, 'C:\\Users\\ann\\AppData\\Local\\fakecloud-explorer\\state');
  });
  it("FAKECLOUD_EXPLORER_RUNTIME_DIR and _STATE_DIR: chosen directories; only the chosen runtime directory's old state is migrated", () => {
    const l = serviceLocation({ ...base, env: { FAKECLOUD_EXPLORER_RUNTIME_DIR: '/x', XDG_RUNTIME_DIR: '/run/user/1000' } });
    assert.equal(l.socketPath, '/x/service.sock');
    assert.equal(l.stateDir, '/home/ann/.local/state/fakecloud-explorer');
    assert.deepEqual(l.legacyStateDirs, ['/x/state']);
    assert.deepEqual(l.legacyRuntimeDirs, []);
    const both = serviceLocation({ ...base, env: { FAKECLOUD_EXPLORER_RUNTIME_DIR: '/x', FAKECLOUD_EXPLORER_STATE_DIR: '/s' } });
    assert.equal(both.stateDir, '/s');
  });
  it('the state directory is never inside the runtime directory or a temp folder', () => {
    for (const platform of ['linux', 'darwin', 'freebsd'] as const) {
      for (const env of [{}, { XDG_RUNTIME_DIR: '/run/user/1000' }]) {
        const l = serviceLocation({ ...base, platform, env });
        assert.ok(
          !l.stateDir.startsWith(l.dir + '/') && !l.stateDir.startsWith('/tmp') && !l.stateDir.startsWith('/run'),
          `${platform} ${JSON.stringify(env)}: ${l.stateDir}`,
        );
      }
    }
  });
});

describe('setting ranges', () => {
  it('the settings schema and the service hold the same ranges', () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as {
      contributes: {
        configuration: { title: string; order: number; properties: Record<string, { minimum?: number; maximum?: number }> }[];
      };
    };
    const properties = Object.assign({}, ...pkg.contributes.configuration.map((g) => g.properties)) as Record<
      string,
      { minimum?: number; maximum?: number }
    >;
    // Settings come in titled groups, in order, as the Settings UI shows them.
    assert.deepEqual(
      pkg.contributes.configuration.map((g) => g.order),
      pkg.contributes.configuration.map((_, i) => i),
    );
    assert.ok(pkg.contributes.configuration.every((g) => g.title.length > 0));
    for (const [setting, { min, max }] of Object.entries(SETTING_LIMITS)) {
      const schema = properties[`fakecloud.${setting}`];
      assert.ok(schema, setting);
      assert.deepEqual([schema.minimum, schema.maximum], [min, max], setting);
    }
  });
  it('runs where the workspace is; in an untrusted workspace, what picks the engine, cluster, server or images is user-only', () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as {
      extensionKind: string[];
      capabilities: {
        untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] };
        virtualWorkspaces: { supported: boolean };
      };
      contributes: { configuration: { properties: Record<string, unknown> }[] };
    };
    assert.deepEqual(pkg.extensionKind, ['workspace']);
    assert.equal(pkg.capabilities.virtualWorkspaces.supported, false);
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    const settings = Object.keys(Object.assign({}, ...pkg.contributes.configuration.map((g) => g.properties)) as object);
    const restricted = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;
    for (const r of restricted) assert.ok(settings.includes(r), `${r} is a setting`);
    for (const s of settings.filter((x) => /^fakecloud\.(docker\.|servers$|images\.|kubernetes\.)/.test(x)))
      assert.ok(restricted.includes(s) || s === 'fakecloud.docker.host', `${s} is restricted`);
    assert.ok(restricted.includes('fakecloud.docker.host'));
  });
  it('a value past the range is refused with the range in the message', () => {
    assert.equal(outOfRange('reconcile.intervalSeconds', 30), undefined);
    assert.match(outOfRange('reconcile.intervalSeconds', 1e10)!, /from 1 to 86400 \(got 10000000000\)/);
    assert.match(outOfRange('update.pollMillis', Number.NaN)!, /got null/);
    assert.match(outOfRange('service.idleShutdownSeconds', 3_000_000)!, /from 0 to 604800/);
  });
  it('a timer delay never wraps: past 2^31-1 ms it waits as long as a timer can', () => {
    assert.equal(timerDelay(1e13), MAX_TIMER_MS);
    assert.equal(timerDelay(Number.NaN), MAX_TIMER_MS);
    assert.equal(timerDelay(-5), 0);
    assert.equal(timerDelay(1500), 1500);
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
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5, 6, 50].map((n) => backoffDelay(n)),
      [0, 500, 1000, 2000, 4000, 8000, 8000, 8000],
    );
  });
});

describe('Docker host input validation', () => {
  it('accepts the URL forms we can use and explains the rest', () => {
    for (const ok of [
      '',
      'unix:///var/run/docker.sock',
      'tcp://127.0.0.1:2375',
      'tcp://[::1]:2376',
      'https://docker.example',
      'npipe:////./pipe/docker_engine',
    ]) {
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
    // Our own code only (about 185 KB minified, 300 KB not): dockerode, the Kubernetes client or the AWS SDK would each add megabytes.
    assert.ok(fs.statSync(bundle).size < 400_000, 'the extension bundle stays small');
  });
});

describe('wording', () => {
  it('a count takes its noun in the right number', () => {
    assert.equal(counted(1, 'file'), '1 file');
    assert.equal(counted(0, 'file'), '0 files');
    assert.equal(counted(2, 'key'), '2 keys');
    assert.equal(counted(3, 'entry', 'entries'), '3 entries');
  });
});
