// Stack files, pure: reading YAML and JSON into items (paths resolved, images chosen), every mistake placed at its
// line and column, the JSON Schema for editors generated from the same schema, and plans (file + what exists → plan).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StackResource } from '../../../src/protocol/stack';
import { readStack, stackNameOf, type StackFileAccess } from '../../../src/service/stacks/stackFile';
import { within } from '../../../src/platform/within';
import { planDigest, planStack, planText, stackScope } from '../../../src/service/stacks/stackPlan';
import { stackJsonSchema } from '../../../src/service/stacks/stackSchema';
import { stackResources } from '../../../src/service/stacks/stackResources';
import type { Resource } from '../../../src/protocol/model';
import { exportStack } from '../../../src/service/stacks/stackExport';
import type { AwsResource } from '../../../src/protocol/aws';

const IMAGES = { redis: 'redis:7-alpine', memcached: 'memcached:1.6-alpine', instance: 'amazonlinux:2023' };
const FILE = '/work/shop/fakecloud.yaml';
/** The machine as a stack sees it: paths checked as written (no links here), files read from `texts`. */
function filesWith(texts: Record<string, string> = {}): StackFileAccess {
  return {
    resolve: async (dir, p) => {
      const abs = path.resolve(dir, p);
      return within(dir, abs) ? { path: abs } : { problem: `${p} is outside the stack file’s folder` };
    },
    readText: async (file) => {
      const t = texts[file];
      if (t === undefined) throw Object.assign(new Error(`ENOENT ${file}`), { code: 'ENOENT' });
      return t;
    },
  };
}
const noFiles = filesWith();

const EXAMPLE = `name: shop
caches:
  sessions:
    engine: redis
    version: "7.2"
    port: 6380
  counters:
    engine: memcached
  orders-cache:
    image: fakecloud-test/redis:7
    snapshot: snapshots/orders.rdb
instances:
  web:
    userData: |
      #!/bin/sh
      echo hi
    tags:
      team: payments
functions:
  orders:
    runtime: nodejs20.x
    handler: index.handler
    code: ./functions/orders
    environment:
      STAGE: dev
    memory: 256
    timeout: 30
`;

