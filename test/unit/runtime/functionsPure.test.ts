// Functions: names, handlers, environment, payloads, the container a deploy runs as, and one invocation's log lines.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listCode, writeCodeArchive } from '../../../src/service/runtime/functions/codeArchive';
import { listeningSockets, pickInvokePort, socketInodes } from '../../../src/service/runtime/functions/invokePort';
import { resourcesFromContainers, rieInvokePort } from '../../../src/service/model/labels';
import { notLambdaAnswer } from '../../../src/protocol/functions';
import { container } from '../../support/fixtures';
import {
  checkPayload,
  functionErrorOf,
  parseEnvironment,
  prettyBody,
  validateFunctionName,
  validateHandler,
} from '../../../src/protocol/functions';
import {
  functionContainerName,
  functionContainerOptions,
  handlerProblem,
  invocationLines,
  type FunctionSpec,
} from '../../../src/service/runtime/functions/functionSpec';

const spec = (over: Partial<FunctionSpec> = {}): FunctionSpec => ({
  name: 'Orders_Fn',
  runtime: 'nodejs20.x',
  image: 'public.ecr.aws/lambda/nodejs:20',
  handler: 'index.handler',
  environment: { STAGE: 'dev' },
  networkMode: 'bridge',
  deployId: 'abcd1234',
  codeSource: '/src',
  codeArchive: '/state/x.tar',
  desired: 'running',
  createdAt: '',
  ...over,
});

describe('function input checks', () => {
  it('names as Lambda allows them', () => {
    assert.equal(validateFunctionName('Orders_Fn-2'), undefined);
    assert.match(validateFunctionName('') ?? '', /Enter/);
    assert.match(validateFunctionName('a.b') ?? '', /not "\."/);
    assert.match(validateFunctionName('x'.repeat(65)) ?? '', /At most 64/);
  });
  it('handlers: file.export for Node.js, Python, Ruby; anything without spaces elsewhere', () => {
    assert.equal(validateHandler('index.handler'), undefined);
    assert.equal(validateHandler('src/app.main', 'python3.12'), undefined);
    assert.match(validateHandler('index') ?? '', /file\.export/);
    assert.match(validateHandler('../up.handler') ?? '', /inside the code folder/);
    assert.match(validateHandler('a b.c') ?? '', /No spaces/);
    assert.equal(validateHandler('example.Handler::handleRequest', 'java21'), undefined);
  });
  it('the handler’s file must be in the code folder (by runtime)', () => {
    const has = (files: string[]) => (rel: string) => files.includes(rel);
    assert.equal(handlerProblem('nodejs20.x', 'app.main', has(['app.mjs'])), undefined);
    assert.match(handlerProblem('nodejs20.x', 'app.main', has(['index.js'])) ?? '', /looked for app\.js, app\.mjs, app\.cjs/);
    assert.equal(handlerProblem('python3.12', 'pkg.mod.fn', has(['pkg/mod.py'])), undefined);
    assert.equal(handlerProblem('provided.al2023', 'anything', has([])), undefined);
  });
  it('environment as KEY=value lines or comma-separated; reserved names refused', () => {
    assert.deepEqual(parseEnvironment('A=1, B = two'), { env: { A: '1', B: 'two' } });
    assert.deepEqual(parseEnvironment('A=x,y\nB=2'), { env: { A: 'x,y', B: '2' } });
    assert.match((parseEnvironment('1A=2') as { error: string }).error, /not a valid variable name/);
    assert.match((parseEnvironment('AWS_REGION=x') as { error: string }).error, /reserved/);
    assert.match((parseEnvironment('A=1,A=2') as { error: string }).error, /twice/);
  });
  it('payloads must be JSON; empty is {}', () => {
    assert.deepEqual(checkPayload(' {"a":1} '), { json: '{"a":1}' });
    assert.deepEqual(checkPayload(''), { json: '{}' });
    assert.match((checkPayload('{"a":') as { error: string }).error, /not valid JSON/);
  });
  it('responses: pretty JSON, and Lambda’s error shape named', () => {
    assert.deepEqual(prettyBody('{"a":[1]}'), { text: '{\n  "a": [\n    1\n  ]\n}', json: true });
    assert.deepEqual(prettyBody('plain'), { text: 'plain', json: false });
    assert.equal(functionErrorOf('{"errorType":"TypeError","errorMessage":"bad","trace":[]}'), 'TypeError: bad');
    assert.equal(functionErrorOf('{"errorMessage":"timed out"}'), 'timed out');
    assert.equal(functionErrorOf('{"message":"ok"}'), undefined);
    assert.equal(functionErrorOf('"errorMessage"'), undefined);
  });
});

