// Runs the compiled test suites with mocha, in order, and ends with one plain
// summary line over all of them ("N passed, N failed, N skipped").
// Usage: node scripts/run-tests.mjs unit integration e2e (TEST_GREP=text runs only the tests whose titles have it)
//
// Suites that use Docker run apart from the rest of the machine: in a network namespace of the run's own (its own
// loopback, so a developer's fakecloud server on 127.0.0.1:4566 is not there) and on a Docker engine of the run's own,
// started here with the test images copied in from the machine's engine, and removed at the end. Where that cannot
// be had (not root, no unshare) the suites use the machine's engine, said plainly; with CI=true that fails the run.
import Mocha from 'mocha';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const suites = process.argv.slice(2);
if (suites.length === 0) suites.push('unit', 'integration');
const needsDocker = suites.some((s) => s !== 'unit');
const ci = process.env.CI === 'true';

function isolationMissing() {
  if (process.getuid?.() !== 0) return 'not root';
  if (spawnSync('unshare', ['--version']).status !== 0) return 'no unshare';
  if (!existsSync('/usr/sbin/dockerd')) return 'no dockerd';
  return undefined;
}

if (needsDocker && !process.env.FAKECLOUD_TEST_NETNS) {
  const missing = isolationMissing();
  if (!missing) {
    // Again, inside a network namespace of its own, with its loopback up.
    const r = spawnSync(
      'unshare',
      ['--net', '--', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"', process.execPath, ...process.argv.slice(1)],
      { stdio: 'inherit', env: { ...process.env, FAKECLOUD_TEST_NETNS: '1' } },
    );
    process.exit(r.status ?? 1);
  }
  const why = `the suites cannot run apart from the machine (${missing}): they use its Docker engine and its loopback`;
  if (ci) {
    console.error(`run-tests: ${why}`);
    process.exit(1);
  }
  console.warn(`run-tests: ${why}`);
}

/** The engine of this run: host networking on this namespace's loopback, as the machine's engine is set up. */
async function startEngine() {
  const root = `/tmp/fcx-test-engine-${process.pid}`;
  const socket = join(root, 'docker.sock');
  mkdirSync(root, { recursive: true });
  const log = openSync(join(root, 'dockerd.log'), 'a');
  const proc = spawn(
    'dockerd',
    [
      '--storage-driver=vfs',
      '--bridge=none',
      '--iptables=false',
      '--ip-masq=false',
      '--shutdown-timeout',
      '1',
      '--data-root',
      join(root, 'data'),
      '--exec-root',
      join(root, 'exec'),
      '--pidfile',
      join(root, 'dockerd.pid'),
      '-H',
      `unix://${socket}`,
    ],
    { stdio: ['ignore', log, log] },
  );
  closeSync(log);
  const docker = (args, opts = {}) => execFileSync('docker', args, { env: { ...process.env, DOCKER_HOST: `unix://${socket}` }, ...opts });
  for (let i = 0; ; i++) {
    try {
      docker(['info'], { stdio: 'ignore', timeout: 5_000 });
      break;
    } catch {
      if (i > 120 || proc.exitCode !== null) {
        console.error(`run-tests: the test engine did not start:\n${readFileSync(join(root, 'dockerd.log'), 'utf8').slice(-2000)}`);
        process.exit(1);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  // The test images, built on the machine's engine by test/support/build-test-images.sh, copied in at once.
  const images = execFileSync('docker', ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}', 'fakecloud-test/*'], {
    env: { ...process.env, DOCKER_HOST: 'unix:///var/run/docker.sock' },
    encoding: 'utf8',
  })
    .split('\n')
    .filter(Boolean);
  if (images.length === 0) {
    console.error('run-tests: no test images on the machine’s engine; run scripts/setup-machine.sh');
    process.exit(1);
  }
  const t0 = Date.now();
  execFileSync('sh', ['-c', 'DOCKER_HOST=unix:///var/run/docker.sock docker save "$@" | docker load -q >/dev/null', 'save', ...images], {
    env: { ...process.env, DOCKER_HOST: `unix://${socket}` },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  console.log(`run-tests: an engine of the run's own at ${socket}, ${images.length} test images copied in ${Date.now() - t0} ms`);
  return {
    socket,
    async stop() {
      proc.kill('SIGTERM');
      await Promise.race([new Promise((r) => proc.once('exit', r)), new Promise((r) => setTimeout(r, 20_000))]);
      if (proc.exitCode === null) proc.kill('SIGKILL');
      spawnSync('pkill', ['-9', '-f', `containerd-shim.*${root}/`]);
      const mounts = readFileSync('/proc/mounts', 'utf8')
        .split('\n')
        .map((l) => l.split(' ')[1])
        .filter((m) => m && m.startsWith(root + '/'))
        .sort((a, b) => b.length - a.length);
      for (const m of mounts) spawnSync('umount', ['-l', m]);
      rmSync(root, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}

let engine;
if (needsDocker && process.env.FAKECLOUD_TEST_NETNS) {
  engine = await startEngine();
  process.env.FAKECLOUD_TEST_DOCKER_SOCKET = engine.socket;
  // The services, code-server and the docker CLI the tests start reach the run's engine too.
  process.env.DOCKER_HOST = `unix://${engine.socket}`;
}

function files(dir) {
  let out = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries.sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out = out.concat(files(p));
    else if (e.endsWith('.test.js')) out.push(p);
  }
  return out;
}

const total = { passes: 0, failures: 0, pending: 0 };
try {
  for (const suite of suites) {
    const config = JSON.parse(readFileSync(`test/${suite}/.mocharc.json`, 'utf8'));
    const mocha = new Mocha({
      timeout: config.timeout,
      slow: config.slow,
      reporter: 'spec',
      ...(process.env.TEST_GREP ? { grep: process.env.TEST_GREP } : {}),
    });
    const found = files(`out/test/${suite}`);
    if (found.length === 0) {
      console.error(`no compiled tests in out/test/${suite}: run npm run compile-tests`);
      process.exit(1);
    }
    for (const f of found) mocha.addFile(resolve(f));
    console.log(`\n=== ${suite} tests`);
    const stats = await new Promise((resolve) => {
      const runner = mocha.run(() => resolve(runner.stats));
    });
    total.passes += stats.passes;
    total.failures += stats.failures;
    total.pending += stats.pending;
    mocha.dispose();
  }
} finally {
  await engine?.stop();
}
console.log(`\n${total.passes} passed, ${total.failures} failed, ${total.pending} skipped`);
process.exit(total.failures > 0 ? 1 : 0);
