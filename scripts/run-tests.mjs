// Runs the compiled test suites with mocha, in order, and ends with one plain
// summary line over all of them ("N passed, N failed, N skipped").
// Usage: node scripts/run-tests.mjs unit integration e2e (TEST_GREP=text runs only the tests whose titles have it)
//
// Suites that use Docker run apart from the rest of the machine: in a network namespace of the run's own (its own
// loopback, so a developer's fakecloud server on 127.0.0.1:4566 is not there) and on a Docker engine of the run's own,
// started here with the test images copied in from the machine's engine, and removed at the end. Where that cannot
// be had (not root, no unshare) the suites use the machine's engine, said plainly; with CI=true that fails the run.
import Mocha from 'mocha';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

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

let engine;
if (needsDocker && process.env.FAKECLOUD_TEST_NETNS) {
  // The tests' own engine class (test/support/docker.ts, compiled): host networking on this namespace's loopback, as
  // the machine's engine is set up. Its socket is set before the module loads, since the tests' client reads it then.
  const socket = `/tmp/fcx-dockerd-run-${process.pid}/docker.sock`;
  process.env.FAKECLOUD_TEST_DOCKER_SOCKET = socket;
  // The services, code-server and the docker CLI the tests start reach the run's engine too.
  process.env.DOCKER_HOST = `unix://${socket}`;
  const compiled = resolve('out/test/support/docker.js');
  if (!existsSync(compiled)) {
    console.error('run-tests: no compiled tests in out/test: run npm run compile-tests');
    process.exit(1);
  }
  const support = await import(pathToFileURL(compiled).href);
  const { PrivateDockerd } = support.default ?? support;
  engine = new PrivateDockerd('run');
  if (engine.socket !== socket) throw new Error(`the run's engine listens at ${engine.socket}, not ${socket}`);
  try {
    await engine.start();
    // The test images, built on the machine's engine by test/support/build-test-images.sh, copied in at once.
    const machine = { ...process.env, DOCKER_HOST: 'unix:///var/run/docker.sock' };
    const images = execFileSync('docker', ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}', 'fakecloud-test/*'], {
      env: machine,
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean);
    if (images.length === 0) throw new Error('no test images on the machine’s engine; run scripts/setup-machine.sh');
    const t0 = Date.now();
    execFileSync('sh', ['-c', 'DOCKER_HOST=unix:///var/run/docker.sock docker save "$@" | docker load -q >/dev/null', 'save', ...images], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    console.log(`run-tests: an engine of the run's own at ${socket}, ${images.length} test images copied in ${Date.now() - t0} ms`);
  } catch (err) {
    await engine.destroy();
    console.error(`run-tests: the run's engine could not be made ready: ${err.message}`);
    process.exit(1);
  }
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
  await engine?.destroy();
}
console.log(`\n${total.passes} passed, ${total.failures} failed, ${total.pending} skipped`);
process.exit(total.failures > 0 ? 1 : 0);
