import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DesiredStateStore, SCHEMA_VERSION } from '../../../src/service/store/desiredState';
import { MIGRATION_MARKER, migrateState } from '../../../src/service/store/stateMigration';
import { acquireLock, lockHolder, releaseLock } from '../../../src/service/runtimeDir';
import { readJsonRecords, writeJsonDurably } from '../../../src/service/support/durableFiles';

const cache = (name: string) => ({
  name,
  engine: 'redis',
  image: 'redis:7',
  networkMode: 'host',
  port: 7000,
  volume: `v-${name}`,
  createdAt: '2026-01-01T00:00:00Z',
});

describe('desired state store', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-store-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = () => path.join(dir, 'desired-state.json');
  const write = (v: unknown) => fs.writeFileSync(file(), typeof v === 'string' ? v : JSON.stringify(v));

  it('sets a null, nameless or mislabelled entry aside, reports it, and keeps the rest', () => {
    write({
      schemaVersion: SCHEMA_VERSION,
      caches: { good: cache('good'), bad: null, nameless: { ...cache('x'), name: '' }, other: cache('elsewhere') },
      instances: { 'i-0123456789abcdef': 7 },
      functions: {},
    });
    const store = new DesiredStateStore(dir);
    const r = store.load();
    assert.deepEqual(
      store.caches().map((c) => c.name),
      ['good'],
    );
    assert.equal(store.instances().length, 0);
    assert.match(r.problem!, /4 entries .* could not be used/);
    assert.match(r.problem!, /caches\.bad/);
    assert.match(r.problem!, /caches\.other \(it is listed as "other" but names itself "elsewhere"\)/);
    const aside = fs.readdirSync(dir).find((f) => f.startsWith('desired-state.rejected-'));
    assert.ok(aside, 'the rejected entries are kept in a file');
    const kept = JSON.parse(fs.readFileSync(path.join(dir, aside), 'utf8')) as { key: string }[];
    assert.deepEqual(kept.map((k) => k.key).sort(), ['bad', 'i-0123456789abcdef', 'nameless', 'other']);
    assert.equal(r.readOnly, false);
    // The store still works: a write keeps the good entry and drops the bad ones.
    store.putCache(cache('second') as never);
    assert.deepEqual(Object.keys((JSON.parse(fs.readFileSync(file(), 'utf8')) as { caches: object }).caches).sort(), ['good', 'second']);
  });

  it('keeps unknown fields of an entry', () => {
    write({ schemaVersion: SCHEMA_VERSION, caches: { a: { ...cache('a'), futureField: 1 } } });
    const store = new DesiredStateStore(dir);
    store.load();
    store.putCache(cache('b') as never);
    assert.equal((JSON.parse(fs.readFileSync(file(), 'utf8')) as { caches: { a: { futureField: number } } }).caches.a.futureField, 1);
  });

  it('a directory, a FIFO or a 640 MB file in its place: set aside, the service starts with nothing, no hang', function () {
    this.timeout(10_000);
    fs.mkdirSync(file());
    let store = new DesiredStateStore(dir);
    let r = store.load();
    assert.match(r.problem!, /not a regular file \(a directory\).*kept as/);
    assert.equal(fs.existsSync(file()), false);

    execFileSync('mkfifo', [file()]);
    store = new DesiredStateStore(dir);
    const t0 = Date.now();
    r = store.load();
    assert.ok(Date.now() - t0 < 1000, 'a FIFO is not opened for reading');
    assert.match(r.problem!, /special file/);

    fs.closeSync(fs.openSync(file(), 'w'));
    fs.truncateSync(file(), 640 * 1024 * 1024);
    store = new DesiredStateStore(dir);
    r = store.load();
    assert.match(r.problem!, /671 MB, over the 16 MB/);
    assert.equal(store.caches().length, 0);
    assert.equal(fs.readdirSync(dir).filter((f) => f.includes('.corrupt-')).length, 3, 'each was kept aside, not deleted');
  });

  it('not JSON, or JSON without a schema: kept aside as corrupt', () => {
    write('{"schemaVersion": 2, "caches": {');
    const r = new DesiredStateStore(dir).load();
    assert.match(r.problem!, /could not be read .*kept as .*corrupt-/);
    write('null');
    assert.match(new DesiredStateStore(dir).load().problem!, /not a JSON object/);
  });

  it('a newer schema is read but never written: changes are refused before anything is done', () => {
    const text = JSON.stringify({ schemaVersion: SCHEMA_VERSION + 1, caches: { a: cache('a') } });
    write(text);
    const store = new DesiredStateStore(dir);
    const r = store.load();
    assert.equal(r.readOnly, true);
    assert.equal(store.caches().length, 1);
    assert.throws(() => store.assertWritable('delete a'), /cannot delete a: .*newer version/);
    assert.throws(() => store.removeCache('a'), /newer version/);
    assert.equal(fs.readFileSync(file(), 'utf8'), text, 'untouched');
  });

  it('stored code moved with the state directory is found at its new place', () => {
    const fn = {
      name: 'f',
      runtime: 'nodejs20.x',
      image: 'img',
      handler: 'index.handler',
      environment: {},
      networkMode: 'host',
      deployId: 'abcd',
      codeSource: '/src',
      codeArchive: '/tmp/fakecloud-explorer-0/state/functions/f/abcd.tar',
      desired: 'running',
      createdAt: 'now',
    };
    write({ schemaVersion: SCHEMA_VERSION, caches: {}, functions: { f: fn } });
    const store = new DesiredStateStore(dir);
    store.load();
    assert.equal(store.function('f')!.codeArchive, path.join(dir, 'functions', 'f', 'abcd.tar'));
  });
});