describe('function container', () => {
  it('bridge: the image’s entrypoint, the handler as command, 8080 published on loopback', () => {
    const o = functionContainerOptions(spec());
    assert.equal(o.name, 'fakecloud-explorer-fn-orders_fn-abcd1234');
    assert.equal(o.entrypoint, undefined);
    assert.deepEqual(o.cmd, ['index.handler']);
    assert.deepEqual(o.publish, [{ containerPort: 8080, hostIp: '127.0.0.1' }]);
    assert.ok(o.env?.includes('STAGE=dev') && o.env.includes('AWS_LAMBDA_FUNCTION_NAME=Orders_Fn'));
    assert.equal(o.labels['fakecloud-lambda'], 'Orders_Fn');
    assert.equal(o.labels['fakecloud-explorer.deploy-id'], 'abcd1234');
    assert.equal(o.labels['fakecloud-instance'], undefined);
  });
  it('host: the RIE on ports of its own, running the image’s entrypoint', () => {
    const o = functionContainerOptions(spec({ networkMode: 'host', port: 41000, apiPort: 41001 }));
    assert.deepEqual(o.entrypoint, [
      '/usr/local/bin/aws-lambda-rie',
      '--runtime-interface-emulator-address',
      '127.0.0.1:41000',
      '--runtime-api-address',
      '127.0.0.1:41001',
    ]);
    assert.deepEqual(o.cmd, ['/lambda-entrypoint.sh', 'index.handler']);
    assert.deepEqual(o.publish, []);
    assert.equal(o.labels['fakecloud-explorer.port'], '41000');
  });
  it('each deploy has its own container name', () => {
    assert.notEqual(functionContainerName('f', 'aaaa0000'), functionContainerName('f', 'bbbb1111'));
  });
});

describe('one invocation’s log lines', () => {
  const at = (ms: number) => new Date(ms).toISOString().replace('Z', '123456Z');
  const t = 1_800_000_000_000;
  it('START … REPORT after the invoke began; earlier invocations and trailing lines left out', () => {
    const log = [
      `${at(t - 500)} START RequestId: old Version: $LATEST`,
      `${at(t - 490)} REPORT RequestId: old\tDuration: 1 ms`,
      `${at(t + 2)} START RequestId: new Version: $LATEST`,
      `${at(t + 3)} 2026\tnew\tINFO\thello`,
      `${at(t + 4)} END RequestId: new`,
      `${at(t + 4)} REPORT RequestId: new\tDuration: 2 ms`,
      `${at(t + 9)} START RequestId: next Version: $LATEST`,
    ];
    assert.deepEqual(invocationLines(log, t), {
      lines: [
        'START RequestId: new Version: $LATEST',
        '2026\tnew\tINFO\thello',
        'END RequestId: new',
        'REPORT RequestId: new\tDuration: 2 ms',
      ],
      complete: true,
    });
    assert.equal(invocationLines(log.slice(0, 4), t).complete, false);
  });
  it('a line of the request’s on stderr that lands after its REPORT still belongs to it', () => {
    const log = [
      `${at(t + 1)} START RequestId: r1 Version: $LATEST`,
      `${at(t + 2)} END RequestId: r1`,
      `${at(t + 2)} REPORT RequestId: r1\tDuration: 2 ms`,
      `${at(t + 2)} 2026\tr1\tERROR\tInvoke Error`,
      `${at(t + 3)} unrelated`,
      `${at(t + 9)} START RequestId: r2 Version: $LATEST`,
      `${at(t + 9)} 2026\tr1\tERROR\tlate but after the next START`,
    ];
    assert.deepEqual(invocationLines(log, t).lines, [
      'START RequestId: r1 Version: $LATEST',
      'END RequestId: r1',
      'REPORT RequestId: r1\tDuration: 2 ms',
      '2026\tr1\tERROR\tInvoke Error',
    ]);
  });
  it('an engine clock behind ours: the newest complete START … REPORT block', () => {
    const behind = [
      `${at(t - 9_000)} START RequestId: a Version: $LATEST`,
      `${at(t - 8_990)} REPORT RequestId: a\tDuration: 1 ms`,
      `${at(t - 5_000)} START RequestId: b Version: $LATEST`,
      `${at(t - 4_999)} 2026\tb\tINFO\tmine`,
      `${at(t - 4_998)} REPORT RequestId: b\tDuration: 1 ms`,
    ];
    assert.deepEqual(invocationLines(behind, t), { lines: [], complete: false }, 'not while the lines may still be on their way');
    assert.deepEqual(invocationLines(behind, t, true).lines, [
      'START RequestId: b Version: $LATEST',
      '2026\tb\tINFO\tmine',
      'REPORT RequestId: b\tDuration: 1 ms',
    ]);
    assert.deepEqual(invocationLines([], t), { lines: [], complete: false });
  });
});

