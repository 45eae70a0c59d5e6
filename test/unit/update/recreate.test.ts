import * as assert from 'node:assert/strict';
import { healthVerdict, waitForHealth, type Clock, type HealthConfig, type RuntimeState } from '../../../src/service/update/healthGate';
import {
  PreflightError,
  runUpdate,
  type ContainerSnapshot,
  type Journal,
  type JournalEntry,
  type UpdateOps,
} from '../../../src/service/update/recreate';

/** Records every call, in order. */
class RecordingOps implements UpdateOps {
  calls: string[] = [];
  createdImage: string | undefined;
  probes: RuntimeState[];
  failImageRemove = false;
  failPrune = false;
  failCreate = false;
  autoRemove = false;
  running = true;
  constructor(probes: RuntimeState[] = [{ kind: 'running', health: 'healthy', restarting: false, restartCount: 0 }]) {
    this.probes = probes;
  }
  async inspect(name: string): Promise<ContainerSnapshot> {
    this.calls.push('inspect');
    return {
      id: 'old-id',
      name,
      imageRef: 'redis:7-alpine',
      imageId: 'sha256:oldimg',
      running: this.running,
      autoRemove: this.autoRemove,
      stopSignal: 'SIGTERM',
      stopTimeout: 5,
    };
  }
  async pull() {
    this.calls.push('pull');
    return { usedLocal: false };
  }
  async stop(id: string) {
    this.calls.push(`stop:${id}`);
  }
  async rename(from: string, to: string) {
    this.calls.push(`rename:${from}->${to}`);
  }
  async create(_name: string, _from: ContainerSnapshot, image: string) {
    this.calls.push('create');
    if (this.failCreate) throw new Error('create refused');
    this.createdImage = image;
    return 'new-id';
  }
  async start(id: string) {
    this.calls.push(`start:${id}`);
  }
  async remove(id: string, force: boolean) {
    this.calls.push(`remove:${id}:${force}`);
  }
  async removeImage(id: string) {
    this.calls.push(`remove_image:${id}`);
    if (this.failImageRemove) throw new Error('409 image is in use');
  }
  async pruneDangling() {
    this.calls.push('prune_dangling');
    if (this.failPrune) throw new Error('prune failed');
  }
  async probe(): Promise<RuntimeState> {
    this.calls.push('probe');
    return this.probes.length > 1 ? this.probes.shift()! : this.probes[0];
  }
}

class RecordingJournal implements Journal {
  entries: JournalEntry[] = [];
  cleared = 0;
  async write(e: JournalEntry) {
    this.entries.push(e);
  }
  async clear() {
    this.cleared++;
  }
}

/** A fake clock: sleeping advances time at once. */
function fakeClock(): Clock {
  let t = 0;
  return { now: () => t, sleep: async (ms) => void (t += ms) };
}

const cfg: HealthConfig = { timeoutMs: 120_000, graceMs: 10_000, pollMs: 1_000, maxProbeErrors: 3 };
const opts = (journal: Journal, over: Partial<Parameters<typeof runUpdate>[1]> = {}) => ({
  name: 'cache',
  health: cfg,
  cleanup: { removeReplacedImage: false, pruneDangling: false },
  clock: fakeClock(),
  journal,
  nowSeconds: () => 1_700_000_000,
  ...over,
});
const PRE = ['inspect', 'pull', 'stop:cache', 'rename:old-id->cache-old-1700000000', 'create', 'start:new-id'];

