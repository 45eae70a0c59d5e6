// The fault matrix: each long operation, with the engine it talks to SIGKILLed (Docker's
// daemon; for a Pod, the API server crashing) or the service itself SIGKILLed, half-way
// through. For every cell: the call ends with a clear error within BOUND_MS, the service
// is connected again by itself, and afterwards nothing is left half-made (no -old-
// container, no container or volume the desired state does not list, no partial
// snapshot file, no unproven Pod) and the Redis data is intact. Runs against a Docker
// engine of the test's own, never the machine's. Prints the matrix as a table.
//
// Failpoints (FAKECLOUD_EXPLORER_FAILPOINTS) hold each operation at the point where the
// fault matters, so every run hits the same place instead of racing it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type Docker from 'dockerode';
import type { ServiceClient } from '../../src/client/serviceClient';
import type { Resource } from '../../src/protocol/model';
import { IMAGES, PrivateDockerd, RUN, docker, dockerCli, requireDocker, waitFor } from '../support/docker';
import { startStandInCluster, type StandInCluster } from '../support/kube/cluster';
import { LOCAL_SETTINGS, cleanupLocation, client, requireBundle, serviceEnv, tempLocation } from '../support/service';

/** How long a call may take to fail once its engine or its service is gone. */
const BOUND_MS = 30_000;
/** How long the service may take to be whole again after the engine is back. */
const SETTLE_MS = 45_000;
const MUTE = 'fakecloud-test/redis:7-mute';
const HOLD_MS = 4_000;
/** How long the engine stays frozen under a stack apply: longer than any one Docker call may take. */
const FREEZE_MS = 65_000;
const FAILPOINTS = ['cache-create:created', 'instance-launch:created', 'function-deploy:created', 'snapshot:copying', 'upload:copying']
  .map((f) => `${f}=${HOLD_MS}`)
  .join(',');
const lower = RUN.toLowerCase();
const RUNTIME = 'nodejs20.x';

type Fault = 'daemon killed' | 'service killed' | 'engine frozen';
interface Cell {
  operation: string;
  fault: Fault;
  errorAfterMs?: number;
  error?: string;
  reconnectedAfterMs?: number;
  cleanAfterMs?: number;
  result: 'pass' | 'FAIL';
  why?: string;
}

