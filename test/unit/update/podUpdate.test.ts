import * as assert from 'node:assert/strict';
import type { V1Pod } from '@kubernetes/client-node';
import type { Clock, HealthConfig, RuntimeState } from '../../../src/service/update/healthGate';
import {
  controllerOf,
  podRuntimeState,
  replacementPod,
  replacementPodName,
  REPLACES_ANNOTATION,
} from '../../../src/service/update/podReplacement';
import {
  podRecoveryPlan,
  runPodUpdate,
  type PodCommit,
  type PodJournalEntry,
  type PodUpdateOps,
} from '../../../src/service/update/podUpdate';
import type { Journal } from '../../../src/service/update/recreate';

/** Records every call, in order. */
class RecordingPodOps implements PodUpdateOps {
  calls: string[] = [];
  failCreate = false;
  failDelete = new Set<string>();
  constructor(private readonly probes: RuntimeState[] = [{ kind: 'running', restarting: false, restartCount: 0 }]) {}
  async create() {
    this.calls.push('create');
    if (this.failCreate) throw new Error('pods "x" is forbidden: exceeded quota');
  }
  async probe(): Promise<RuntimeState> {
    this.calls.push('probe');
    return this.probes.length > 1 ? this.probes.shift()! : this.probes[0];
  }
  async deletePod(name: string) {
    this.calls.push(`delete:${name}`);
    if (this.failDelete.has(name)) throw new Error('connection refused');
  }
  async commit(c: PodCommit) {
    this.calls.push(`commit:${c.podName}`);
  }
}

class RecordingJournal implements Journal<PodJournalEntry> {
  entries: PodJournalEntry[] = [];
  cleared: string[] = [];
  async write(e: PodJournalEntry) {
    this.entries.push(e);
  }
  async clear(key: string) {
    this.cleared.push(key);
  }
}

function fakeClock(): Clock {
  let t = 0;
  return { now: () => t, sleep: async (ms) => void (t += ms) };
}

const cfg: HealthConfig = { timeoutMs: 30_000, graceMs: 5_000, pollMs: 1_000, maxProbeErrors: 3 };
const commit: PodCommit = { kind: 'cache', name: 'orders', podName: 'fcx-ec-orders-new', spawns: 2, image: 'redis:7.2' };
const opts = (journal: RecordingJournal, over: Partial<Parameters<typeof runPodUpdate>[1]> = {}) => ({
  namespace: 'dev',
  oldPod: 'fcx-ec-orders-old',
  newPod: 'fcx-ec-orders-new',
  oldImageRef: 'redis:7',
  newImageRef: 'redis:7.2',
  commit,
  health: cfg,
  clock: fakeClock(),
  journal,
  ...over,
});

