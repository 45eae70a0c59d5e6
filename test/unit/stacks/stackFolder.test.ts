// What a stack file may read: only files inside its folder (by "..", absolute paths and links alike), each with a
// bound and off the event loop, whatever the file turns out to be (/proc, a FIFO, a link to one).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readStack } from '../../../src/service/stacks/stackFile';
import { localStackFiles, resolveInside } from '../../../src/service/stacks/stackFolder';
import { readBounded } from '../../../src/platform/boundedRead';
import { planStack, planText, stackScope } from '../../../src/service/stacks/stackPlan';

const IMAGES = { redis: 'redis:7-alpine', memcached: 'memcached:1.6-alpine', instance: 'amazonlinux:2023' };

describe("a stack file's paths", () => {
  let root: string;
  let app: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-stack-folder-'));
    app = path.join(root, 'app');
    fs.mkdirSync(path.join(app, 'fn'), { recursive: true });
    fs.mkdirSync(path.join(root, 'secret'));
    fs.writeFileSync(path.join(root, 'secret', 'creds'), 'aws_secret_access_key=AKIA...\n');
    fs.writeFileSync(path.join(app, 'init.sh'), 'echo hi\n');
    fs.writeFileSync(path.join(app, 'fn', 'index.js'), 'exports.handler = async () => 1;\n');
    fs.symlinkSync('../secret/creds', path.join(app, 'creds-link'));
    fs.symlinkSync('/proc/self/environ', path.join(app, 'env-link'));
    fs.symlinkSync(path.join(root, 'secret'), path.join(app, 'secret-dir'));
    fs.symlinkSync('init.sh', path.join(app, 'inner-link'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('stay inside the folder: "..", absolute paths and links out are refused; links inside are followed', async () => {
    for (const out of [
      '../secret/creds',
      '/etc/shadow',
      '/proc/self/environ',
      'creds-link',
      'env-link',
      'secret-dir/creds',
      'fn/../../secret',
    ])
      assert.ok('problem' in (await resolveInside(app, out)), out);
    assert.deepEqual(await resolveInside(app, 'inner-link'), { path: path.join(fs.realpathSync(app), 'init.sh') });
    assert.deepEqual(await resolveInside(app, 'fn'), { path: path.join(fs.realpathSync(app), 'fn') });
    // Not there yet: checked as far as it exists.
    assert.deepEqual(await resolveInside(app, 'later/x.rdb'), { path: path.join(fs.realpathSync(app), 'later', 'x.rdb') });
    assert.ok('problem' in (await resolveInside(app, 'secret-dir/not-yet')));
  });

  it('a stack file naming files outside gets a problem at each line, and nothing outside is read or probed', async () => {
    const text = [
      'instances:',
      '  a: { userDataFile: /proc/self/environ }',
      '  b: { userDataFile: ../secret/creds }',
      '  c: { userDataFile: creds-link }',
      'functions:',
      '  f: { runtime: nodejs20.x, handler: index.handler, code: ../secret }',
      '',
    ].join('\n');
    const r = await readStack(text, path.join(app, 'fakecloud.yaml'), IMAGES, localStackFiles);
    assert.ok(!r.ok);
    if (r.ok) return;
    assert.deepEqual(
      r.problems.map((p) => [p.line, /outside the stack file’s folder/.test(p.message)]),
      [
        [2, true],
        [3, true],
        [4, true],
        [6, true],
      ],
    );
    assert.ok(!r.problems.some((p) => /AKIA|ENOENT|EACCES/.test(p.message)), 'says nothing of what is outside');
  });

  it('the plan lists each file Apply will read', async () => {
    const file = path.join(app, 'fakecloud.yaml');
    const text =
      'instances:\n  web: { userDataFile: inner-link }\nfunctions:\n  f: { runtime: nodejs20.x, handler: index.handler, code: fn }\n';
    const r = await readStack(text, file, IMAGES, localStackFiles);
    assert.ok(r.ok, JSON.stringify(r));
    if (!r.ok) return;
    assert.equal(r.stack.items[0].instance?.userData, 'echo hi\n');
    const plan = planStack(r.stack, stackScope(file), []);
    plan.files = r.stack.files;
    const shown = planText(plan);
    assert.match(shown, /# Files Apply reads/);
    assert.match(shown, /^ {2}inner-link — user data of instance web$/m);
    assert.match(shown, /^ {2}fn — code of function f$/m);
  });

  it('a file is read with a bound, whatever stat says: /proc, a FIFO, a file too long', async () => {
    // stat says 0 bytes for both; one reads on and on (1.5 GB when read whole), one a few kilobytes.
    await assert.rejects(readBounded('/proc/self/pagemap', 1024 * 1024));
    await assert.rejects(readBounded('/proc/self/maps', 100), /more than 100 bytes/);
    const fifo = path.join(root, 'fifo');
    execFileSync('mkfifo', [fifo]);
    await assert.rejects(readBounded(fifo, 1024), /not a regular file/);
    fs.writeFileSync(path.join(root, 'long'), 'x'.repeat(2048));
    await assert.rejects(readBounded(path.join(root, 'long'), 1024), /more than 1024 bytes/);
    assert.equal((await readBounded(path.join(app, 'init.sh'), 1024)).toString(), 'echo hi\n');
  });
});