describe("fault matrix (a Docker engine of the test's own)", function () {
  this.timeout(10 * 60_000);
  const cells: Cell[] = [];
  const location = tempLocation('faults');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fcx-faults-'));
  const snapshots = path.join(tmp, 'snapshots');
  let engine: PrivateDockerd;
  let api: Docker;
  let cluster: StandInCluster;
  let c: ServiceClient;
  let keeperId = '';

  const settings = () => ({
    ...LOCAL_SETTINGS,
    dockerHost: engine.url,
    update: {
      healthTimeoutSeconds: 60,
      graceSeconds: 20,
      pollMillis: 200,
      removeReplacedImage: false,
      pruneDanglingImages: false,
      pullPolicy: 'missing' as const,
    },
    kubernetes: { enabled: true, kubeconfig: cluster.kubeconfig, stagingImage: IMAGES.busybox },
  });
  const desired = () =>
    JSON.parse(fs.readFileSync(path.join(location.stateDir, 'desired-state.json'), 'utf8')) as {
      caches: Record<string, { backend?: string; podName?: string }>;
      instances: Record<string, unknown>;
      functions: Record<string, { deployId: string }>;
    };
  const connected = (backend: 'docker' | 'kubernetes') =>
    c.state === 'connected' && c.snapshot?.backends.find((b) => b.backend === backend)?.state === 'connected';
  const find = (pred: (r: Resource) => boolean, what: string, ms = 30_000) =>
    waitFor(what, () => (c.state === 'connected' ? c.snapshot?.resources.find(pred) : undefined), ms, 50);
  const redis = async (id: string, line: string) => (await c.request('cache/command', { resourceId: id, line }, 20_000)).stdout.trim();
  const ownContainers = async () =>
    (await api.listContainers({ all: true, filters: JSON.stringify({ label: ['fakecloud-managed-by=fakecloud-explorer'] }) })).map((x) => ({
      name: x.Names[0].replace(/^\//, ''),
      labels: x.Labels,
    }));
  const nsPods = () => cluster.api.list().filter((p) => p.metadata?.namespace === cluster.namespace);

  /** Whether what is on the engine matches the desired state exactly; the first thing that does not, if any. */
  async function leftovers(): Promise<string | undefined> {
    const d = desired();
    const all = await api.listContainers({ all: true });
    const old = all.flatMap((x) => x.Names).find((n) => /-old-\d+$/.test(n));
    if (old) return `an archive ${old} is left`;
    for (const ctr of await ownContainers()) {
      const l = ctr.labels;
      const ok =
        (l['fakecloud-elasticache'] !== undefined && d.caches[l['fakecloud-elasticache']] !== undefined) ||
        (l['fakecloud-ec2'] !== undefined && d.instances[l['fakecloud-ec2']] !== undefined) ||
        (l['fakecloud-lambda'] !== undefined && d.functions[l['fakecloud-lambda']]?.deployId === l['fakecloud-explorer.deploy-id']);
      if (!ok) return `a container the desired state does not list: ${ctr.name}`;
    }
    for (const v of (await api.listVolumes()).Volumes ?? []) {
      const cacheName = v.Labels?.['fakecloud-elasticache'];
      if (v.Labels?.['fakecloud-managed-by'] === 'fakecloud-explorer' && (!cacheName || !d.caches[cacheName]))
        return `a volume the desired state does not list: ${v.Name}`;
    }
    const partial = fs.readdirSync(snapshots).find((f) => f.includes('.tmp-'));
    if (partial) return `a partial snapshot ${partial} is left`;
    const uploads = path.join(location.stateDir, 'uploads');
    const unfinished = fs.existsSync(uploads) ? fs.readdirSync(uploads) : [];
    if (unfinished.length) return `an unfinished upload's files: ${unfinished.join(', ')}`;
    const keeper = (await ownContainers()).find((x) => x.name === `fakecloud-explorer-cache-keeper-${lower}`);
    if (keeper) {
      const staging = await stagingIn(keeper.name).catch(() => '');
      if (staging) return `an upload's staging folder is left in the keeper: ${staging}`;
    }
    const codeDirs = fs.existsSync(path.join(location.stateDir, 'functions'))
      ? fs.readdirSync(path.join(location.stateDir, 'functions'))
      : [];
    const strayCode = codeDirs.find((f) => !d.functions[f]);
    if (strayCode) return `stored code of a function the desired state does not list: ${strayCode}`;
    const pods = nsPods().map((p) => p.metadata!.name!);
    const podsWanted = Object.values(d.caches)
      .filter((x) => x.backend === 'kubernetes')
      .map((x) => x.podName);
    const strayPod = pods.find((p) => !podsWanted.includes(p));
    if (strayPod) return `a Pod the desired state does not name: ${strayPod}`;
    return undefined;
  }

  /** Whether a staging folder in some container's /tmp of the engine holds part (not all) of `name` now. */
  const partialUpload = (name: string, size: number): boolean => {
    const dirs = path.join(engine.root, 'data', 'vfs', 'dir');
    for (const layer of fs.existsSync(dirs) ? fs.readdirSync(dirs) : []) {
      const t = path.join(dirs, layer, 'tmp');
      for (const staging of fs.existsSync(t) ? fs.readdirSync(t).filter((f) => f.startsWith('.fakecloud-upload-')) : []) {
        const got = fs.statSync(path.join(t, staging, name), { throwIfNoEntry: false })?.size ?? 0;
        if (got > 0 && got < size) return true;
      }
    }
    return false;
  };

  /** Waits until the engine holds nothing half-made (SETTLE_MS at most); else fails naming the cell and what is left. */
  async function nothingHalfMade(cellName: string): Promise<void> {
    let last: string | undefined;
    await waitFor(
      'nothing half-made left',
      async () => {
        last = await leftovers();
        return last === undefined || undefined;
      },
      SETTLE_MS,
      250,
    ).catch(() => {
      throw new Error(`${cellName}: ${last}`);
    });
  }

  /** Upload staging folders in a container's /tmp. */
  const stagingIn = (container: string) =>
    dockerCli(['exec', container, 'sh', '-c', 'ls -d /tmp/.fakecloud-upload-* 2>/dev/null; true'], engine.url);

  /** The keeper's data, and the Pod cache's when there is one, are all there. */
  async function dataIntact(): Promise<string | undefined> {
    const keeper = await find((r) => r.name === `keeper-${lower}` && r.state === 'running', 'the keeper running', SETTLE_MS);
    keeperId = keeper.id;
    const v = await waitFor(
      'the keeper answering',
      async () => (await redis(keeper.id, 'GET order:1').catch(() => undefined)) || undefined,
      SETTLE_MS,
      250,
    );
    if (v !== '"shipped"') return `the keeper's data: ${v}`;
    return undefined;
  }

  /**
   * One cell: start the operation, wait for its trigger, inject the fault, and check
   * the call's end, the reconnection and what is left.
   */
  async function cell(
    operation: string,
    fault: Fault,
    start: () => Promise<unknown>,
    trigger: () => boolean | Promise<boolean>,
    expectError: RegExp,
    podFault = false,
  ): Promise<void> {
    const row: Cell = { operation, fault, result: 'FAIL' };
    cells.push(row);
    const call = start().then(
      () => undefined,
      (e: Error) => e,
    );
    // The trigger, unless the call ends first (then the fault point was never reached).
    const early = call.then((v) => `the call ended before the point to fail at: ${v ? v.message : 'it succeeded'}`);
    const reached = waitFor(
      `${operation}: the point to fail at`,
      () =>
        Promise.resolve()
          .then(trigger)
          .then(
            (t) => t || undefined,
            () => undefined,
          ),
      60_000,
      20,
    ).then(() => undefined);
    const problem = await Promise.race([early, reached]);
    if (problem) {
      row.why = problem;
      throw new Error(problem);
    }
    // What the trigger sees can come a moment before the service's own call returns: the
    // fault lands inside the failpoint's hold, not in the request that is finishing.
    await new Promise((r) => setTimeout(r, 300));
    const faultAt = Date.now();
    let restore: () => Promise<void> = async () => undefined;
    if (fault === 'service killed') {
      process.kill(c.service!.pid, 'SIGKILL');
    } else if (podFault) {
      const port = cluster.api.port;
      await cluster.api.stop();
      restore = () => cluster.api.start(port);
    } else {
      await engine.kill();
      restore = () => engine.start();
    }
    const outcome = await Promise.race([call, new Promise<'hung'>((r) => setTimeout(() => r('hung'), BOUND_MS))]);
    row.errorAfterMs = Date.now() - faultAt;
    if (outcome === 'hung') {
      row.why = `the call did not end within ${BOUND_MS / 1000} s`;
      await restore();
      throw new Error(row.why);
    }
    if (!(outcome instanceof Error)) {
      row.why = 'the call succeeded: the fault came too late';
      await restore();
      throw new Error(row.why);
    }
    row.error = outcome.message.replace(/^RpcError: /, '');
    await restore();
    const backAt = Date.now();
    await waitFor('the service connected again', () => (connected('docker') && connected('kubernetes')) || undefined, SETTLE_MS, 50);
    row.reconnectedAfterMs = Date.now() - backAt;
    assert.match(row.error, expectError, `${operation} / ${fault}: not the expected error`);
    await nothingHalfMade(`${operation} / ${fault}`);
    const bad = await dataIntact();
    if (bad) throw new Error(`${operation} / ${fault}: ${bad}`);
    row.cleanAfterMs = Date.now() - backAt;
    row.result = 'pass';
  }

  before(async function () {
    await requireDocker(this);
    requireBundle();
    if (!PrivateDockerd.available()) throw new Error('the fault matrix needs root and dockerd to run a Docker engine of its own');
    await docker.getImage(MUTE).inspect();
    engine = new PrivateDockerd('faults', { ownContainerd: true });
    await engine.start();
    await engine.loadImages([IMAGES.redis, IMAGES.busybox, IMAGES.instance, IMAGES.lambdaNode, MUTE]);
    api = engine.client();
    cluster = await startStandInCluster(RUN, 'fakecloud', engine.socket);
    fs.mkdirSync(snapshots, { recursive: true });
    c = client(location, {
      reconnect: true,
      serviceArgs: ['--idle-timeout', '120', '--docker-host', engine.url],
      env: serviceEnv(location, { FAKECLOUD_EXPLORER_FAILPOINTS: FAILPOINTS }),
    });
    await c.connect();
    await c.configure(settings());
    await waitFor('connected to both', () => (connected('docker') && connected('kubernetes')) || undefined, 30_000);
    // The data every cell must leave intact.
    await c.request('cache/create', { name: `keeper-${lower}`, engine: 'redis' }, 60_000);
    const keeper = await find((r) => r.name === `keeper-${lower}` && r.state === 'running', 'the keeper');
    keeperId = keeper.id;
    assert.equal(await redis(keeper.id, 'SET order:1 shipped'), 'OK');
    assert.equal(await redis(keeper.id, 'SAVE'), 'OK');
  });

  after(async () => {
    c?.dispose();
    await cleanupLocation(location);
    await cluster?.stop();
    await engine?.destroy();
    fs.rmSync(tmp, { recursive: true, force: true });
    if (cells.length) {
      const ms = (v?: number) => (v === undefined ? '—' : `${(v / 1000).toFixed(1)} s`);
      const rows = cells.map(
        (x) =>
          `| ${x.operation} | ${x.fault} | ${ms(x.errorAfterMs)} | ${ms(x.reconnectedAfterMs)} | ${ms(x.cleanAfterMs)} | ` +
          `${x.result}${x.why ? `: ${x.why}` : ''} |`,
      );
      const passed = cells.filter((x) => x.result === 'pass').length;
      console.log(
        [
          '',
          `fault matrix (bound: the call ends within ${BOUND_MS / 1000} s; whole again within ${SETTLE_MS / 1000} s)`,
          '| operation | fault | call ended with an error after | connected again after | clean and data intact after | result |',
          '|---|---|---|---|---|---|',
          ...rows,
          `fault matrix: ${passed} of ${cells.length} cells pass`,
          ...cells.map((x) => `  ${x.operation} / ${x.fault}: ${x.error ?? ''}`),
        ].join('\n'),
      );
    }
  });

  const cacheNamed = (name: string) => ownContainers().then((l) => l.some((x) => x.name === `fakecloud-explorer-cache-${name}`));

  for (const fault of ['daemon killed', 'service killed'] as const) {
    const tag = fault === 'daemon killed' ? 'd' : 's';

    it(`create cache / ${fault}`, async () => {
      const name = `cr${tag}-${lower}`;
      await cell(
        'create cache',
        fault,
        () => c.request('cache/create', { name, engine: 'redis' }, 120_000),
        () => cacheNamed(name),
        fault === 'daemon killed'
          ? /could not start the container for cache .*left the container .* removed as soon as the service reaches Docker again/
          : /the Fakecloud service stopped while .* was running \(connection closed\); it is started again/,
      );
    });

    it(`snapshot / ${fault}`, async () => {
      const dest = path.join(snapshots, `keeper-${tag}.rdb`);
      await cell(
        'snapshot',
        fault,
        () => c.request('cache/snapshot', { resourceId: keeperId, path: dest }, 120_000),
        () => fs.readdirSync(snapshots).some((f) => f.startsWith(`keeper-${tag}.rdb.tmp-`)),
        fault === 'daemon killed'
          ? /copy \/data\/dump\.rdb out of|connect|socket|ECONNREFUSED|ENOENT/
          : /the Fakecloud service stopped while .* was running \(connection closed\); it is started again/,
      );
      assert.equal(fs.existsSync(dest), false, 'no snapshot under its name');
    });

    it(`update (Docker) / ${fault}`, async () => {
      const name = `up${tag}-${lower}`;
      await c.request('cache/create', { name, engine: 'redis' }, 60_000);
      const r = await find((x) => x.name === name && x.state === 'running', name);
      const journalDir = path.join(location.stateDir, 'updates');
      await cell(
        'update (Docker)',
        fault,
        () => c.request('resource/update', { resourceId: r.id, image: MUTE }, 120_000),
        () =>
          fs.existsSync(journalDir) &&
          fs
            .readdirSync(journalDir)
            .some((f) => (JSON.parse(fs.readFileSync(path.join(journalDir, f), 'utf8')) as { phase: string }).phase === 'started'),
        fault === 'daemon killed'
          ? /failed .* and so did the rollback|the service finish the rollback|Docker|connect/
          : /the Fakecloud service stopped while .* was running \(connection closed\); it is started again/,
      );
      const back = await find((x) => x.name === name && x.state === 'running', `${name} back`, SETTLE_MS);
      assert.equal(back.image, IMAGES.redis, 'the old image runs again');
      await c.request('cache/delete', { resourceId: back.id }, 60_000);
    });

    it(`update (Pod) / ${fault === 'daemon killed' ? 'API server killed' : fault}`, async () => {
      const name = `pu${tag}-${lower}`.slice(0, 40);
      await c.request('cache/create', { name, engine: 'redis', backend: 'kubernetes' }, 120_000);
      const r = await find((x) => x.name === name && x.backend === 'kubernetes' && x.state === 'running', name, 60_000);
      assert.equal(await redis(r.id, 'SET pod:1 kept'), 'OK');
      const journalDir = path.join(location.stateDir, 'updates-kubernetes');
      await cell(
        'update (Pod)',
        fault,
        () => c.request('resource/update', { resourceId: r.id, image: MUTE }, 120_000),
        () =>
          fs.existsSync(journalDir) &&
          fs
            .readdirSync(journalDir)
            .some((f) => (JSON.parse(fs.readFileSync(path.join(journalDir, f), 'utf8')) as { phase: string }).phase === 'created'),
        fault === 'daemon killed'
          ? /Kubernetes|connect|ECONNREFUSED|socket|rolled back|could not/
          : /the Fakecloud service stopped while .* was running \(connection closed\); it is started again/,
        fault === 'daemon killed',
      );
      const back = await find(
        (x) => x.name === name && x.backend === 'kubernetes' && x.state === 'running' && x.containerName === r.containerName,
        `${name} back`,
        SETTLE_MS,
      );
      assert.equal(
        await waitFor(
          'the Pod cache answering',
          async () => (await redis(back.id, 'GET pod:1').catch(() => undefined)) || undefined,
          SETTLE_MS,
          250,
        ),
        '"kept"',
      );
      await c.request('cache/delete', { resourceId: back.id }, 60_000);
    });

    it(`deploy function / ${fault}`, async () => {
      const name = `fn${tag}-${lower}`;
      const code = path.join(tmp, name);
      fs.mkdirSync(code, { recursive: true });
      fs.writeFileSync(path.join(code, 'index.js'), 'exports.handler = async () => ({ ok: true });\n');
      await cell(
        'deploy function',
        fault,
        () => c.request('function/deploy', { name, runtime: RUNTIME, handler: 'index.handler', codePath: code }, 120_000),
        () => ownContainers().then((l) => l.some((x) => x.labels['fakecloud-lambda'] === name)),
        fault === 'daemon killed'
          ? /could not copy the code into \/var\/task for function .*left the container .* removed as soon as the service reaches Docker again/
          : /the Fakecloud service stopped while .* was running \(connection closed\); it is started again/,
      );
    });

    it(`launch instance / ${fault}`, async () => {
      const name = `in${tag}-${lower}`;
      await cell(
        'launch instance',
        fault,
        () => c.request('instance/launch', { name }, 120_000),
        () => ownContainers().then((l) => l.some((x) => x.labels['fakecloud-explorer.name'] === name)),
        fault === 'daemon killed'
          ? /could not start the container for instance .*left the container .* removed as soon as the service reaches Docker again/
          : /the Fakecloud service stopped while .* was running \(connection closed\); it is started again/,
      );
    });
  }

  it('upload / service killed', async () => {
    const keeper = await find((r) => r.name === `keeper-${lower}` && r.state === 'running', 'the keeper running', SETTLE_MS);
    const ctr = `fakecloud-explorer-cache-keeper-${lower}`;
    const v1 = path.join(tmp, 'upload-v1');
    const v2 = path.join(tmp, 'upload-v2');
    fs.mkdirSync(v1, { recursive: true });
    fs.mkdirSync(v2, { recursive: true });
    fs.writeFileSync(path.join(v1, 'big.bin'), 'the old content\n');
    fs.writeFileSync(path.join(v2, 'big.bin'), Buffer.alloc(50 * 1024 * 1024, 7));
    await c.request('files/upload', { resourceId: keeper.id, sources: [path.join(v1, 'big.bin')], path: '/tmp', overwrite: false }, 60_000);
    await cell(
      'upload 50 MB over a file',
      'service killed',
      () =>
        c.request('files/upload', { resourceId: keeper.id, sources: [path.join(v2, 'big.bin')], path: '/tmp', overwrite: true }, 120_000),
      // Read in the engine's own storage: an exec waits while the container takes the archive.
      () => partialUpload('big.bin', 50 * 1024 * 1024),
      /the Fakecloud service stopped while files\/upload was running \(connection closed\)/,
    );
    assert.equal(await dockerCli(['exec', ctr, 'cat', '/tmp/big.bin'], engine.url), 'the old content', 'the old file, whole');
  });

  it('stack apply / engine frozen', async () => {
    const row: Cell = { operation: 'stack apply, 10 items', fault: 'engine frozen', result: 'FAIL' };
    cells.push(row);
    const app = path.join(tmp, 'frozen-stack');
    fs.mkdirSync(path.join(app, 'fn'), { recursive: true });
    fs.writeFileSync(path.join(app, 'fn', 'index.js'), 'exports.handler = async () => ({ ok: true });\n');
    const file = path.join(app, 'fakecloud.yaml');
    const names = { cache: [1, 2, 3, 4], instance: [1, 2, 3], function: [1, 2, 3] };
    const item = (k: string, i: number) => `fz${k[0]}${i}-${lower}`;
    fs.writeFileSync(
      file,
      [
        'name: frozen',
        'caches:',
        ...names.cache.map((i) => `  ${item('cache', i)}: {}`),
        'instances:',
        ...names.instance.map((i) => `  ${item('instance', i)}: {}`),
        'functions:',
        ...names.function.map((i) => `  ${item('function', i)}: { runtime: ${RUNTIME}, handler: index.handler, code: fn }`),
        '',
      ].join('\n'),
    );
    const plan = async () => {
      const p = await c.request('stack/plan', { file });
      assert.ok(p.plan && p.digest, JSON.stringify(p.problems));
      return { steps: p.plan.steps, digest: p.digest };
    };
    const stackContainers = async () => (await ownContainers()).filter((x) => x.labels['fakecloud-explorer.stack'] === 'frozen');
    const first = await plan();
    const call = c.request('stack/apply', { file, remove: false, digest: first.digest }, 600_000);
    try {
      await waitFor('the first of its containers', async () => ((await stackContainers()).length > 0 ? true : undefined), 60_000, 20);
      await new Promise((r) => setTimeout(r, 300));
      engine.freeze();
      await new Promise((r) => setTimeout(r, FREEZE_MS));
    } finally {
      engine.thaw();
    }
    const thawedAt = Date.now();
    const applied = await call;
    row.errorAfterMs = Date.now() - thawedAt + FREEZE_MS;
    const failed = applied.outcomes.filter((o) => o.result === 'failed');
    row.error = `${failed.length} of 10 failed, e.g. ${failed[0]?.message ?? 'none'}`;
    if (failed.length === 0) {
      row.why = 'nothing failed: the freeze came too late';
      throw new Error(row.why);
    }
    // At once, whatever the engine still holds of the failed creates: only what was made is kept.
    const again = await plan();
    await waitFor('the service connected again', () => connected('docker') || undefined, SETTLE_MS, 50);
    row.reconnectedAfterMs = Date.now() - thawedAt;
    const d = desired();
    const made = new Set([
      ...Object.keys(d.caches),
      ...Object.keys(d.functions),
      ...Object.values(d.instances).map((x) => (x as { name?: string }).name ?? ''),
    ]);
    for (const st of again.steps) assert.equal(st.action, made.has(st.name) ? 'keep' : 'create', `${st.name}: ${st.action} — ${st.reason}`);
    const second = await c.request('stack/apply', { file, remove: false, digest: again.digest }, 600_000);
    assert.deepEqual(
      second.outcomes.filter((o) => o.result !== 'done' && o.result !== 'kept').map((o) => `${o.name}: ${o.message}`),
      [],
      second.text,
    );
    // And it stays true: nothing half-made left, and every item still there once the leftovers are cleaned up.
    await nothingHalfMade('stack apply / engine frozen');
    await new Promise((r) => setTimeout(r, 3_000));
    const running = (c.snapshot?.resources ?? []).filter((r) => r.labels['fakecloud-explorer.stack'] === 'frozen' && r.state === 'running');
    assert.equal(running.length, 10, running.map((r) => r.name).join(', '));
    const bad = await dataIntact();
    if (bad) throw new Error(`stack apply / engine frozen: ${bad}`);
    row.cleanAfterMs = Date.now() - thawedAt;
    await c.request('stack/down', { file, removeData: true }, 300_000);
    row.result = 'pass';
  });

  it('every cell passed', () => {
    assert.equal(cells.length, 14);
    assert.deepEqual(
      cells.filter((x) => x.result !== 'pass').map((x) => `${x.operation} / ${x.fault}: ${x.why ?? x.error}`),
      [],
    );
  });
});