describe('health-gated recreate: step and rollback order', () => {
  it('healthy: the canonical order, the archive removed by name without force, the image ref exactly as written', async () => {
    const ops = new RecordingOps();
    const j = new RecordingJournal();
    const r = await runUpdate(ops, opts(j));
    assert.equal(r.outcome, 'updated');
    assert.deepEqual(ops.calls, [...PRE, 'probe', 'remove:cache-old-1700000000:false']);
    assert.equal(ops.createdImage, 'redis:7-alpine');
    assert.deepEqual(
      j.entries.map((e) => e.phase),
      ['stopping', 'renamed', 'created', 'started', 'healthy'],
    );
    assert.equal(j.cleared, 1);
  });

  it('cleanup: removes the replaced image, then prunes dangling ones last', async () => {
    const ops = new RecordingOps();
    await runUpdate(ops, opts(new RecordingJournal(), { cleanup: { removeReplacedImage: true, pruneDangling: true }, image: 'redis:7.2' }));
    assert.deepEqual(ops.calls.slice(-3), ['remove:cache-old-1700000000:false', 'remove_image:sha256:oldimg', 'prune_dangling']);
    assert.equal(ops.createdImage, 'redis:7.2');
  });

  it('cleanup failures never fail the update; they come back as warnings', async () => {
    const ops = new RecordingOps();
    ops.failImageRemove = true;
    ops.failPrune = true;
    const r = await runUpdate(ops, opts(new RecordingJournal(), { cleanup: { removeReplacedImage: true, pruneDangling: true } }));
    assert.equal(r.outcome, 'updated');
    assert.equal(r.warnings.length, 2);
    assert.match(r.warnings[0], /left in place: 409 image is in use/);
  });

  it('crashed: stop and force-remove the new one, rename the archive back, start it', async () => {
    const ops = new RecordingOps([{ kind: 'exited', exitCode: 1 }]);
    const r = await runUpdate(ops, opts(new RecordingJournal()));
    assert.deepEqual(r.outcome === 'rolled-back' && r.event, {
      container: 'cache',
      reason: 'crashed',
      detail: 'it exited with code 1',
      oldImageRef: 'redis:7-alpine',
      newImageRef: 'redis:7-alpine',
      restoredFrom: 'cache-old-1700000000',
    });
    assert.deepEqual(ops.calls, [
      ...PRE,
      'probe',
      'stop:new-id',
      'remove:new-id:true',
      'rename:cache-old-1700000000->cache',
      'start:cache',
    ]);
  });

  it('timeout: rolls back the same way and never removes the archive', async () => {
    const ops = new RecordingOps([{ kind: 'running', health: 'starting', restarting: false, restartCount: 0 }]);
    const r = await runUpdate(ops, opts(new RecordingJournal()));
    assert.equal(r.outcome === 'rolled-back' && r.event.reason, 'health-timeout');
    assert.ok(ops.calls.includes('remove:new-id:true'));
    assert.ok(!ops.calls.includes('remove:cache-old-1700000000:false'));
    assert.equal(ops.calls.filter((c) => c === 'probe').length, 121, 'polled each second for the 120 s timeout');
  });

  it('a failing create after the rename restores the archive', async () => {
    const ops = new RecordingOps();
    ops.failCreate = true;
    const r = await runUpdate(ops, opts(new RecordingJournal()));
    assert.equal(r.outcome === 'rolled-back' && r.event.reason, 'failed');
    assert.deepEqual(ops.calls, [
      'inspect',
      'pull',
      'stop:cache',
      'rename:old-id->cache-old-1700000000',
      'create',
      'rename:cache-old-1700000000->cache',
      'start:cache',
    ]);
  });

  it('a failing stop (before any rename) never asks to rename an archive that does not exist', async () => {
    const ops = new RecordingOps();
    ops.stop = async (id: string) => {
      ops.calls.push(`stop:${id}`);
      throw new Error('stop timed out');
    };
    ops.start = async (id: string) => {
      ops.calls.push(`start:${id}`);
      throw new Error('engine went away');
    };
    await assert.rejects(runUpdate(ops, opts(new RecordingJournal())), (e: Error) => {
      assert.match(e.message, /The old container is under its own name cache, stopped: start it/);
      assert.doesNotMatch(e.message, /-old-|rename it back/);
      return true;
    });
    assert.deepEqual(ops.calls, ['inspect', 'pull', 'stop:cache', 'start:cache'], 'no rename of an archive that was never made');
  });

  it('a failing rename back names the archive that exists', async () => {
    const ops = new RecordingOps();
    ops.failCreate = true;
    const realRename = ops.rename.bind(ops);
    let renames = 0;
    ops.rename = async (from: string, to: string) => {
      if (++renames === 2) throw new Error('engine went away');
      return realRename(from, to);
    };
    await assert.rejects(
      runUpdate(ops, opts(new RecordingJournal())),
      /kept as cache-old-1700000000; rename it back to cache and start it/,
    );
  });

  it('says when it passes the point of no return: after the pull, before the stop; a cancel before it changes nothing', async () => {
    const ops = new RecordingOps();
    await runUpdate(ops, opts(new RecordingJournal(), { pastNoReturn: () => ops.calls.push('PAST NO RETURN') }));
    assert.deepEqual(ops.calls.slice(0, 4), ['inspect', 'pull', 'PAST NO RETURN', 'stop:cache']);
    const early = new RecordingOps();
    const c = new AbortController();
    c.abort();
    await assert.rejects(
      runUpdate(early, opts(new RecordingJournal(), { signal: c.signal, pastNoReturn: () => early.calls.push('PAST NO RETURN') })),
      /cancelled before anything was changed/,
    );
    assert.deepEqual(early.calls, ['inspect', 'pull']);
  });

  it('readies the data (a Redis SAVE) after the pull and before the point of no return; a failure there changes nothing', async () => {
    const ops = new RecordingOps();
    await runUpdate(
      ops,
      opts(new RecordingJournal(), {
        beforeStop: async () => void ops.calls.push('SAVE'),
        pastNoReturn: () => ops.calls.push('PAST NO RETURN'),
      }),
    );
    assert.deepEqual(ops.calls.slice(0, 5), ['inspect', 'pull', 'SAVE', 'PAST NO RETURN', 'stop:cache']);
    const failing = new RecordingOps();
    const j = new RecordingJournal();
    await assert.rejects(
      runUpdate(
        failing,
        opts(j, {
          beforeStop: () => Promise.reject(new Error('MISCONF no space left')),
        }),
      ),
      (e: Error) => e instanceof PreflightError && /MISCONF no space left: nothing was changed/.test(e.message),
    );
    assert.deepEqual(failing.calls, ['inspect', 'pull']);
    assert.equal(j.entries.length, 0, 'nothing journalled: nothing changed');
    // A stopped container has nothing to write out.
    const stopped = new RecordingOps();
    stopped.running = false;
    await runUpdate(stopped, opts(new RecordingJournal(), { beforeStop: async () => void stopped.calls.push('SAVE') }));
    assert.ok(!stopped.calls.includes('SAVE'));
  });

  it('preflight: an auto-removing container is refused before anything is stopped', async () => {
    const ops = new RecordingOps();
    ops.autoRemove = true;
    const j = new RecordingJournal();
    await assert.rejects(runUpdate(ops, opts(j)), (e: Error) => e instanceof PreflightError && /--rm/.test(e.message));
    assert.deepEqual(ops.calls, ['inspect']);
    assert.equal(j.entries.length, 0, 'nothing journalled: nothing changed');
  });

  it('a stopped container is recreated but not started, and no gate runs', async () => {
    const ops = new RecordingOps();
    ops.running = false;
    const r = await runUpdate(ops, opts(new RecordingJournal()));
    assert.equal(r.outcome, 'updated');
    assert.deepEqual(ops.calls, [
      'inspect',
      'pull',
      'stop:cache',
      'rename:old-id->cache-old-1700000000',
      'create',
      'remove:cache-old-1700000000:false',
    ]);
  });
});

