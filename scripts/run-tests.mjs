// Runs the compiled test suites with mocha, in order, and ends with one plain
// summary line over all of them ("N passed, N failed, N skipped").
// Usage: node scripts/run-tests.mjs unit integration e2e
import Mocha from 'mocha';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const suites = process.argv.slice(2);
if (suites.length === 0) suites.push('unit', 'integration');

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
for (const suite of suites) {
  const config = JSON.parse(readFileSync(`test/${suite}/.mocharc.json`, 'utf8'));
  const mocha = new Mocha({ timeout: config.timeout, slow: config.slow, reporter: 'spec' });
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
console.log(`\n${total.passes} passed, ${total.failures} failed, ${total.pending} skipped`);
process.exit(total.failures > 0 ? 1 : 0);