describe('health-gated update of a Pod', () => {
  it('healthy: journal first, the replacement created beside the old Pod, gated, recorded, then the old Pod deleted', async () => {
    const ops = new RecordingPodOps();
    const j = new RecordingJournal();
    const r = await runPodUpdate(ops, opts(j));
    assert.equal(r.outcome, 'updated');
    assert.equal(r.outcome === 'updated' && r.container, 'fcx-ec-orders-new');
    // No healthcheck: running through the 5 s grace period, probed each second.
    assert.deepEqual(ops.calls, ['create', ...Array<string>(6).fill('probe'), 'commit:fcx-ec-orders-new', 'delete:fcx-ec-orders-old']);
    assert.deepEqual(
      j.entries.map((e) => e.phase),
      ['creating', 'created', 'healthy'],
    );
    assert.equal(j.entries[0].newPod, 'fcx-ec-orders-new');
    assert.deepEqual(j.cleared, ['fcx-ec-orders-old']);
  });

  it('a replacement that exits rolls back: only the new Pod is deleted, the old one never touched', async () => {
    const ops = new RecordingPodOps([
      { kind: 'running', health: 'starting', restarting: false, restartCount: 0 },
      { kind: 'exited', exitCode: 1 },
    ]);
    const j = new RecordingJournal();
    const r = await runPodUpdate(ops, opts(j));
    assert.ok(r.outcome === 'rolled-back');
    assert.deepEqual(r.event, {
      container: 'fcx-ec-orders-old',
      reason: 'crashed',
      detail: 'it exited with code 1',
      oldImageRef: 'redis:7',
      newImageRef: 'redis:7.2',
      restoredFrom: 'fcx-ec-orders-old, which kept running',
    });
    assert.deepEqual(ops.calls, ['create', 'probe', 'probe', 'delete:fcx-ec-orders-new']);
    assert.ok(!ops.calls.some((c) => c.startsWith('commit') || c === 'delete:fcx-ec-orders-old'));
    assert.deepEqual(j.cleared, ['fcx-ec-orders-old']);
  });

  it('an image that cannot be pulled fails at once with the reason', async () => {
    const ops = new RecordingPodOps([{ kind: 'failed', detail: 'ErrImagePull: not found' }]);
    const r = await runPodUpdate(ops, opts(new RecordingJournal()));
    assert.ok(r.outcome === 'rolled-back');
    assert.equal(r.event.reason, 'crashed');
    assert.equal(r.event.detail, 'ErrImagePull: not found');
  });

  it('never ready in time: health-timeout, the new Pod deleted', async () => {
    const ops = new RecordingPodOps([{ kind: 'running', health: 'starting', restarting: false, restartCount: 0 }]);
    const r = await runPodUpdate(ops, opts(new RecordingJournal()));
    assert.ok(r.outcome === 'rolled-back');
    assert.equal(r.event.reason, 'health-timeout');
    assert.match(r.event.detail, /not healthy after 30 s/);
    assert.equal(ops.calls.at(-1), 'delete:fcx-ec-orders-new');
  });

  it('a refused create rolls back (deleting whatever was made) as failed', async () => {
    const ops = new RecordingPodOps();
    ops.failCreate = true;
    const j = new RecordingJournal();
    const r = await runPodUpdate(ops, opts(j));
    assert.ok(r.outcome === 'rolled-back');
    assert.equal(r.event.reason, 'failed');
    assert.match(r.event.detail, /exceeded quota/);
    assert.deepEqual(ops.calls, ['create', 'delete:fcx-ec-orders-new']);
    assert.deepEqual(
      j.entries.map((e) => e.phase),
      ['creating'],
    );
  });

  it('cancelled during the gate: rolled back as cancelled, nothing recorded', async () => {
    const ac = new AbortController();
    const ops = new RecordingPodOps([{ kind: 'running', health: 'starting', restarting: false, restartCount: 0 }]);
    const orig = ops.probe.bind(ops);
    ops.probe = async () => {
      if (ops.calls.filter((c) => c === 'probe').length === 2) ac.abort();
      return orig();
    };
    const r = await runPodUpdate(ops, opts(new RecordingJournal(), { signal: ac.signal }));
    assert.ok(r.outcome === 'rolled-back');
    assert.deepEqual([r.event.reason, r.event.detail], ['failed', 'cancelled']);
    assert.ok(!ops.calls.some((c) => c.startsWith('commit')));
  });

  it('a rollback whose delete fails says so, names both Pods and keeps the journal', async () => {
    const ops = new RecordingPodOps([{ kind: 'exited', exitCode: 2 }]);
    ops.failDelete.add('fcx-ec-orders-new');
    const j = new RecordingJournal();
    await assert.rejects(
      runPodUpdate(ops, opts(j)),
      /deleting the new Pod fcx-ec-orders-new failed too: connection refused\. fcx-ec-orders-old is untouched/,
    );
    assert.deepEqual(j.cleared, []);
  });

  it('healthy, but the old Pod cannot be deleted: updated, with a warning', async () => {
    const ops = new RecordingPodOps([{ kind: 'running', health: 'healthy', restarting: false, restartCount: 0 }]);
    ops.failDelete.add('fcx-ec-orders-old');
    const r = await runPodUpdate(ops, opts(new RecordingJournal()));
    assert.ok(r.outcome === 'updated');
    assert.equal(r.archiveRemoved, false);
    assert.match(r.warnings[0], /old Pod fcx-ec-orders-old could not be deleted: connection refused/);
  });

  it('recovery: an unproven replacement is deleted; a proven one is kept, recorded, and the old Pod deleted', () => {
    const base: PodJournalEntry = {
      container: 'old',
      namespace: 'dev',
      newPod: 'new',
      oldImageRef: 'a',
      newImageRef: 'b',
      phase: 'created',
      startedAt: 0,
      commit,
    };
    assert.deepEqual(podRecoveryPlan({ ...base, phase: 'creating' }).deletePod, 'new');
    const created = podRecoveryPlan(base);
    assert.equal(created.deletePod, 'new');
    assert.equal(created.commit, undefined);
    assert.equal(created.warn, true);
    const healthy = podRecoveryPlan({ ...base, phase: 'healthy' });
    assert.equal(healthy.deletePod, 'old');
    assert.deepEqual(healthy.commit, commit);
  });
});