describe('state migration', () => {
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-migrate-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
  const oldState = () => {
    const from = path.join(root, 'run', 'state');
    fs.mkdirSync(path.join(from, 'functions', 'f'), { recursive: true, mode: 0o700 });
    fs.chmodSync(path.join(root, 'run'), 0o700);
    fs.writeFileSync(path.join(from, 'desired-state.json'), '{"schemaVersion":2,"caches":{}}');
    fs.writeFileSync(path.join(from, 'functions', 'f', 'd1.tar'), 'code');
    return from;
  };
  const newState = () => {
    const to = path.join(root, 'state');
    fs.mkdirSync(to, { mode: 0o700 });
    return to;
  };

  it('moves everything once, with a marker, and removes the old folder', () => {
    const from = oldState();
    const to = newState();
    fs.writeFileSync(path.join(to, 'service.lock'), '1');
    const out = migrateState(from, to);
    assert.deepEqual(out, { result: 'moved', from, files: 2, bytes: 35 });
    assert.equal(fs.readFileSync(path.join(to, 'functions', 'f', 'd1.tar'), 'utf8'), 'code');
    assert.equal(fs.readFileSync(path.join(to, MIGRATION_MARKER), 'utf8').trim(), from);
    assert.equal(fs.existsSync(from), false);
    assert.equal((fs.statSync(path.join(to, 'desired-state.json')).mode & 0o777).toString(8), '600');
    assert.deepEqual(migrateState(from, to), { result: 'none' }, 'nothing left to move');
  });

  it('finishes a migration that committed but stopped before removing the old folder', () => {
    const from = oldState();
    const to = newState();
    fs.copyFileSync(path.join(from, 'desired-state.json'), path.join(to, 'desired-state.json'));
    fs.writeFileSync(path.join(to, MIGRATION_MARKER), from + '\n');
    assert.deepEqual(migrateState(from, to), { result: 'finished', from });
    assert.equal(fs.existsSync(from), false);
  });

  it('starts over after one that stopped before its commit, keeping what it finds aside', () => {
    const from = oldState();
    const to = newState();
    fs.mkdirSync(path.join(to, '.migrating-999'));
    fs.mkdirSync(path.join(to, 'functions'));
    fs.writeFileSync(path.join(to, 'functions', 'half'), 'x');
    const out = migrateState(from, to, () => 42);
    assert.equal(out.result, 'moved');
    assert.equal(fs.existsSync(path.join(to, '.migrating-999')), false);
    assert.equal(fs.readFileSync(path.join(to, 'functions.before-migration-42', 'half'), 'utf8'), 'x');
    assert.ok(fs.existsSync(path.join(to, 'functions', 'f', 'd1.tar')));
  });

  it('never overwrites a state that already exists', () => {
    const from = oldState();
    const to = newState();
    fs.writeFileSync(path.join(to, 'desired-state.json'), 'mine');
    const out = migrateState(from, to);
    assert.equal(out.result, 'kept-both');
    assert.equal(fs.readFileSync(path.join(to, 'desired-state.json'), 'utf8'), 'mine');
    assert.ok(fs.existsSync(from));
  });

  it('refuses an old folder that is open to others', () => {
    const from = oldState();
    fs.chmodSync(from, 0o777);
    assert.throws(() => migrateState(from, newState()), /mode is 0777/);
    assert.ok(fs.existsSync(path.join(from, 'desired-state.json')));
  });
});

describe('single-instance lock', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-lock-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is held by a live pid of this boot; a dead pid or an earlier boot is stale and taken over', () => {
    const lock = path.join(dir, 'service.pid');
    assert.deepEqual(acquireLock(lock), { ok: true });
    assert.equal(lockHolder(lock), process.pid);
    releaseLock(lock);
    assert.equal(fs.existsSync(lock), false);
    // pid 1 is alive, but the lock says it was taken in a boot long ago: its pid number means nothing now.
    fs.writeFileSync(lock, '1 100');
    assert.equal(lockHolder(lock), undefined);
    assert.deepEqual(acquireLock(lock), { ok: true });
    releaseLock(lock);
    // A lock of an older version (a bare pid) of a live process still holds.
    fs.writeFileSync(lock, '1');
    assert.deepEqual(acquireLock(lock), { ok: false, pid: 1 });
  });
});

describe('durable JSON records', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-records-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('removes a temporary file whose writer is gone, and keeps one still being written', async () => {
    await writeJsonDurably(path.join(dir, 'a.json'), { phase: 'started' });
    // pid_max is at most 2^22: no process has this pid.
    fs.writeFileSync(path.join(dir, 'a.json.99999999.tmp'), '{"phase":"rena');
    fs.writeFileSync(path.join(dir, `b.json.${process.pid}.tmp`), '{');
    fs.writeFileSync(path.join(dir, 'c.json.1.tmp'), '{');
    const records = await readJsonRecords(dir);
    assert.deepEqual(
      records.map((r) => [path.basename(r.file), r.value]),
      [['a.json', { phase: 'started' }]],
    );
    assert.deepEqual(fs.readdirSync(dir).sort(), ['a.json', `b.json.${process.pid}.tmp`, 'c.json.1.tmp']);
  });
});
