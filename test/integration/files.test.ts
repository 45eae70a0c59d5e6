// A resource's files through the bundled service, on the real Docker engine (the archive API) and in a Pod of the
// Kubernetes stand-in (exec with tar, over the real channel protocol): list, stat, read, write keeping mode, links
// read through, names with spaces and quotes, binary bytes, the 10 MB editor limit, Download of a file and a folder
// (whole or not at all, asked before replacing), Upload of files and folders, rename, delete, and clear errors.
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ServiceClient } from '../../src/client/serviceClient';
import { RpcError } from '../../src/protocol/jsonRpcPeer';
import { MAX_OPEN_BYTES } from '../../src/protocol/files';
import type { Resource } from '../../src/protocol/model';
import { IMAGES, RUN, createFakecloudContainer, removeByNameTag, removeTestContainers, requireDocker, waitFor } from '../support/docker';
import { kubernetesConnected, startStandInCluster, type StandInCluster } from '../support/kube/cluster';
import { cleanupLocation, client, connectedClient, requireBundle, tempLocation } from '../support/service';

const lower = RUN.toLowerCase();

function fileErrorOf(err: unknown): string | undefined {
  return err instanceof RpcError ? (err.data as { fileError?: string } | undefined)?.fileError : undefined;
}

async function rejectsWith(p: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.equal(fileErrorOf(err), code, `expected ${code}, got ${String(err)}`);
    if (message) assert.match((err as Error).message, message);
    return true;
  });
}

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