describe('the replacement Pod', () => {
  const old: V1Pod = {
    metadata: {
      name: 'fakecloud-ec-orders-0a1b2c3d4e5f',
      namespace: 'dev',
      uid: 'u-1',
      resourceVersion: '42',
      creationTimestamp: new Date(0),
      labels: { 'fakecloud-managed-by': 'fakecloud', 'fakecloud-elasticache': 'orders' },
      annotations: { team: 'a', 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
    },
    spec: {
      nodeName: 'node-1',
      restartPolicy: 'Never',
      nodeSelector: { disk: 'ssd' },
      volumes: [
        { name: 'data', emptyDir: {} },
        { name: 'kube-api-access-x7k2p', projected: { sources: [] } },
      ],
      initContainers: [
        { name: 'init', image: 'busybox', volumeMounts: [{ name: 'kube-api-access-x7k2p', mountPath: '/var/run/secrets' }] },
      ],
      containers: [
        { name: 'sidecar', image: 'envoy:1' },
        {
          name: 'cache',
          image: 'redis:7',
          command: ['redis-server'],
          volumeMounts: [
            { name: 'data', mountPath: '/data' },
            { name: 'kube-api-access-x7k2p', mountPath: '/var/run/secrets' },
          ],
        },
      ],
    },
    status: { phase: 'Running' },
  };

  it('the same spec with the main container on the new image, the cluster-filled parts left for the cluster', () => {
    const p = replacementPod(old, 'cache', 'redis:7.2', 'fakecloud-ec-orders-999');
    assert.deepEqual(p.metadata, {
      name: 'fakecloud-ec-orders-999',
      namespace: 'dev',
      labels: old.metadata!.labels,
      annotations: { team: 'a', [REPLACES_ANNOTATION]: 'fakecloud-ec-orders-0a1b2c3d4e5f' },
    });
    assert.equal(p.status, undefined);
    assert.equal(p.spec!.nodeName, undefined);
    assert.deepEqual(p.spec!.nodeSelector, { disk: 'ssd' });
    assert.deepEqual(p.spec!.volumes, [{ name: 'data', emptyDir: {} }]);
    assert.deepEqual(
      p.spec!.containers.map((c) => c.image),
      ['envoy:1', 'redis:7.2'],
    );
    assert.deepEqual(p.spec!.containers[1].volumeMounts, [{ name: 'data', mountPath: '/data' }]);
    assert.deepEqual(p.spec!.initContainers![0].volumeMounts, []);
    // The old Pod is not changed.
    assert.equal(old.spec!.containers[1].image, 'redis:7');
    assert.throws(() => replacementPod(old, 'nope', 'x', 'y'), /no container named nope/);
  });

  it('a fresh name of the same family, DNS-safe and at most 63 characters', () => {
    const a = replacementPodName('fakecloud-ec-orders-0a1b2c3d4e5f', '1');
    const b = replacementPodName('fakecloud-ec-orders-0a1b2c3d4e5f', '2');
    assert.match(a, /^fakecloud-ec-orders-[0-9a-f]{12}$/);
    assert.notEqual(a, b);
    const long = replacementPodName(`p-${'x'.repeat(61)}`, '1');
    assert.ok(long.length <= 63 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(long), long);
  });

  it('a Pod a controller owns is named, so the update can refuse it', () => {
    assert.equal(controllerOf(old), undefined);
    assert.equal(
      controllerOf({
        metadata: { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d8', uid: 'u', controller: true }] },
      }),
      'ReplicaSet web-5d8',
    );
  });
});

describe('a replacement Pod as the health gate sees it', () => {
  const pod = (phase: string, status: Record<string, unknown> = {}, probe = false): V1Pod => ({
    metadata: { name: 'p' },
    spec: { containers: [{ name: 'cache', image: 'redis', ...(probe ? { readinessProbe: { tcpSocket: { port: 6379 } } } : {}) }] },
    status: { phase, containerStatuses: [{ name: 'cache', image: 'redis', imageID: '', ready: false, restartCount: 0, ...status }] },
  });

  it('gone, deleting, pending, image pull failures', () => {
    assert.deepEqual(podRuntimeState(undefined, 'cache'), { kind: 'gone' });
    assert.deepEqual(podRuntimeState({ ...pod('Running'), metadata: { deletionTimestamp: new Date() } }, 'cache'), { kind: 'gone' });
    assert.deepEqual(podRuntimeState(pod('Pending', { state: { waiting: { reason: 'ContainerCreating' } } }), 'cache'), {
      kind: 'running',
      health: 'starting',
      restarting: false,
      restartCount: 0,
    });
    assert.deepEqual(
      podRuntimeState(
        pod('Pending', { state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "redis:nope"' } } }),
        'cache',
      ),
      {
        kind: 'failed',
        detail: 'ImagePullBackOff: Back-off pulling image "redis:nope"',
      },
    );
  });

  it("ended: the exit code, else the Pod's reason", () => {
    assert.deepEqual(podRuntimeState(pod('Failed', { state: { terminated: { exitCode: 137 } } }), 'cache'), {
      kind: 'exited',
      exitCode: 137,
    });
    assert.deepEqual(
      podRuntimeState({ ...pod('Failed'), status: { phase: 'Failed', reason: 'Evicted', message: 'low on memory' } }, 'cache'),
      { kind: 'failed', detail: 'the Pod failed (Evicted): low on memory' },
    );
  });

  it('running: ready decides where there is a readinessProbe; otherwise running (the grace period decides); restarts count', () => {
    const running = { state: { running: { startedAt: new Date() } } };
    assert.deepEqual(podRuntimeState(pod('Running', running), 'cache'), { kind: 'running', restarting: false, restartCount: 0 });
    assert.deepEqual(podRuntimeState(pod('Running', running, true), 'cache'), {
      kind: 'running',
      health: 'starting',
      restarting: false,
      restartCount: 0,
    });
    assert.deepEqual(podRuntimeState(pod('Running', { ...running, ready: true }, true), 'cache'), {
      kind: 'running',
      health: 'healthy',
      restarting: false,
      restartCount: 0,
    });
    assert.deepEqual(podRuntimeState(pod('Running', { state: { waiting: { reason: 'CrashLoopBackOff' } }, restartCount: 3 }), 'cache'), {
      kind: 'failed',
      detail: 'CrashLoopBackOff',
    });
    assert.deepEqual(podRuntimeState(pod('Running', { state: { waiting: { reason: 'ContainerCreating' } }, restartCount: 1 }), 'cache'), {
      kind: 'running',
      health: 'starting',
      restarting: true,
      restartCount: 1,
    });
  });
});