describe('health verdicts', () => {
  const running = (over: Partial<Extract<RuntimeState, { kind: 'running' }>> = {}): RuntimeState => ({
    kind: 'running',
    restarting: false,
    restartCount: 0,
    ...over,
  });
  it('HEALTHCHECK healthy is done at once; unhealthy waits out the grace period, then fails', () => {
    assert.deepEqual(healthVerdict(running({ health: 'healthy' }), 0, cfg, 0), { done: 'healthy' });
    assert.deepEqual(healthVerdict(running({ health: 'unhealthy' }), 5_000, cfg, 0), { wait: 'unhealthy' });
    assert.equal((healthVerdict(running({ health: 'unhealthy' }), 10_000, cfg, 0) as { done: string }).done, 'timeout');
    assert.deepEqual(healthVerdict(running({ health: 'starting' }), 60_000, cfg, 0), { wait: 'starting' });
  });
  it('no healthcheck: running after the grace period is healthy; restarting is a crash', () => {
    assert.deepEqual(healthVerdict(running(), 9_999, cfg, 0), { wait: 'running' });
    assert.deepEqual(healthVerdict(running(), 10_000, cfg, 0), { done: 'healthy' });
    assert.equal((healthVerdict(running({ restarting: true }), 1_000, cfg, 0) as { done: string }).done, 'crashed');
    assert.equal((healthVerdict(running({ restartCount: 2 }), 1_000, cfg, 1) as { done: string }).done, 'crashed');
  });
  it('exited 0 is a finished one-shot; any other exit, or gone, is a crash', () => {
    assert.deepEqual(healthVerdict({ kind: 'exited', exitCode: 0 }, 0, cfg, 0), { done: 'healthy' });
    assert.deepEqual(healthVerdict({ kind: 'exited', exitCode: 137 }, 0, cfg, 0), { done: 'crashed', detail: 'it exited with code 137' });
    assert.equal((healthVerdict({ kind: 'gone' }, 0, cfg, 0) as { done: string }).done, 'crashed');
  });
});

describe('health gate and probe errors', () => {
  it('tolerates a few transient inspect errors, then goes on', async () => {
    const ops = new RecordingOps();
    let calls = 0;
    ops.probe = async () => {
      ops.calls.push('probe');
      if (++calls <= 2) throw new Error('inspect timed out');
      return { kind: 'running', health: 'healthy', restarting: false, restartCount: 0 };
    };
    const r = await runUpdate(ops, opts(new RecordingJournal()));
    assert.equal(r.outcome, 'updated');
    assert.equal(ops.calls.filter((c) => c === 'probe').length, 3);
  });
  it('rolls back when inspect keeps failing', async () => {
    const ops = new RecordingOps();
    ops.probe = async () => {
      ops.calls.push('probe');
      throw new Error('connection refused');
    };
    const r = await runUpdate(ops, opts(new RecordingJournal()));
    assert.equal(r.outcome === 'rolled-back' && r.event.reason, 'crashed');
    assert.match(r.outcome === 'rolled-back' ? r.event.detail : '', /cannot inspect it: connection refused/);
    assert.equal(ops.calls.filter((c) => c === 'probe').length, 4, 'three tolerated, the fourth gives up');
  });
});

describe('health gate steps', () => {
  it('says what it waits for when that changes, not on every poll', async () => {
    const states: RuntimeState[] = [
      ...Array.from({ length: 5 }, () => ({ kind: 'running' as const, health: 'starting' as const, restarting: false, restartCount: 0 })),
      { kind: 'running', health: 'healthy', restarting: false, restartCount: 0 },
    ];
    const said: string[] = [];
    const gate = await waitForHealth(
      async () => states.shift()!,
      cfg,
      fakeClock(),
      (w) => said.push(w),
    );
    assert.deepEqual(gate, { healthy: true });
    assert.deepEqual(said, ['starting']);
  });
});