/** The same walk on either way of running: everything a user does with a resource's files. */
function filesScenario(label: string, setup: () => Promise<{ c: ServiceClient; r: () => Resource; cleanup: () => Promise<void> }>): void {
  describe(label, function () {
    this.timeout(180_000);
    let c: ServiceClient;
    let r: () => Resource;
    let local: string;
    let cleanup: (() => Promise<void>) | undefined;
    const id = () => r().id;
    const read = async (p: string) => Buffer.from((await c.request('files/read', { resourceId: id(), path: p })).base64, 'base64');
    const write = (p: string, data: Buffer | string, create = true, overwrite = true) =>
      c.request('files/write', { resourceId: id(), path: p, base64: Buffer.from(data).toString('base64'), create, overwrite });

    before(async () => {
      ({ c, r, cleanup } = await setup());
      local = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-files-'));
    });
    after(async () => {
      if (local) fs.rmSync(local, { recursive: true, force: true });
      await cleanup?.();
    });

    it('lists the root folders first, with kinds, sizes and modes', async () => {
      const { entries } = await c.request('files/list', { resourceId: id(), path: '/' });
      const names = entries.map((e) => e.name);
      for (const n of ['bin', 'etc', 'tmp']) assert.ok(names.includes(n), `${n} in ${names.join(' ')}`);
      const firstFile = entries.findIndex((e) => e.kind !== 'directory');
      assert.ok(firstFile === -1 || entries.slice(firstFile).every((e) => e.kind !== 'directory'), 'folders first');
      const etc = await c.request('files/stat', { resourceId: id(), path: '/etc/' });
      assert.equal(etc.kind, 'directory');
      const hostname = await c.request('files/stat', { resourceId: id(), path: '/etc/../etc/hostname' });
      assert.equal(hostname.kind, 'file');
      assert.ok(hostname.mtime > Date.UTC(2020, 0, 1));
    });

    it('writes, reads and lists back: new folders and files, odd names, binary bytes', async () => {
      await c.request('files/mkdir', { resourceId: id(), path: '/srv' }).catch(() => undefined);
      await c.request('files/mkdir', { resourceId: id(), path: '/srv/app' });
      await rejectsWith(c.request('files/mkdir', { resourceId: id(), path: '/srv/app' }), 'FileExists');
      await rejectsWith(c.request('files/mkdir', { resourceId: id(), path: '/srv/none/deeper' }), 'FileNotFound');
      await write('/srv/app/hello.txt', 'hello\n');
      const odd = '/srv/app/a b|\'c".txt';
      await write(odd, 'odd name');
      const bytes = crypto.randomBytes(70_000);
      await write('/srv/app/blob.bin', bytes);
      const { entries } = await c.request('files/list', { resourceId: id(), path: '/srv/app' });
      assert.deepEqual(
        entries.map((e) => [e.name, e.kind, e.size]),
        [
          ['a b|\'c".txt', 'file', 8],
          ['blob.bin', 'file', 70_000],
          ['hello.txt', 'file', 6],
        ],
      );
      assert.equal((await read(odd)).toString(), 'odd name');
      assert.equal(sha(await read('/srv/app/blob.bin')), sha(bytes));
      // An overwrite refused when not wanted, a missing file not created when not wanted: nothing changes.
      await rejectsWith(write('/srv/app/hello.txt', 'nope', true, false), 'FileExists');
      await rejectsWith(write('/srv/app/missing.txt', 'nope', false, true), 'FileNotFound');
      assert.equal((await read('/srv/app/hello.txt')).toString(), 'hello\n');
      await rejectsWith(read('/srv/app'), 'FileIsADirectory');
      await rejectsWith(read('/srv/app/none.txt'), 'FileNotFound');
      await rejectsWith(c.request('files/list', { resourceId: id(), path: '/srv/app/hello.txt' }), 'FileNotADirectory');
      await assert.rejects(c.request('files/list', { resourceId: id(), path: 'relative/path' }), /not an absolute path/);
    });

    it('uploads files and folders (modes and links kept); a save keeps the mode; links are read through', async () => {
      const tree = path.join(local, 'site');
      fs.mkdirSync(path.join(tree, 'bin'), { recursive: true });
      fs.writeFileSync(path.join(tree, 'index.html'), '<h1>hi</h1>\n');
      fs.writeFileSync(path.join(tree, 'bin', 'run.sh'), '#!/bin/sh\necho run\n', { mode: 0o755 });
      fs.symlinkSync('index.html', path.join(tree, 'home.html'));
      const one = path.join(local, 'notes.txt');
      fs.writeFileSync(one, 'notes\n');
      const up = await c.request('files/upload', { resourceId: id(), sources: [tree, one], path: '/srv/app', overwrite: false });
      assert.deepEqual(up, { files: 3, bytes: 12 + 19 + 6 });
      const site = (await c.request('files/list', { resourceId: id(), path: '/srv/app/site' })).entries;
      assert.deepEqual(
        site.map((e) => [e.name, e.kind, e.link ?? '']),
        [
          ['bin', 'directory', ''],
          ['home.html', 'file', 'ok'],
          ['index.html', 'file', ''],
        ],
      );
      assert.equal((await read('/srv/app/site/home.html')).toString(), '<h1>hi</h1>\n', 'read through the link');
      const run = await c.request('files/stat', { resourceId: id(), path: '/srv/app/site/bin/run.sh' });
      assert.equal(run.mode, 0o755);
      await write('/srv/app/site/bin/run.sh', '#!/bin/sh\necho changed\n');
      assert.equal(
        (await c.request('files/stat', { resourceId: id(), path: '/srv/app/site/bin/run.sh' })).mode,
        0o755,
        'a save keeps the mode',
      );
      // Saving through the link writes the file it leads to, and the link stays a link.
      await write('/srv/app/site/home.html', '<h1>via link</h1>\n');
      assert.equal((await read('/srv/app/site/index.html')).toString(), '<h1>via link</h1>\n');
      assert.equal((await c.request('files/stat', { resourceId: id(), path: '/srv/app/site/home.html' })).link, 'ok');
      // A name already there: refused unless asked, and nothing of it replaced.
      fs.writeFileSync(one, 'newer notes\n');
      await rejectsWith(
        c.request('files/upload', { resourceId: id(), sources: [one], path: '/srv/app', overwrite: false }),
        'FileExists',
        /notes\.txt/,
      );
      assert.equal((await read('/srv/app/notes.txt')).toString(), 'notes\n');
      await c.request('files/upload', { resourceId: id(), sources: [one], path: '/srv/app', overwrite: true });
      assert.equal((await read('/srv/app/notes.txt')).toString(), 'newer notes\n');
    });

    it('an upload lands whole or not at all: a folder replaced (not merged), a cancelled one changing nothing, no staging left', async () => {
      await c.request('files/mkdir', { resourceId: id(), path: '/srv/up' });
      const conf = path.join(local, 'v1', 'conf');
      fs.mkdirSync(conf, { recursive: true });
      fs.writeFileSync(path.join(conf, 'a.txt'), 'a1');
      fs.writeFileSync(path.join(conf, 'b.txt'), 'b1');
      fs.writeFileSync(path.join(local, 'v1', 'main.txt'), 'main v1');
      await c.request('files/upload', {
        resourceId: id(),
        sources: [conf, path.join(local, 'v1', 'main.txt')],
        path: '/srv/up',
        overwrite: false,
      });
      const conf2 = path.join(local, 'v2', 'conf');
      fs.mkdirSync(conf2, { recursive: true });
      fs.writeFileSync(path.join(conf2, 'a.txt'), 'a2');
      await c.request('files/upload', { resourceId: id(), sources: [conf2], path: '/srv/up', overwrite: true });
      const names = async (p: string) => (await c.request('files/list', { resourceId: id(), path: p })).entries.map((e) => e.name);
      assert.deepEqual(await names('/srv/up/conf'), ['a.txt'], 'the folder picked took the place of the one there');
      assert.equal((await read('/srv/up/conf/a.txt')).toString(), 'a2');
      assert.deepEqual(await names('/srv/up'), ['conf', 'main.txt'], 'no staging folder left');

      // Cancelled: what was there stays, whole, and nothing of the upload is left.
      const big = path.join(local, 'v3', 'main.txt');
      fs.mkdirSync(path.dirname(big), { recursive: true });
      fs.writeFileSync(big, crypto.randomBytes(20 * 1024 * 1024));
      const operationId = `up-cancel-${RUN}-${label.length}`;
      const sub = c.on('operation/progress', (p) => {
        if (p.operationId === operationId) void c.request('operation/cancel', { operationId });
      });
      try {
        await assert.rejects(
          c.request('files/upload', { resourceId: id(), sources: [big], path: '/srv/up', overwrite: true, operationId }),
          /cancelled/,
        );
      } finally {
        sub.dispose();
      }
      assert.equal((await read('/srv/up/main.txt')).toString(), 'main v1');
      assert.deepEqual(await names('/srv/up'), ['conf', 'main.txt']);
    });

    it('a file over the editor limit is refused for an editor and downloaded whole', async () => {
      const big = crypto.randomBytes(MAX_OPEN_BYTES + 1024 * 1024);
      const src = path.join(local, 'big.bin');
      fs.writeFileSync(src, big);
      await c.request('files/upload', { resourceId: id(), sources: [src], path: '/srv', overwrite: false });
      await rejectsWith(read('/srv/big.bin'), 'Unavailable', /files over 10\.0 MB are not opened in an editor; Download/);
      const dest = fs.mkdtempSync(path.join(local, 'dl-'));
      const res = await c.request('files/download', { resourceId: id(), path: '/srv/big.bin', dest, overwrite: false });
      assert.deepEqual([res.files, res.bytes, res.target], [1, big.length, path.join(dest, 'big.bin')]);
      assert.equal(sha(fs.readFileSync(res.target)), sha(big));
      assert.deepEqual(fs.readdirSync(dest), ['big.bin'], 'nothing else left beside it');
    });

    it('downloads a folder whole; asks before replacing; a cancelled download leaves nothing half-written', async () => {
      const dest = fs.mkdtempSync(path.join(local, 'dl-'));
      const res = await c.request('files/download', { resourceId: id(), path: '/srv/app', dest, overwrite: false });
      const got = path.join(dest, 'app');
      assert.equal(res.target, got);
      assert.equal(fs.readFileSync(path.join(got, 'hello.txt'), 'utf8'), 'hello\n');
      assert.equal(fs.readFileSync(path.join(got, 'a b|\'c".txt'), 'utf8'), 'odd name');
      assert.equal(fs.readFileSync(path.join(got, 'site', 'bin', 'run.sh'), 'utf8'), '#!/bin/sh\necho changed\n');
      assert.equal(fs.statSync(path.join(got, 'site', 'bin', 'run.sh')).mode & 0o777, 0o755);
      assert.equal(res.skipped, 1, 'the link is left out');
      assert.equal(fs.existsSync(path.join(got, 'site', 'home.html')), false);
      await rejectsWith(c.request('files/download', { resourceId: id(), path: '/srv/app', dest, overwrite: false }), 'FileExists');
      fs.writeFileSync(path.join(got, 'local-only.txt'), 'x');
      await c.request('files/download', { resourceId: id(), path: '/srv/app', dest, overwrite: true });
      assert.equal(fs.existsSync(path.join(got, 'local-only.txt')), false, 'replaced, not merged');

      // Cancelled as its first progress arrives: the copy stops, and nothing of it is left in the folder.
      const huge = path.join(local, 'huge.bin');
      fs.writeFileSync(huge, '');
      fs.truncateSync(huge, 100 * 1024 * 1024);
      await c.request('files/upload', { resourceId: id(), sources: [huge], path: '/srv', overwrite: false });
      const dest2 = fs.mkdtempSync(path.join(local, 'dl-'));
      const operationId = `cancel-${RUN}-${label.length}`;
      const sub = c.on('operation/progress', (p) => {
        if (p.operationId === operationId) void c.request('operation/cancel', { operationId });
      });
      try {
        await assert.rejects(
          c.request('files/download', { resourceId: id(), path: '/srv/huge.bin', dest: dest2, overwrite: false, operationId }),
          /cancelled/,
        );
      } finally {
        sub.dispose();
      }
      await new Promise((res2) => setTimeout(res2, 500));
      assert.deepEqual(fs.readdirSync(dest2), [], 'no file, no hidden folder');
      await c.request('files/delete', { resourceId: id(), path: '/srv/huge.bin', recursive: false });
    });

    it('renames and deletes; the root is never deleted; a stopped resource says it is not running', async () => {
      await c.request('files/rename', { resourceId: id(), from: '/srv/app/hello.txt', to: '/srv/app/hi.txt', overwrite: false });
      await rejectsWith(
        c.request('files/rename', { resourceId: id(), from: '/srv/app/hi.txt', to: '/srv/app/notes.txt', overwrite: false }),
        'FileExists',
      );
      assert.equal((await read('/srv/app/hi.txt')).toString(), 'hello\n');
      await c.request('files/delete', { resourceId: id(), path: '/srv/app/hi.txt', recursive: false });
      await rejectsWith(read('/srv/app/hi.txt'), 'FileNotFound');
      await c.request('files/delete', { resourceId: id(), path: '/srv/app', recursive: true });
      await rejectsWith(c.request('files/stat', { resourceId: id(), path: '/srv/app' }), 'FileNotFound');
      await rejectsWith(c.request('files/delete', { resourceId: id(), path: '/', recursive: true }), 'NoPermissions');
      assert.ok((await c.request('files/list', { resourceId: id(), path: '/' })).entries.length > 3, 'the root is still there');
      const was = id();
      const name = r().name;
      await c.request('instance/stop', { resourceId: was }, 60_000);
      await waitFor('stopped', () => c.snapshot?.resources.find((x) => x.name === name && x.state !== 'running'), 30_000).catch(
        () => undefined,
      );
      await assert.rejects(c.request('files/list', { resourceId: was, path: '/' }), /not running|that resource is gone/);
    });
  });
}