describe('tar for code folders', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-tar-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** What GNU tar lists of it: type, mode, and path (with a link's target). */
  function listed(tarFile: string): string[] {
    return execFileSync('tar', ['-tvf', tarFile], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((l) => {
        const f = l.split(/\s+/);
        return `${f[0]} ${f.slice(5).join(' ')}`;
      });
  }

  it('long paths (past ustar’s 255 bytes) are kept whole; tar reads every entry', async () => {
    const src = path.join(dir, 'src');
    const deep = path.join(src, 'd'.repeat(90), 'e'.repeat(90), 'f'.repeat(90));
    fs.mkdirSync(deep, { recursive: true });
    fs.writeFileSync(path.join(deep, 'index.js'), 'exports.handler = async () => 1;\n');
    fs.chmodSync(path.join(deep, 'index.js'), 0o644);
    fs.symlinkSync('d'.repeat(90) + '/' + 'e'.repeat(90) + '/' + 'f'.repeat(90) + '/index.js', path.join(src, 'current'));
    const code = await listCode(src);
    const dest = path.join(dir, 'out', 'code.tar');
    const bytes = await writeCodeArchive(code.entries, dest);
    assert.equal(bytes, 33);
    assert.equal(fs.statSync(dest).mode & 0o777, 0o600);
    const long = `${'d'.repeat(90)}/${'e'.repeat(90)}/${'f'.repeat(90)}/index.js`;
    assert.ok(Buffer.byteLength(long) > 255);
    const d = 'd'.repeat(90);
    const dirs = [d, `${d}/${'e'.repeat(90)}`, `${d}/${'e'.repeat(90)}/${'f'.repeat(90)}`];
    assert.deepEqual(listed(dest), [
      `lrwxrwxrwx current -> ${long}`,
      ...dirs.map((p) => `d${listedMode(path.join(src, p))} ${p}/`),
      `-rw-r--r-- ${long}`,
    ]);
  });
  it('a file that changed size after it was listed is refused, and nothing is left', async () => {
    const src = path.join(dir, 'src');
    fs.mkdirSync(src);
    fs.writeFileSync(path.join(src, 'index.js'), 'a');
    const code = await listCode(src);
    fs.writeFileSync(path.join(src, 'index.js'), 'abc');
    const dest = path.join(dir, 'code.tar');
    await assert.rejects(writeCodeArchive(code.entries, dest), /index.js changed while it was read/);
    assert.equal(fs.existsSync(dest), false);
  });
});

/** rwx letters of a file's permission bits, as tar -tv shows them (without the type letter). */
function listedMode(p: string): string {
  const m = fs.statSync(p).mode & 0o777;
  return [6, 3, 0].map((s) => ['r', 'w', 'x'].map((c, i) => ((m >> s) & (4 >> i) ? c : '-')).join('')).join('');
}

describe("a host-networked function's invoke port", () => {
  const TCP = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 111 1 0000000000000000 100 0 0 10 0',
    '   1: 0100007F:2329 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 222 1 0000000000000000 100 0 0 10 0',
    '   2: 0100007F:9C40 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 333 1 0000000000000000 20 4 30 10 -1',
    '   3: 00000000000000000000000001000000:23A3 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 444 1',
  ].join('\n');

  it('reads listening sockets and their inodes, and the sockets a process holds', () => {
    assert.deepEqual(listeningSockets(TCP), [
      { port: 8080, inode: '111' },
      { port: 9001, inode: '222' },
      { port: 9123, inode: '444' },
    ]);
    const ls =
      '/proc/1/fd:\nlrwx------ 1 root root 64 0 -> /dev/null\nlrwx------ 1 root root 64 3 -> socket:[222]\nlrwx------ 1 root root 64 4 -> socket:[444]';
    assert.deepEqual([...socketInodes(ls)], ['222', '444']);
  });

  it("takes the emulator's flag, else 8080 when its own, else its only port besides the runtime API; never someone else's 8080", () => {
    const argv = [
      '/usr/local/bin/aws-lambda-rie',
      '--runtime-interface-emulator-address',
      '127.0.0.1:9123',
      '/lambda-entrypoint.sh',
      'h.x',
    ];
    assert.equal(pickInvokePort('fn', [9001, 9123], argv), 9123);
    assert.equal(pickInvokePort('fn', [9123], ['rie', '--runtime-interface-emulator-address=0.0.0.0:9123']), 9123);
    assert.equal(pickInvokePort('fn', [9001, 8080], ['/lambda-entrypoint.sh', 'h.x']), 8080);
    assert.equal(pickInvokePort('fn', [9001, 7777], ['/lambda-entrypoint.sh', 'h.x']), 7777);
    // 8080 held by the host's web server is not among the container's own sockets.
    assert.throws(
      () => pickInvokePort('fn', [], ['/lambda-entrypoint.sh', 'h.x']),
      /fn runs on the host's network .*nothing in its container listens/,
    );
    assert.throws(() => pickInvokePort('fn', [9001], argv), /was told port 9123, but nothing there listens/);
    assert.throws(() => pickInvokePort('fn', [7000, 7001], ['x']), /listen on 7000, 7001, and none is surely the invoke API/);
  });

  it("the tree shows a host-networked function's port only from its emulator's flag", () => {
    assert.equal(rieInvokePort('/usr/local/bin/aws-lambda-rie --runtime-interface-emulator-address 127.0.0.1:9123 x.h'), 9123);
    assert.equal(rieInvokePort('/lambda-entrypoint.sh index.handler'), undefined);
    const [fn] = resourcesFromContainers([
      container(
        { 'fakecloud-lambda': 'f', 'fakecloud-instance': 'fakecloud-1' },
        { Command: '/lambda-entrypoint.sh index.handler', HostConfig: { NetworkMode: 'host' } },
      ),
    ]);
    assert.equal(fn.endpoint, undefined, 'no guess of 8080');
  });

  it('an answer that is not the invoke API is told apart from a function result', () => {
    assert.equal(notLambdaAnswer({ status: 200, contentType: 'application/json', body: '{"ok":1}' }), undefined);
    assert.equal(notLambdaAnswer({ status: 200, contentType: '', body: '{"errorMessage":"x","errorType":"E"}' }), undefined);
    assert.equal(
      notLambdaAnswer({ status: 405, contentType: 'text/html', body: '<html><body>405 Unsupported method</body></html>' }),
      'HTTP 405 (405 Unsupported method)',
    );
    assert.match(
      notLambdaAnswer({ status: 200, contentType: 'text/html; charset=utf-8', body: '<!doctype html><p>hi' }) ?? '',
      /^an HTML page/,
    );
  });
});
