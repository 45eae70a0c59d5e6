// Another local user must not be able to stand in for the service: the client refuses
// a runtime directory, socket or token that is not the user's own and private, and never
// writes through a link planted in its place. User B is uid 65534 (nobody); the tests
// run as root, so the client's checks (not the kernel's permission bits) are what refuse.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { serviceLocation, type ServiceLocation } from '../../src/protocol/serviceLocation';
import { cleanupLocation, client, requireBundle, tempLocation } from '../support/service';

const OTHER = 65534;

/** User B's fake service: listens on the socket, counts connections and the bytes sent to it. */
function squatter(location: ServiceLocation, dirMode: number): Promise<{ proc: ChildProcess; report: () => Promise<string> }> {
  const script = `
    const net = require('net'); const fs = require('fs');
    fs.mkdirSync(${JSON.stringify(location.dir)}, { recursive: true });
    fs.chmodSync(${JSON.stringify(location.dir)}, ${dirMode});
    fs.writeFileSync(${JSON.stringify(location.tokenPath)}, 'b'.repeat(64), { mode: 0o644 });
    let connections = 0, bytes = 0;
    const s = net.createServer((c) => { connections++; c.on('data', (d) => bytes += d.length); });
    s.listen(${JSON.stringify(location.socketPath)}, () => { fs.chmodSync(${JSON.stringify(location.socketPath)}, 0o777); console.log('LISTENING'); });
    process.on('SIGTERM', () => { console.log('REPORT ' + connections + ' ' + bytes); process.exit(0); });`;
  const proc = spawn(process.execPath, ['-e', script], { uid: OTHER, gid: OTHER, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the squatter did not start: ${out}`)), 10_000);
    const check = setInterval(() => {
      if (!out.includes('LISTENING')) return;
      clearInterval(check);
      clearTimeout(timer);
      resolve({
        proc,
        report: () =>
          new Promise((res) => {
            proc.once('exit', () => res(out));
            proc.kill('SIGTERM');
          }),
      });
    }, 20);
  });
}

describe('a runtime directory another local user made first', function () {
  const locations: ServiceLocation[] = [];
  const procs: ChildProcess[] = [];

  before(function () {
    requireBundle();
    if (process.getuid?.() !== 0) {
      if (process.env.CI === 'true') throw new Error('CI runs as root to play a second local user');
      this.skip();
    }
  });

  afterEach(async () => {
    for (const p of procs.splice(0)) p.kill('SIGKILL');
    for (const l of locations.splice(0)) await cleanupLocation(l);
  });

  const loc = (name: string) => {
    // In the shared temp folder, where anyone can create a directory first.
    const l = tempLocation(name);
    locations.push(l);
    return l;
  };

  for (const mode of [0o777, 0o700]) {
    it(`is refused with a clear message and never connected to (B's directory, mode ${mode.toString(8)}, a listening socket, a readable token)`, async () => {
      const l = loc(`squat${mode.toString(8)}`);
      const b = await squatter(l, mode);
      procs.push(b.proc);
      const c = client(l);
      await assert.rejects(c.connect(), (err: Error) => {
        assert.match(err.message, /refusing to use the directory .* belongs to uid 65534, not to you \(uid 0\)/);
        assert.match(err.message, /impersonate the Fakecloud service/);
        return true;
      });
      c.dispose();
      const report = await b.report();
      assert.match(report, /REPORT 0 0/, `B's fake service was never connected to: ${report}`);
      assert.equal(fs.existsSync(path.join(l.dir, 'service-start.log')), false, 'nothing was written into it');
    });
  }

  it('a socket of B in a directory of ours is refused', async () => {
    const l = loc('foreign-socket');
    fs.mkdirSync(l.dir, { mode: 0o700 });
    const server = net.createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(l.socketPath, r));
    try {
      fs.chownSync(l.socketPath, OTHER, OTHER);
      const c = client(l);
      await assert.rejects(c.connect(), /refusing to use the socket .*service\.sock: it belongs to uid 65534/);
      c.dispose();
      fs.chownSync(l.socketPath, 0, 0);
      fs.chmodSync(l.socketPath, 0o666);
      const c2 = client(l);
      await assert.rejects(c2.connect(), /socket .* its mode is 0666, open to other users/);
      c2.dispose();
    } finally {
      server.close();
    }
  });

  it("a token that is B's, readable by others, or a link is refused before it is sent", async () => {
    const l = loc('token');
    const c = client(l);
    await c.connect();
    c.dispose();
    const token = fs.readFileSync(l.tokenPath, 'utf8');
    fs.chownSync(l.tokenPath, OTHER, OTHER);
    const c1 = client(l);
    await assert.rejects(c1.connect(), /refusing to use the file .*token: it belongs to uid 65534/);
    c1.dispose();
    fs.chownSync(l.tokenPath, 0, 0);
    fs.chmodSync(l.tokenPath, 0o644);
    const c2 = client(l);
    await assert.rejects(c2.connect(), /token: its mode is 0644/);
    c2.dispose();
    fs.rmSync(l.tokenPath);
    const elsewhere = `${l.dir}-token`;
    fs.writeFileSync(elsewhere, token, { mode: 0o600 });
    fs.symlinkSync(elsewhere, l.tokenPath);
    const c3 = client(l);
    await assert.rejects(c3.connect(), /refusing to read .*token: it is a symbolic link/);
    c3.dispose();
    fs.rmSync(elsewhere);
  });

  it('a link planted as service-start.log is never written through', async () => {
    const l = loc('startlog');
    fs.mkdirSync(l.dir, { mode: 0o700 });
    const victim = `${l.dir}-victim`;
    fs.writeFileSync(victim, 'precious\n');
    fs.symlinkSync(victim, path.join(l.dir, 'service-start.log'));
    fs.lchownSync(path.join(l.dir, 'service-start.log'), OTHER, OTHER);
    const c = client(l);
    await assert.rejects(c.connect(), /refusing to write .*service-start\.log: it is a symbolic link/);
    c.dispose();
    assert.equal(fs.readFileSync(victim, 'utf8'), 'precious\n');
    fs.rmSync(victim);
  });

  it("B's directory where an older service of ours would run: neither stopped nor migrated from, and our service starts", async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-home-'));
    const tmpdir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-tmpdir-'));
    fs.chmodSync(tmpdir, 0o1777);
    try {
      const now = serviceLocation({ platform: process.platform, env: { HOME: home }, uid: 0, username: 'root', tmpdir, homedir: home });
      const legacy = now.legacyRuntimeDirs[0];
      // B makes the old place first, names its own live process as the "service", and leaves a "state" to take.
      const script = `
        const fs = require('fs');
        fs.mkdirSync(${JSON.stringify(path.join(legacy, 'state'))}, { recursive: true, mode: 0o700 });
        fs.writeFileSync(${JSON.stringify(path.join(legacy, 'service.pid'))}, String(process.pid));
        fs.writeFileSync(${JSON.stringify(path.join(legacy, 'state', 'desired-state.json'))}, '{"schemaVersion":2,"caches":{}}');
        console.log('READY'); setInterval(() => undefined, 1000);`;
      const b = spawn(process.execPath, ['-e', script], { uid: OTHER, gid: OTHER, stdio: ['ignore', 'pipe', 'pipe'] });
      procs.push(b);
      await new Promise<void>((resolve) => b.stdout.on('data', (d: Buffer) => d.toString().includes('READY') && resolve()));
      const c = client(now, { env: { PATH: process.env.PATH, HOME: home, TMPDIR: tmpdir } });
      await c.connect();
      c.dispose();
      assert.equal(b.exitCode, null, "B's process was not signalled");
      assert.ok(fs.existsSync(path.join(legacy, 'state', 'desired-state.json')), "B's files are left alone");
      assert.equal(fs.existsSync(path.join(now.stateDir, 'desired-state.json')), false, 'nothing of B was taken in');
      await cleanupLocation(now);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
      fs.rmSync(tmpdir, { recursive: true, force: true });
    }
  });

  it('a directory of ours left open (0755) is closed to 0700 and used', async () => {
    const l = loc('open');
    fs.mkdirSync(l.dir, { mode: 0o755 });
    fs.chmodSync(l.dir, 0o755);
    const c = client(l);
    await c.connect();
    c.dispose();
    assert.equal((fs.statSync(l.dir).mode & 0o777).toString(8), '700');
  });
});