describe('files of a resource', function () {
  filesScenario('on Docker (archive API)', async () => {
    requireBundle();
    const location = tempLocation('files');
    // Connected to Docker before the launch: a launch while the engine is still being reached is refused.
    const c = await connectedClient(location, {
      networkMode: 'host',
      instanceImage: IMAGES.instance,
      reconcile: { intervalSeconds: 2, repairFakecloudResources: false },
    });
    const res = await c.request('instance/launch', { name: `files-${lower}` }, 60_000);
    const find = () => c.snapshot?.resources.find((x) => x.kind === 'instance' && x.name === res.instanceId && x.state === 'running');
    await waitFor('the instance running', find, 30_000);
    const cleanup = async () => {
      c.dispose();
      await cleanupLocation(location);
      await removeByNameTag(lower);
    };
    return { c, r: () => find() ?? assert.fail('the instance is not running'), cleanup };
  });

  let cluster: StandInCluster | undefined;
  filesScenario('in a Pod (exec with tar)', async () => {
    requireBundle();
    cluster = await startStandInCluster(`${RUN}f`);
    const location = tempLocation('k8s-files');
    const c = client(location, { serviceArgs: ['--idle-timeout', '60'] });
    await c.connect();
    await c.configure({ instanceImage: IMAGES.instance, kubernetes: { enabled: true, kubeconfig: cluster.kubeconfig } });
    await kubernetesConnected(c);
    const res = await c.request('instance/launch', { name: `files-${lower}`, backend: 'kubernetes' }, 60_000);
    const find = () =>
      c.snapshot?.resources.find(
        (x) => x.backend === 'kubernetes' && x.kind === 'instance' && x.name === res.instanceId && x.state === 'running',
      );
    await waitFor('the Pod running', find, 30_000);
    const cleanup = async () => {
      c.dispose();
      await cleanupLocation(location);
      await cluster?.stop();
    };
    return { c, r: () => find() ?? assert.fail('the Pod is not running'), cleanup };
  });

  before(async function () {
    await requireDocker(this);
  });
});

