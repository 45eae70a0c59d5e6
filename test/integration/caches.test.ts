// Caches through the bundled service against the real Docker engine, with the
// locally built Redis and memcached images and host networking on loopback.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ServiceClient } from '../../src/client/serviceClient';
import type { Resource } from '../../src/protocol/model';
import { IMAGES, RUN, TEST_LABEL, containerEvents, removeNamed, docker, requireDocker, waitFor } from '../support/docker';
import { actLikeATerminal } from '../support/terminal';
import { cleanupLocation, connectedClient, requireBundle, tempLocation } from '../support/service';

const lower = RUN.toLowerCase();
const n = (s: string) => `${s}-${lower}`;

/** Our containers and volumes for this run (names carry the run id). */
async function ours(): Promise<{ containers: string[]; volumes: string[] }> {
  const containers = (await docker.listContainers({ all: true, filters: JSON.stringify({ name: [lower] }) })).map((c) => c.Names[0]);
  const volumes = ((await docker.listVolumes()).Volumes ?? []).map((v) => v.Name).filter((v) => v.includes(lower));
  return { containers: containers.sort(), volumes: volumes.sort() };
}

/** memcached's text protocol over loopback. */
function memcached(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.createConnection({ host: '127.0.0.1', port });
    let out = '';
    s.on('connect', () => s.write(command));
    s.on('data', (d) => {
      out += d.toString();
      if (/(END|STORED|ERROR)\r\n$/.test(out)) {
        s.destroy();
        resolve(out);
      }
    });
    s.on('error', reject);
    setTimeout(() => {
      s.destroy();
      reject(new Error(`memcached: no answer to ${command.trim()} (got ${JSON.stringify(out)})`));
    }, 5_000);
  });
}