describe('stack files', () => {
  it('reads a file into items: images chosen, paths resolved against the file, defaults filled', async () => {
    const r = await readStack(EXAMPLE, FILE, IMAGES, noFiles);
    assert.ok(r.ok, JSON.stringify(r));
    if (!r.ok) return;
    assert.equal(r.stack.name, 'shop');
    assert.deepEqual(
      r.stack.items.map((i) => [i.kind, i.name, i.target, i.image ?? '']),
      [
        ['cache', 'sessions', 'docker', 'redis:7.2-alpine'],
        ['cache', 'counters', 'docker', 'memcached:1.6-alpine'],
        ['cache', 'orders-cache', 'docker', 'fakecloud-test/redis:7'],
        ['instance', 'web', 'docker', 'amazonlinux:2023'],
        ['function', 'orders', 'docker', ''],
      ],
    );
    assert.equal(r.stack.items[0].cache?.port, 6380);
    assert.equal(r.stack.items[2].cache?.snapshot, '/work/shop/snapshots/orders.rdb');
    assert.equal(r.stack.items[3].instance?.userData, '#!/bin/sh\necho hi\n');
    assert.deepEqual(r.stack.items[4].function, {
      runtime: 'nodejs20.x',
      handler: 'index.handler',
      code: '/work/shop/functions/orders',
      environment: { STAGE: 'dev' },
      memory: 256,
      timeout: 30,
    });
  });

  it('reads JSON too, and names a stack after its folder when the file does not', async () => {
    const r = await readStack('{ "caches": { "a": {} } }', '/home/me/My Shop!/fakecloud.json', IMAGES, noFiles);
    assert.ok(r.ok);
    if (r.ok) assert.equal(r.stack.name, 'my-shop');
    assert.equal(stackNameOf('/x/_weird'), 'weird');
    assert.equal(stackNameOf('/x/---'), 'stack-');
  });

  it('places every mistake at its line and column: syntax, unknown keys, bad values, missing fields', async () => {
    const syntax = await readStack('caches:\n  a: [1, 2\n', FILE, IMAGES, noFiles);
    assert.ok(!syntax.ok);
    if (!syntax.ok) assert.equal(syntax.problems[0].line >= 2, true, JSON.stringify(syntax.problems));

    const bad = await readStack(
      [
        'caches:',
        '  sessions:',
        '    engine: valkey',
        '    prot: 6380',
        'functions:',
        '  orders:',
        '    runtime: nodejs20.x',
        '    handler: index',
        '    memory: 64',
        'instances:',
        '  9web: {}',
      ].join('\n'),
      FILE,
      IMAGES,
      noFiles,
    );
    assert.ok(!bad.ok);
    if (bad.ok) return;
    const at = (re: RegExp) => {
      const p = bad.problems.find((x) => re.test(x.message));
      assert.ok(p, `${String(re)} in ${JSON.stringify(bad.problems)}`);
      return [p.line, p.column];
    };
    assert.deepEqual(at(/caches\.sessions\.engine/), [3, 13]);
    assert.deepEqual(at(/unknown key prot/), [4, 5]);
    assert.deepEqual(at(/handler: a handler is file\.export/), [8, 14]);
    assert.deepEqual(at(/memory/), [9, 13]);
    // A missing field is marked on the map that lacks it.
    assert.deepEqual(at(/functions\.orders\.code/), [7, 5]);
    assert.deepEqual(at(/instances\.9web/), [11, 3]);
  });

  it('a user data file that cannot be read is a problem at its line; one that can is read', async () => {
    const text = 'instances:\n  web:\n    userDataFile: init.sh\n';
    const missing = await readStack(text, FILE, IMAGES, noFiles);
    assert.ok(!missing.ok);
    if (!missing.ok) assert.deepEqual([missing.problems[0].line, missing.problems[0].column], [3, 19]);
    const found = await readStack(text, FILE, IMAGES, filesWith({ '/work/shop/init.sh': 'echo from init.sh\n' }));
    assert.ok(found.ok);
    if (found.ok) assert.equal(found.stack.items[0].instance?.userData, 'echo from init.sh\n');
    const both = await readStack('instances:\n  web:\n    userData: x\n    userDataFile: y\n', FILE, IMAGES, noFiles);
    assert.ok(!both.ok);
    if (!both.ok) assert.match(both.problems[0].message, /not both/);
  });

  it('ships the JSON Schema generated from the schema the service checks with', () => {
    const shipped = JSON.parse(
      fs.readFileSync(path.resolve(__dirname, '../../../../schemas/fakecloud-stack.schema.json'), 'utf8'),
    ) as unknown;
    if (process.env.UPDATE_SCHEMAS === '1')
      fs.writeFileSync(
        path.resolve(__dirname, '../../../../schemas/fakecloud-stack.schema.json'),
        JSON.stringify(stackJsonSchema(), null, 2) + '\n',
      );
    assert.deepEqual(shipped, stackJsonSchema(), 'run UPDATE_SCHEMAS=1 npm run test:unit');
    const props = (stackJsonSchema().properties ?? {}) as Record<string, unknown>;
    assert.deepEqual(Object.keys(props).sort(), ['caches', 'functions', 'instances', 'name', 'server']);
  });

  it('plans: create, change on a new image, keep, remove what the file dropped, conflicts never touched', async () => {
    const r = await readStack(EXAMPLE, FILE, IMAGES, noFiles);
    assert.ok(r.ok);
    if (!r.ok) return;
    const scope = stackScope(FILE);
    assert.equal(scope, stackScope('/work/shop/other-name.yaml'), 'the folder, not the file name');
    assert.notEqual(scope, stackScope('/work/shop2/fakecloud.yaml'));
    const mine = { name: 'shop', scope };
    const current: StackResource[] = [
      { kind: 'cache', name: 'sessions', resourceId: 'd:1', image: 'redis:7-alpine', owner: 'ours', stack: mine, port: 6380 },
      { kind: 'cache', name: 'counters', resourceId: 'd:2', image: 'memcached:1.6-alpine', owner: 'ours', stack: mine },
      { kind: 'cache', name: 'orders-cache', resourceId: 'd:3', image: 'redis:7', owner: 'fakecloud' },
      {
        kind: 'instance',
        name: 'web',
        resourceId: 'd:4',
        image: 'amazonlinux:2023',
        owner: 'ours',
        stack: { name: 'shop', scope: 'elsewhere' },
      },
      { kind: 'cache', name: 'old', resourceId: 'd:5', image: 'redis:7-alpine', owner: 'ours', stack: mine },
      { kind: 'cache', name: 'unrelated', resourceId: 'd:6', image: 'redis:7-alpine', owner: 'ours' },
    ];
    const plan = planStack(r.stack, scope, current);
    assert.deepEqual(
      plan.steps.map((s) => [s.action, s.kind, s.name]),
      [
        ['change', 'cache', 'sessions'],
        ['keep', 'cache', 'counters'],
        ['conflict', 'cache', 'orders-cache'],
        ['conflict', 'instance', 'web'],
        ['create', 'function', 'orders'],
        ['remove', 'cache', 'old'],
      ],
    );
    assert.match(plan.steps[0].reason, /redis:7-alpine → redis:7\.2-alpine/);
    assert.match(plan.steps[2].reason, /fakecloud server's cache/);
    assert.match(plan.steps[3].reason, /stack shop of another folder/);
    const text = planText(plan);
    assert.match(text, /^~ cache sessions: change/m);
    assert.match(text, /^- cache old: remove/m);
    assert.match(text, /^! instance web: conflict/m);
    // Applied: the same file against what it made plans nothing but keeps.
    const after: StackResource[] = r.stack.items.map((i, n) => ({
      kind: i.kind,
      name: i.name,
      resourceId: `n:${n}`,
      image: i.image ?? 'fn',
      owner: 'ours',
      stack: mine,
    }));
    assert.deepEqual(new Set(planStack(r.stack, scope, after).steps.map((s) => s.action)), new Set(['keep']));
  });

  it('sees what exists by kind and name (an instance by its Name tag), whose it is, and the stack that made it', () => {
    const base = { backend: 'docker', service: 'x', containerName: 'c', state: 'running', status: 'Up', created: 0 } as const;
    const rs: Resource[] = [
      {
        ...base,
        id: 'docker:a',
        kind: 'cache',
        name: 'sessions',
        image: 'redis:7-alpine',
        containerId: 'a',
        owner: { type: 'extension' },
        endpoint: { host: '127.0.0.1', port: 6380, via: 'published' },
        labels: { 'fakecloud-explorer.stack': 'shop', 'fakecloud-explorer.stack-scope': 'abc' },
      },
      {
        ...base,
        id: 'docker:b',
        kind: 'instance',
        name: 'i-0123456789abcdef0',
        image: 'amazonlinux:2023',
        containerId: 'b',
        owner: { type: 'fakecloud', instance: 'fakecloud-1' },
        labels: { 'fakecloud-explorer.name': 'web' },
      },
      { ...base, id: 'docker:c', kind: 'other', name: 'db', image: 'postgres', containerId: 'c', owner: { type: 'unknown' }, labels: {} },
    ];
    assert.deepEqual(stackResources(rs), [
      {
        kind: 'cache',
        name: 'sessions',
        resourceId: 'docker:a',
        image: 'redis:7-alpine',
        owner: 'ours',
        stack: { name: 'shop', scope: 'abc' },
        port: 6380,
      },
      { kind: 'instance', name: 'web', resourceId: 'docker:b', image: 'amazonlinux:2023', owner: 'fakecloud' },
    ]);
  });
  it('what an unfinished create left is not there: planned as a create, never as kept', async () => {
    const half: Resource = {
      backend: 'docker',
      service: 'elasticache',
      containerName: 'fakecloud-explorer-cache-sessions',
      state: 'created',
      status: 'Created',
      created: 0,
      id: 'docker:half',
      kind: 'cache',
      name: 'sessions',
      image: 'redis:7.2-alpine',
      containerId: 'half',
      owner: { type: 'extension' },
      labels: { 'fakecloud-explorer.stack': 'shop', 'fakecloud-explorer.stack-scope': stackScope(FILE) },
    };
    const r = await readStack(EXAMPLE, FILE, IMAGES, noFiles);
    assert.ok(r.ok);
    if (!r.ok) return;
    const step = (unfinished: Set<string>) =>
      planStack(r.stack, stackScope(FILE), stackResources([half], unfinished)).steps.find((st) => st.name === 'sessions');
    assert.equal(step(new Set())?.action, 'keep', 'without the record it looks made');
    assert.equal(step(new Set(['fakecloud-explorer-cache-sessions']))?.action, 'create');
  });

  it("a plan's digest changes with what Apply would do, not with a container made again under the same name", async () => {
    const r = await readStack(EXAMPLE, FILE, IMAGES, noFiles);
    assert.ok(r.ok);
    if (!r.ok) return;
    const mine = (id: string): StackResource => ({
      kind: 'cache',
      name: 'sessions',
      resourceId: id,
      image: 'redis:7.2-alpine',
      owner: 'ours',
      stack: { name: 'shop', scope: stackScope(FILE) },
      port: 6380,
    });
    const a = planDigest(planStack(r.stack, stackScope(FILE), [mine('docker:one')]));
    assert.equal(planDigest(planStack(r.stack, stackScope(FILE), [mine('docker:two')])), a);
    assert.notEqual(planDigest(planStack(r.stack, stackScope(FILE), [])), a, 'the cache gone: it would be created');
    const edited = await readStack(EXAMPLE.replace('echo hi', 'echo bye'), FILE, IMAGES, noFiles);
    assert.ok(edited.ok);
    if (!edited.ok) return;
    assert.notEqual(planDigest(planStack(edited.stack, stackScope(FILE), [mine('docker:one')])), a, 'other user data');
  });

  it('plans items on a fakecloud server by what its API lists and what this stack made there', async () => {
    const text = `name: shop
server: http://127.0.0.1:4566/
caches:
  hot:
    on: server
  fresh:
    on: server
instances:
  worker:
    on: server
`;
    const r = await readStack(text, FILE, IMAGES, noFiles);
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.equal(r.stack.server, 'http://127.0.0.1:4566', 'without its trailing slash');
    const scope = stackScope(FILE);
    const S = 'http://127.0.0.1:4566';
    const plan = planStack(r.stack, scope, [], {
      endpoint: S,
      listed: [
        { kind: 'cache', name: 'hot', awsId: 'hot' },
        { kind: 'instance', name: 'worker', awsId: 'i-1' },
        { kind: 'function', name: 'gone-from-file', awsId: 'gone-from-file' },
      ],
      made: [
        { server: S, kind: 'function', name: 'gone-from-file', awsId: 'gone-from-file' },
        { server: S, kind: 'cache', name: 'deleted-there', awsId: 'deleted-there' },
      ],
    });
    assert.deepEqual(
      plan.steps.map((s) => [s.action, s.kind, s.name, s.awsId ?? '']),
      [
        ['keep', 'cache', 'hot', 'hot'],
        ['create', 'cache', 'fresh', ''],
        ['keep', 'instance', 'worker', 'i-1'],
        ['remove', 'function', 'gone-from-file', 'gone-from-file'],
      ],
    );
    assert.equal(plan.steps[1].server, S);
    // No server answers: its items cannot be made, and say so; nothing else is touched.
    const none = planStack(r.stack, scope, []);
    assert.ok(none.steps.every((s) => s.action === 'conflict' && /no fakecloud server answers/.test(s.reason)));
  });

  it('exports what exists as a file that reads back to the same items', async () => {
    const folder = '/work/shop';
    const aws: AwsResource[] = [
      {
        id: 'a1',
        server: 'http://127.0.0.1:4566',
        type: 'cache-cluster',
        awsId: 'orders',
        status: 'available',
        engine: 'redis 7.1',
        details: [],
        containers: [],
      },
      {
        id: 'a2',
        server: 'http://127.0.0.1:4566',
        type: 'cache-cluster',
        awsId: 'vk',
        status: 'available',
        engine: 'valkey 8.0',
        details: [],
        containers: [],
      },
      {
        id: 'a3',
        server: 'http://127.0.0.1:4566',
        type: 'function',
        awsId: 'thumbs',
        status: 'cold',
        engine: 'python3.12',
        details: [['Handler', 'app.handler']],
        containers: [],
      },
      { id: 'a4', server: 'http://127.0.0.1:4566', type: 'db-instance', awsId: 'users', status: 'available', details: [], containers: [] },
    ];
    const out = exportStack({
      folder,
      defaults: IMAGES,
      caches: [
        { name: 'sessions', engine: 'redis', image: 'redis:7.2-alpine', networkMode: 'host', port: 6380, createdAt: '' },
        {
          name: 'counters',
          engine: 'memcached',
          image: 'memcached:1.6-alpine',
          networkMode: 'host',
          port: 41000,
          createdAt: '',
          backend: 'kubernetes',
        },
      ],
      instances: [
        {
          instanceId: 'i-0abc',
          name: 'web',
          tags: { Name: 'web', team: 'payments' },
          image: 'amazonlinux:2023',
          userData: Buffer.from('#!/bin/sh\necho hi\n').toString('base64'),
          networkMode: 'host',
          desired: 'running',
          createdAt: '',
        },
      ],
      functions: [
        {
          name: 'orders',
          runtime: 'nodejs20.x',
          image: 'x',
          handler: 'index.handler',
          environment: { STAGE: 'dev' },
          networkMode: 'host',
          deployId: 'd',
          codeSource: '/work/shop/functions/orders',
          codeArchive: '/state/a.tar',
          desired: 'running',
          memory: 256,
          createdAt: '',
        },
      ],
      aws,
    });
    assert.equal(out.count, 6);
    assert.equal(out.left.length, 2, out.left.join('\n'));
    assert.match(out.text, /Left out:[\s\S]*valkey[\s\S]*db-instance users/);
    assert.match(out.text, /# code: the folder holding thumbs/);
    const back = await readStack(out.text, `${folder}/fakecloud.yaml`, IMAGES, noFiles);
    assert.ok(back.ok, JSON.stringify(!back.ok && back.problems));
    if (!back.ok) return;
    assert.equal(back.stack.name, 'shop');
    assert.equal(back.stack.server, 'http://127.0.0.1:4566');
    const byName = Object.fromEntries(back.stack.items.map((i) => [i.name, i]));
    assert.deepEqual(byName.sessions.cache, { engine: 'redis', port: 6380 });
    assert.equal(byName.sessions.image, 'redis:7.2-alpine');
    assert.equal(byName.counters.target, 'kubernetes');
    assert.equal(byName.web.instance?.userData, '#!/bin/sh\necho hi\n');
    assert.deepEqual(byName.web.instance?.tags, { team: 'payments' });
    assert.equal(byName.orders.function?.code, '/work/shop/functions/orders');
    assert.deepEqual(byName.orders.function?.environment, { STAGE: 'dev' });
    assert.equal(byName.orders.function?.memory, 256);
    assert.equal(byName.orders.target, 'docker');
    assert.equal(byName.thumbs.target, 'server');
    assert.equal(byName.orders?.kind, 'function');
    assert.equal(back.stack.items.find((i) => i.kind === 'cache' && i.name === 'orders')?.target, 'server');
    // JSON, for a fakecloud.json: the same content without comments.
    const json = exportStack({ folder, defaults: IMAGES, caches: [], instances: [], functions: [], aws: aws.slice(0, 1), format: 'json' });
    assert.deepEqual(JSON.parse(json.text), {
      name: 'shop',
      server: 'http://127.0.0.1:4566',
      caches: { orders: { engine: 'redis', on: 'server' } },
    });
  });
});