describe('files: names a container supplies never leave the folder the user chose', function () {
  this.timeout(120_000);
  const location = tempLocation('files-names');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-names-'));
  let c: ServiceClient;
  let r: Resource;

  before(async function () {
    await requireDocker(this);
    requireBundle();
    // A label that reads as a path, and file names with a newline and backslashes in them.
    const ctr = await createFakecloudContainer({
      labels: { 'fakecloud-elasticache': '../../victim' },
      image: IMAGES.busybox,
      cmd: ['sh', '-c', "mkdir -p /odd && printf x > '/odd/a\nb' && printf y > '/odd/..\\..\\up' && exec tail -f /dev/null"],
      serverPid: process.pid,
    });
    c = await connectedClient(location, {});
    r = await waitFor(
      'the labelled container in the model',
      () => c.snapshot?.resources.find((x) => x.containerId === ctr.id && x.state === 'running'),
      15_000,
    );
    assert.equal(r.name, '../../victim');
  });

  after(async () => {
    c?.dispose();
    await cleanupLocation(location);
    await removeTestContainers();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('Download of its root lands under a safe name inside the folder; Replace never touches what is outside', async () => {
    const dest = path.join(tmp, 'a', 'b');
    fs.mkdirSync(dest, { recursive: true });
    const victim = path.join(tmp, 'victim');
    fs.mkdirSync(victim);
    fs.writeFileSync(path.join(victim, 'keep.txt'), 'mine');
    const first = await c.request('files/download', { resourceId: r.id, path: '/', dest, overwrite: false }, 60_000);
    assert.equal(first.target, path.join(dest, '.._.._victim'));
    assert.ok(fs.existsSync(path.join(first.target, 'bin')));
    await rejectsWith(
      c.request('files/download', { resourceId: r.id, path: '/', dest, overwrite: false }, 60_000),
      'FileExists',
      new RegExp(`${path.join(dest, '.._.._victim').replace(/\./g, '\\.')} already exists`),
    );
    await c.request('files/download', { resourceId: r.id, path: '/', dest, overwrite: true }, 60_000);
    assert.deepEqual(fs.readdirSync(tmp).sort(), ['a', 'victim']);
    assert.deepEqual(fs.readdirSync(victim), ['keep.txt']);
    assert.equal(fs.readFileSync(path.join(victim, 'keep.txt'), 'utf8'), 'mine');
  });

  it('a chosen folder that is a link is followed once, to where it leads; names inside are made safe', async () => {
    const real = path.join(tmp, 'real');
    fs.mkdirSync(real);
    const link = path.join(tmp, 'link');
    fs.symlinkSync(real, link);
    const res = await c.request('files/download', { resourceId: r.id, path: '/odd', dest: link, overwrite: false }, 60_000);
    assert.equal(res.target, path.join(real, 'odd'));
    assert.deepEqual(fs.readdirSync(res.target).sort(), ['.._.._up', 'a_b']);
    assert.equal(res.renamed, 2);
    assert.equal(fs.readFileSync(path.join(res.target, 'a_b'), 'utf8'), 'x');
  });

  it('a file name holding a newline is still listed', async () => {
    const names = (await c.request('files/list', { resourceId: r.id, path: '/odd' })).entries.map((e) => e.name);
    assert.deepEqual(names.sort(), ['..\\..\\up', 'a\nb']);
  });
});