describe('caches on Docker (real engine)', function () {
  this.timeout(120_000);
  const location = tempLocation('caches');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-caches-'));
  let c: ServiceClient;

  const cache = (name: string, state = 'running'): Promise<Resource> =>
    waitFor(
      `${name} ${state}`,
      () => c.snapshot?.resources.find((r) => r.kind === 'cache' && r.name === name && r.state === state),
      10_000,
    );
  const redis = async (id: string, line: string) => (await c.request('cache/command', { resourceId: id, line })).stdout.trim();

  before(async function () {
    await requireDocker(this);
    requireBundle();
    c = await connectedClient(location, {
      networkMode: 'host',
      redisImage: IMAGES.redis,
      memcachedImage: IMAGES.memcached,
      readinessTimeoutSeconds: 20,
    });
  });

  after(async () => {
    c?.dispose();
    await cleanupLocation(location);
    await removeNamed(lower);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('create → SET → snapshot → delete → restore into a new cache → the keys are there', async () => {
    const created = await c.request('cache/create', { name: n('orders'), engine: 'redis' }, 60_000);
    assert.equal(created.endpoint.host, '127.0.0.1');
    const r = await cache(n('orders'));
    assert.equal(r.owner.type, 'extension');
    assert.equal(r.engine, 'redis');
    assert.equal(r.orphan, undefined);
    assert.deepEqual(r.endpoint, { host: '127.0.0.1', port: created.endpoint.port, via: 'label' });
    const state = JSON.parse(fs.readFileSync(path.join(location.stateDir, 'desired-state.json'), 'utf8')) as {
      caches: Record<string, { volume: string }>;
    };
    assert.equal(state.caches[n('orders')].volume, `fakecloud-explorer-cache-data-${n('orders')}`);

    assert.equal(await redis(r.id, 'SET greeting "hello world"'), 'OK');
    assert.equal(await redis(r.id, 'RPUSH list a b c'), '(integer) 3');
    assert.equal(await redis(r.id, 'SET n 42'), 'OK');

    const file = path.join(tmp, 'snapshots', 'orders.rdb');
    const snap = await c.request('cache/snapshot', { resourceId: r.id, path: file }, 60_000);
    assert.equal(snap.keys, 3);
    assert.equal(snap.size, fs.statSync(file).size);
    assert.equal(fs.readFileSync(file).subarray(0, 5).toString(), 'REDIS');
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['orders.rdb'], 'no temp file is left');

    const del = await c.request('cache/delete', { resourceId: r.id });
    assert.equal(del.removedVolume, `fakecloud-explorer-cache-data-${n('orders')}`);
    await waitFor('deleted from the model', () => !c.snapshot?.resources.some((x) => x.name === n('orders')) || undefined);
    assert.deepEqual(await ours(), { containers: [], volumes: [] });

    const restored = await c.request('cache/create', { name: n('restored'), engine: 'redis', rdbPath: file }, 60_000);
    const r2 = await cache(n('restored'));
    assert.equal(r2.containerId, restored.containerId);
    assert.equal(await redis(r2.id, 'GET greeting'), '"hello world"');
    assert.equal(await redis(r2.id, 'LRANGE list 0 -1'), '1) "a"\n2) "b"\n3) "c"');
    assert.equal(await redis(r2.id, 'DBSIZE'), '(integer) 3');
    await c.request('cache/delete', { resourceId: r2.id });
  });

  it('creates on a port and an image of its choosing, labelled with its stack; the reconciler keeps all three', async () => {
    const taken = net.createServer();
    await new Promise<void>((res) => taken.listen(0, '127.0.0.1', () => res()));
    const busy = (taken.address() as net.AddressInfo).port;
    try {
      await assert.rejects(
        c.request('cache/create', { name: n('stacked'), engine: 'redis', port: busy }, 60_000),
        new RegExp(`port ${busy} on 127\\.0\\.0\\.1 is taken by another program`),
      );
      assert.equal(
        c.snapshot?.resources.find((x) => x.name === n('stacked')),
        undefined,
        'nothing made',
      );
    } finally {
      taken.close();
    }
    await assert.rejects(
      c.request('cache/create', { name: n('stacked'), engine: 'redis', image: 'not an image!' }, 60_000),
      /not an image reference/,
    );
    const port = busy;
    const stack = { name: 'shop', scope: '0123456789ab' };
    const created = await c.request('cache/create', { name: n('stacked'), engine: 'redis', image: IMAGES.redis, port, stack }, 60_000);
    assert.equal(created.endpoint.port, port);
    const r = await cache(n('stacked'));
    assert.equal(r.image, IMAGES.redis);
    assert.equal(r.labels['fakecloud-explorer.stack'], 'shop');
    assert.equal(r.labels['fakecloud-explorer.stack-scope'], '0123456789ab');
    assert.equal(await redis(r.id, 'PING'), 'PONG');
    const state = JSON.parse(fs.readFileSync(path.join(location.stateDir, 'desired-state.json'), 'utf8')) as {
      caches: Record<string, { stack?: unknown; port?: number; image: string }>;
    };
    assert.deepEqual(state.caches[n('stacked')].stack, stack);
    assert.equal(state.caches[n('stacked')].port, port);
    // Removed behind our back: made again as it was, on its port, with its stack.
    await docker.getContainer(r.containerId).remove({ force: true });
    await waitFor('gone from the model', () => (c.snapshot?.resources.some((x) => x.id === r.id) ? undefined : true), 10_000);
    await c.request('reconcile/now', {}, 60_000);
    const again = await waitFor(
      'repaired',
      () => c.snapshot?.resources.find((x) => x.name === n('stacked') && x.state === 'running' && x.id !== r.id),
      30_000,
    );
    assert.equal(again.endpoint?.port, port);
    assert.equal(again.labels['fakecloud-explorer.stack-scope'], '0123456789ab');
    await c.request('cache/delete', { resourceId: again.id }, 60_000);
  });

  it('runs commands as redis-cli formats them, flags error replies, refuses streaming commands', async () => {
    await c.request('cache/create', { name: n('cmds'), engine: 'redis' }, 60_000);
    const r = await cache(n('cmds'));
    // Quotes, escapes and a newline go through redis-cli's own parser and come back as it shows them.
    assert.equal(await redis(r.id, 'SET tricky "a \\"quoted\\" line\\nnext"'), 'OK');
    assert.equal(await redis(r.id, 'GET tricky'), '"a \\"quoted\\" line\\nnext"');
    assert.equal(await redis(r.id, 'STRLEN tricky'), '(integer) 20');
    assert.equal(await redis(r.id, 'GET nothing'), '(nil)');
    const bad = await c.request('cache/command', { resourceId: r.id, line: 'NOSUCHCOMMAND x' });
    assert.equal(bad.isError, true);
    assert.match(bad.stdout, /^\(error\) ERR unknown command/);
    const wrong = await c.request('cache/command', { resourceId: r.id, line: 'LPUSH tricky x' });
    assert.match(wrong.stdout, /^\(error\) WRONGTYPE/);
    await assert.rejects(
      c.request('cache/command', { resourceId: r.id, line: 'SUBSCRIBE news' }),
      /SUBSCRIBE streams until it is stopped: run it in Open Cache CLI/,
    );
    await assert.rejects(c.request('cache/command', { resourceId: r.id, line: 'monitor' }), /MONITOR streams/);
    // The session still works after all that.
    assert.equal(await redis(r.id, 'PING'), 'PONG');
    await c.request('cache/delete', { resourceId: r.id });
  });

  it('a command that overruns its time is stopped in the container, not left running', async () => {
    await c.request('cache/create', { name: n('slow'), engine: 'redis' }, 60_000);
    const r = await cache(n('slow'));
    const t0 = Date.now();
    await assert.rejects(
      c.request('cache/command', { resourceId: r.id, line: '20000000 INCR n', timeoutMs: 1_500 }, 20_000),
      /20000000 on .*: no answer within 2 s; it was stopped in the container/,
    );
    assert.ok(Date.now() - t0 < 10_000, 'the call ended soon after its time');
    // Stopped: the counter no longer moves.
    const read = async () => Number((await redis(r.id, 'GET n')).replace(/"/g, ''));
    const first = await read();
    await new Promise((res) => setTimeout(res, 700));
    assert.equal(await read(), first, 'INCR stopped where it ran');
    assert.ok(first > 0 && first < 20_000_000);
    // A connect that hangs is stopped the same way, and the next command gets a fresh session.
    await assert.rejects(
      c.request('cache/command', { resourceId: r.id, line: 'connect 127.0.0.1 1', timeoutMs: 1_000 }, 20_000),
      /stopped in the container/,
    );
    assert.equal(await redis(r.id, 'PING'), 'PONG');
    await c.request('cache/delete', { resourceId: r.id });
  });

  it('reboot keeps Redis data and clears memcached', async () => {
    await c.request('cache/create', { name: n('keep'), engine: 'redis' }, 60_000);
    const r = await cache(n('keep'));
    await redis(r.id, 'SET survives yes');
    await redis(r.id, 'SAVE');
    await c.request('cache/reboot', { resourceId: r.id }, 60_000);
    assert.equal(await redis(r.id, 'GET survives'), '"yes"');

    const m = await c.request('cache/create', { name: n('mc'), engine: 'memcached' }, 60_000);
    const mr = await cache(n('mc'));
    assert.equal(mr.engine, 'memcached');
    assert.match(await memcached(m.endpoint.port, 'set k 0 0 2\r\nhi\r\n'), /STORED/);
    assert.match(await memcached(m.endpoint.port, 'get k\r\n'), /VALUE k 0 2\r\nhi\r\nEND/);
    await c.request('cache/reboot', { resourceId: mr.id }, 60_000);
    assert.equal(await memcached(m.endpoint.port, 'get k\r\n'), 'END\r\n', 'memcached comes back empty, as in ElastiCache');
    await c.request('cache/delete', { resourceId: r.id });
    await c.request('cache/delete', { resourceId: mr.id });
  });

  it('a reboot and an update let Redis write its data first, even with no save points; a Redis that cannot write refuses both', async () => {
    // With no save points Redis writes nothing on SIGTERM: only a SAVE first keeps what it holds.
    await c.configure({
      networkMode: 'host',
      redisImage: IMAGES.redis,
      memcachedImage: IMAGES.memcached,
      readinessTimeoutSeconds: 20,
      update: {
        healthTimeoutSeconds: 30,
        graceSeconds: 1,
        pollMillis: 200,
        removeReplacedImage: false,
        pruneDanglingImages: false,
        pullPolicy: 'missing',
      },
    });
    const name = n('kept');
    await c.request('cache/create', { name, engine: 'redis' }, 60_000);
    const write = async (key: string) => {
      const r = await cache(name);
      assert.equal(await redis(r.id, 'CONFIG SET save ""'), 'OK');
      assert.equal(await redis(r.id, `SET ${key} 1`), 'OK');
      return r;
    };
    const events = await containerEvents(name);
    try {
      let r = await write('before:reboot');
      await c.request('cache/reboot', { resourceId: r.id }, 60_000);
      r = await cache(name);
      assert.equal(await redis(r.id, 'GET before:reboot'), '"1"', 'a reboot keeps what was written');

      await write('before:update');
      const up = await c.request('resource/update', { resourceId: r.id, image: IMAGES.redis }, 120_000);
      assert.equal(up.outcome, 'updated', JSON.stringify(up));
      assert.ok(
        up.steps.some((s) => /^SAVE on /.test(s)),
        up.steps.join('\n'),
      );
      r = await cache(name);
      assert.equal(await redis(r.id, 'GET before:update'), '"1"', 'an update keeps what was written');
      // Never killed: each stop was a SIGTERM (15) that Redis ended by itself.
      assert.ok(!events.list.some((e) => /^kill 9|^die 137/.test(e)), events.list.join(', '));
      assert.ok(events.list.includes('kill 15'), events.list.join(', '));

      // A Redis that cannot write its data (dump.rdb is a folder it cannot replace): nothing is stopped or changed.
      // By its name (the update's new container has the cache's name), to its end.
      const blocked = await (
        await docker
          .getContainer(r.containerName)
          .exec({ Cmd: ['sh', '-c', 'rm -f /data/dump.rdb && mkdir -p /data/dump.rdb/x'], AttachStdout: true, AttachStderr: true })
      ).start({});
      await new Promise((resolve) => blocked.on('end', resolve).on('close', resolve).resume());
      await waitFor('SAVE failing', async () => (/ERR|fail/i.test(await redis(r.id, 'SAVE')) ? true : undefined), 10_000, 100);
      await assert.rejects(
        c.request('cache/reboot', { resourceId: r.id }, 60_000),
        /was not rebooted: Redis could not write its data to its volume first .*Nothing was changed/,
      );
      await assert.rejects(
        c.request('resource/update', { resourceId: r.id, image: IMAGES.redis }, 60_000),
        /Redis could not write its data to its volume first .*nothing was changed/,
      );
      const still = await cache(name);
      assert.equal(still.containerId, r.containerId, 'the same container, still running');
      assert.equal(await redis(still.id, 'GET before:update'), '"1"');
      // A delete that takes the data with it needs no SAVE.
      await c.request('cache/delete', { resourceId: still.id }, 60_000);
    } finally {
      events.stop();
    }
  });

  it('two reboots at once run one after the other', async () => {
    await c.request('cache/create', { name: n('twice'), engine: 'redis' }, 60_000);
    const r = await cache(n('twice'));
    const [a, b] = await Promise.all([
      c.request('cache/reboot', { resourceId: r.id }, 60_000),
      c.request('cache/reboot', { resourceId: r.id }, 60_000),
    ]);
    assert.ok(a.waitedMs >= 0 && b.waitedMs >= 0);
    const log = fs
      .readFileSync(location.logPath, 'utf8')
      .split('\n')
      .filter((l) => l.includes(`cache ${n('twice')}: rebooted`));
    assert.equal(log.length, 2);
    assert.equal(await redis(r.id, 'PING'), 'PONG');
    await c.request('cache/delete', { resourceId: r.id });
  });

  it('readiness waits through LOADING on a large RDB', async () => {
    await c.request('cache/create', { name: n('big'), engine: 'redis' }, 60_000);
    const r = await cache(n('big'));
    await redis(r.id, `EVAL "for i=1,1500000 do redis.call('SET','key:'..i,string.rep('v',60)) end return 1" 0`);
    const file = path.join(tmp, 'big.rdb');
    const snap = await c.request('cache/snapshot', { resourceId: r.id, path: file }, 120_000);
    assert.equal(snap.keys, 1_500_000);
    await c.request('cache/delete', { resourceId: r.id });
    const restored = await c.request('cache/create', { name: n('big2'), engine: 'redis', rdbPath: file }, 120_000);
    console.log(`      ${(snap.size / 1e6).toFixed(0)} MB RDB: LOADING for ${restored.loadingMs} ms, ready after ${restored.waitedMs} ms`);
    assert.ok(restored.loadingMs > 0, 'readiness saw LOADING and waited');
    const r2 = await cache(n('big2'));
    assert.equal(await redis(r2.id, 'DBSIZE'), '(integer) 1500000');
    await c.request('cache/delete', { resourceId: r2.id });
  });

  it('a failing create leaves no container and no volume behind, and says what failed', async () => {
    await c.configure({ redisImage: IMAGES.busybox });
    try {
      const before = await ours();
      await assert.rejects(
        c.request('cache/create', { name: n('broken'), engine: 'redis' }, 60_000),
        /could not (start the container|wait for readiness) for cache .*broken.*removed the container and volume this attempt created/,
      );
      assert.deepEqual(await ours(), before);
    } finally {
      await c.configure({ redisImage: IMAGES.redis });
    }
  });

  it('the interactive redis-cli answers over a TTY', async () => {
    await c.request('cache/create', { name: n('tty'), engine: 'redis' }, 60_000);
    const r = await cache(n('tty'));
    const term = actLikeATerminal(c, `t-${RUN}`);
    const sub = term;
    const { sessionId, title } = await c.request('terminal/open', {
      resourceId: r.id,
      kind: 'cache-cli',
      cols: 100,
      rows: 30,
      sessionId: `t-${RUN}`,
    });
    assert.match(title, /redis-cli/);
    await waitFor('the prompt', () => /127\.0\.0\.1:\d+>/.test(term.text()) || undefined, 5_000);
    c.notify('terminal/input', { sessionId, data: 'SET tty works\r' });
    await waitFor('OK', () => term.text().includes('OK') || undefined, 5_000);
    c.notify('terminal/input', { sessionId, data: 'GET tty\r' });
    await waitFor('the answer', () => term.text().includes('"works"') || undefined, 5_000);
    const exited = new Promise<number>((resolve) => c.on('terminal/exited', (p) => p.sessionId === sessionId && resolve(p.exitCode)));
    c.notify('terminal/input', { sessionId, data: 'quit\r' });
    assert.equal(await exited, 0);
    sub.dispose();
    await c.request('cache/delete', { resourceId: r.id });
  });

  it('the memcached CLI speaks the text protocol, lines sent with CRLF', async () => {
    await c.request('cache/create', { name: n('mctty'), engine: 'memcached' }, 60_000);
    const r = await cache(n('mctty'));
    const sessionId = `mc-${RUN}`;
    let out = '';
    const sub = c.on('terminal/output', (p) => {
      if (p.sessionId === sessionId) out += p.data;
    });
    const { title, lineMode } = await c.request('terminal/open', { resourceId: r.id, kind: 'cache-cli', cols: 80, rows: 24, sessionId });
    assert.match(title, /memcached/);
    assert.equal(lineMode, true, 'the terminal edits lines and sends them with CRLF');
    c.notify('terminal/input', { sessionId, data: 'set k 0 0 5\r\nhello\r\n' });
    await waitFor('STORED', () => out.includes('STORED') || undefined, 5_000);
    c.notify('terminal/input', { sessionId, data: 'get k\r\n' });
    await waitFor('the value', () => /VALUE k 0 5\r?\nhello/.test(out) || undefined, 5_000);
    await c.request('terminal/close', { sessionId });
    sub.dispose();
    await c.request('cache/delete', { resourceId: r.id });
  });

  it('logs of a container with a TTY come through as they are (no frames to split)', async () => {
    const ctr = await docker.createContainer({
      Image: IMAGES.busybox,
      Cmd: ['sh', '-c', 'echo tty-line-1; echo tty-err >&2; sleep 600'],
      Tty: true,
      Labels: { 'fakecloud-ec2': n('i-tty'), 'fakecloud-instance': 'fakecloud-1', [TEST_LABEL]: RUN },
      HostConfig: { NetworkMode: 'host' },
    });
    await ctr.start();
    const r = await waitFor('the instance', () => c.snapshot?.resources.find((x) => x.name === n('i-tty')), 5_000);
    const subscriptionId = `tty-logs-${RUN}`;
    let text = '';
    const sub = c.on('logs/chunk', (p) => {
      if (p.subscriptionId === subscriptionId) text += p.text;
    });
    await c.request('logs/follow', { resourceId: r.id, tail: 500, subscriptionId });
    await waitFor('both lines', () => (text.includes('tty-line-1') && text.includes('tty-err')) || undefined, 5_000);
    // A frame header starts with a stream byte of 0–2 and zero padding: control characters a log line never has.
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(text, /[\x00-\x08]/, 'no frame headers in the text');
    sub.dispose();
    await ctr.remove({ force: true });
  });

  it('logs follow, demultiplex stdout and stderr, and end when the container goes away', async () => {
    const ctr = await docker.createContainer({
      Image: IMAGES.busybox,
      Cmd: ['sh', '-c', 'echo first-out; echo first-err >&2; sleep 1; echo later-out; sleep 600'],
      Labels: { 'fakecloud-ec2': n('i-logs'), 'fakecloud-instance': 'fakecloud-1', [TEST_LABEL]: RUN },
      HostConfig: { NetworkMode: 'host' },
    });
    await ctr.start();
    const r = await waitFor('the instance', () => c.snapshot?.resources.find((x) => x.name === n('i-logs')), 5_000);
    const chunks: { stream: string; text: string }[] = [];
    let ended: string | undefined;
    // Listening before the request, as the extension does: the first lines come before the reply.
    const subscriptionId = `logs-${RUN}`;
    const s1 = c.on('logs/chunk', (p) => p.subscriptionId === subscriptionId && chunks.push({ stream: p.stream, text: p.text }));
    const s2 = c.on('logs/ended', (p) => {
      if (p.subscriptionId === subscriptionId) ended = p.reason;
    });
    await c.request('logs/follow', { resourceId: r.id, tail: 500, subscriptionId });
    await waitFor('the later line', () => chunks.some((x) => x.text.includes('later-out')) || undefined, 5_000);
    assert.ok(chunks.some((x) => x.stream === 'stdout' && x.text.includes('first-out')));
    assert.ok(chunks.some((x) => x.stream === 'stderr' && x.text.includes('first-err')));
    assert.ok(!chunks.some((x) => x.stream === 'stdout' && x.text.includes('first-err')), 'stderr is not mixed into stdout');
    await ctr.remove({ force: true });
    await waitFor('the follow to end', () => ended, 5_000);
    s1.dispose();
    s2.dispose();
  });

  it('an owned container missing from the desired state is an orphan, removed only on request and without its data unless asked', async () => {
    const vol = `fakecloud-explorer-cache-data-${n('stray')}`;
    await docker.createVolume({ Name: vol });
    const ctr = await docker.createContainer({
      Image: IMAGES.redis,
      name: `fakecloud-explorer-cache-${n('stray')}`,
      Cmd: ['redis-server', '--port', '17688', '--bind', '127.0.0.1'],
      Labels: { 'fakecloud-elasticache': n('stray'), 'fakecloud-managed-by': 'fakecloud-explorer', 'fakecloud-explorer.engine': 'redis' },
      HostConfig: { NetworkMode: 'host', Mounts: [{ Type: 'volume', Source: vol, Target: '/data' }] },
    });
    await ctr.start();
    const r = await waitFor('the orphan', () => c.snapshot?.resources.find((x) => x.name === n('stray') && x.orphan), 5_000);
    await c.request('cache/removeOrphan', { resourceId: r.id, removeData: false });
    await waitFor('gone from the model', () => !c.snapshot?.resources.some((x) => x.name === n('stray')) || undefined);
    assert.deepEqual((await ours()).volumes, [vol], 'its data volume is kept');
    await docker.getVolume(vol).remove();
  });

  describe('bad input gets a clear error and changes nothing', () => {
    let baseline: { containers: string[]; volumes: string[] };
    let stateBefore: string;
    let redisId: string;

    before(async () => {
      await c.request('cache/create', { name: n('taken'), engine: 'redis' }, 60_000);
      redisId = (await cache(n('taken'))).id;
    });
    beforeEach(async () => {
      baseline = await ours();
      stateBefore = fs.readFileSync(path.join(location.stateDir, 'desired-state.json'), 'utf8');
    });
    afterEach(async () => {
      assert.deepEqual(await ours(), baseline, 'no container or volume changed');
      assert.equal(
        fs.readFileSync(path.join(location.stateDir, 'desired-state.json'), 'utf8'),
        stateBefore,
        'the desired state did not change',
      );
    });

    for (const [name, why] of [
      ['1cache', /Start with a letter/],
      ['bad_name', /Only letters, digits and hyphens/],
      ['double--hyphen', /two hyphens/],
      ['trailing-', /end with a hyphen/],
      ['x'.repeat(41), /At most 40 characters/],
    ] as const) {
      it(`refuses the name "${name.length > 20 ? name.slice(0, 10) + '…' : name}"`, async () => {
        await assert.rejects(c.request('cache/create', { name, engine: 'redis' }), why);
      });
    }

    it('refuses a name already taken', async () => {
      await assert.rejects(c.request('cache/create', { name: n('taken'), engine: 'memcached' }), /a cache named ".*" already exists/);
    });

    it('refuses a missing or corrupt .rdb before creating anything', async () => {
      await assert.rejects(
        c.request('cache/create', { name: n('norestore'), engine: 'redis', rdbPath: path.join(tmp, 'missing.rdb') }),
        /cannot read .*missing\.rdb: no such file/,
      );
      const bad = path.join(tmp, 'bad.rdb');
      fs.writeFileSync(bad, 'PK\u0003\u0004 this is a zip, not an rdb');
      await assert.rejects(
        c.request('cache/create', { name: n('norestore'), engine: 'redis', rdbPath: bad }),
        /bad\.rdb is not a usable snapshot: it does not start with "REDIS"/,
      );
      await assert.rejects(c.request('cache/checkSnapshot', { path: bad }), /not a usable snapshot/);
    });

    it("a FIFO or a directory as the .rdb is refused at once, and the cache's name is not held", async () => {
      const fifo = path.join(tmp, 'pipe.rdb');
      execFileSync('mkfifo', [fifo]);
      await assert.rejects(
        c.request('cache/checkSnapshot', { path: fifo }, 5_000),
        /pipe\.rdb is a named pipe \(FIFO\), not a snapshot file/,
      );
      await assert.rejects(c.request('cache/create', { name: n('fifo'), engine: 'redis', rdbPath: fifo }, 5_000), /named pipe \(FIFO\)/);
      await assert.rejects(
        c.request('cache/create', { name: n('fifo'), engine: 'redis', rdbPath: tmp }, 5_000),
        /is a directory, not a snapshot file/,
      );
      // Nothing was left holding the name: the same create without the snapshot goes through.
      const made = await c.request('cache/create', { name: n('fifo'), engine: 'memcached' }, 60_000);
      assert.equal(made.name, n('fifo'));
      await c.request('cache/delete', { resourceId: (await cache(n('fifo'))).id });
    });

    it('refuses an unwritable snapshot path', async () => {
      const fileAsDir = path.join(tmp, 'a-file');
      fs.writeFileSync(fileAsDir, 'x');
      await assert.rejects(
        c.request('cache/snapshot', { resourceId: redisId, path: path.join(fileAsDir, 'snap.rdb') }),
        /cannot write the snapshot to/,
      );
      await assert.rejects(c.request('cache/snapshot', { resourceId: redisId, path: 'relative.rdb' }), /must be absolute/);
    });

    it('says so when the image can be neither found nor pulled', async () => {
      // A registry address on loopback that nothing listens on: the pull fails at once, off no network.
      await c.configure({ memcachedImage: '127.0.0.1:9/fakecloud-test/nope:1' });
      try {
        await assert.rejects(
          c.request('cache/create', { name: n('noimage'), engine: 'memcached' }, 60_000),
          /the image 127\.0\.0\.1:9\/fakecloud-test\/nope:1 is not on this machine and could not be pulled/,
        );
      } finally {
        await c.configure({ memcachedImage: IMAGES.memcached });
      }
    });

    it('refuses a Redis command with unbalanced quotes, and says when a cache vanished', async () => {
      await assert.rejects(
        c.request('cache/command', { resourceId: redisId, line: 'SET k "open' }),
        /cannot parse .*unbalanced double quotes/,
      );
      await assert.rejects(
        c.request('cache/command', { resourceId: 'docker:0000000000000000000000000000000000000000000000000000000000000000', line: 'PING' }),
        /that resource is gone/,
      );
    });

    it('refuses a snapshot of memcached with a clear message', async () => {
      const mc = c.snapshot!.resources.find((x) => x.engine === 'memcached' && x.owner.type === 'extension');
      if (!mc) {
        await c.request('cache/create', { name: n('mc2'), engine: 'memcached' }, 60_000);
        baseline = await ours();
        stateBefore = fs.readFileSync(path.join(location.stateDir, 'desired-state.json'), 'utf8');
      }
      const m = await cache(n('mc2')).catch(() => mc!);
      await assert.rejects(
        c.request('cache/snapshot', { resourceId: m.id, path: path.join(tmp, 'mc.rdb') }),
        /snapshots are not supported for memcached/,
      );
    });
  });

  it('a cache removed outside mid-session gets a clear error on the next command', async () => {
    await c.request('cache/create', { name: n('vanish'), engine: 'redis' }, 60_000);
    const r = await cache(n('vanish'));
    await docker.getContainer(r.containerId).remove({ force: true });
    await assert.rejects(c.request('cache/command', { resourceId: r.id, line: 'PING' }), /that resource is gone|no longer exists/);
  });
});
