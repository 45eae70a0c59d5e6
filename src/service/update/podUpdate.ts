// The health-gated update on Kubernetes. The old Pod keeps running throughout:
// journal → create the replacement → health gate → (healthy) record it, delete
// the old Pod; (not healthy, failed or cancelled) delete the replacement and keep
// the old one. Nothing is lost before the gate has passed, so unlike a Docker
// recreate there is no point of no return until then. Pure orchestration over
// PodUpdateOps, driven in tests by a recording fake.
import { waitForHealth, type Clock, type HealthConfig, type RuntimeState } from './healthGate';
import type { Journal, RollbackEvent, UpdateResult } from './recreate';
import { l10n } from '../../protocol/l10n';

export type PodUpdatePhase = 'creating' | 'created' | 'healthy';

/** What our desired state records once the replacement has passed (our own caches and instances). */
export interface PodCommit {
  kind: 'cache' | 'instance';
  name: string;
  podName: string;
  spawns: number;
  image: string;
}

export interface PodJournalEntry {
  /** The old Pod: the journal's key. */
  container: string;
  namespace: string;
  newPod: string;
  oldImageRef: string;
  newImageRef: string;
  phase: PodUpdatePhase;
  startedAt: number;
  commit?: PodCommit;
}

export interface PodUpdateOps {
  /** The replacement created, with any files staged into it; deleted again by the caller on failure. */
  create(signal?: AbortSignal): Promise<void>;
  /** The replacement, as the health gate sees it (with the engine's own answer where there is one). */
  probe(): Promise<RuntimeState>;
  deletePod(name: string): Promise<void>;
  /** Our desired state now names the replacement. */
  commit(entry: PodCommit): Promise<void>;
}

export interface PodUpdateOptions {
  namespace: string;
  oldPod: string;
  newPod: string;
  oldImageRef: string;
  newImageRef: string;
  commit?: PodCommit;
  health: HealthConfig;
  clock: Clock;
  journal: Journal<PodJournalEntry>;
  step?: (message: string) => void;
  /** Honoured until the replacement has passed the gate. */
  signal?: AbortSignal;
}

export async function runPodUpdate(ops: PodUpdateOps, o: PodUpdateOptions): Promise<UpdateResult> {
  const step = o.step ?? (() => undefined);
  const entry: PodJournalEntry = {
    container: o.oldPod,
    namespace: o.namespace,
    newPod: o.newPod,
    oldImageRef: o.oldImageRef,
    newImageRef: o.newImageRef,
    phase: 'creating',
    startedAt: o.clock.now(),
    ...(o.commit ? { commit: o.commit } : {}),
  };
  const cancelled = () => (o.signal?.aborted ? { reason: 'failed' as const, detail: 'cancelled' } : undefined);
  // Before anything exists: a service that dies from here on leaves a journal that says what to delete.
  await o.journal.write(entry);
  try {
    step(l10n.t('create Pod {0} from {1} ({2} keeps running)', o.newPod, o.newImageRef, o.oldPod));
    await ops.create(o.signal);
    await o.journal.write({ ...entry, phase: 'created' });
  } catch (err) {
    return rollback(ops, o, cancelled() ?? { reason: 'failed', detail: (err as Error).message }, step);
  }
  const stop = cancelled();
  if (stop) return rollback(ops, o, stop, step);

  step(l10n.t('health gate'));
  const probe = async (): Promise<RuntimeState> => (o.signal?.aborted ? { kind: 'failed', detail: 'cancelled' } : ops.probe());
  const gate = await waitForHealth(probe, o.health, o.clock, (what) => step(l10n.t('waiting for health ({0})', what)));
  if (!gate.healthy) return rollback(ops, o, cancelled() ?? { reason: gate.reason, detail: gate.detail }, step);

  await o.journal.write({ ...entry, phase: 'healthy' });
  if (o.commit) await ops.commit(o.commit);
  const warnings: string[] = [];
  let archiveRemoved = true;
  step(l10n.t('delete {0}', o.oldPod));
  try {
    await ops.deletePod(o.oldPod);
  } catch (err) {
    archiveRemoved = false;
    warnings.push(`the new Pod ${o.newPod} is healthy, but the old Pod ${o.oldPod} could not be deleted: ${(err as Error).message}`);
  }
  await o.journal.clear(o.oldPod);
  return {
    outcome: 'updated',
    container: o.newPod,
    newId: o.newPod,
    oldImageRef: o.oldImageRef,
    newImageRef: o.newImageRef,
    archiveRemoved,
    warnings,
  };
}

async function rollback(
  ops: PodUpdateOps,
  o: PodUpdateOptions,
  why: { reason: RollbackEvent['reason']; detail: string },
  step: (m: string) => void,
): Promise<UpdateResult> {
  step(l10n.t('rolling back: {0}', why.detail));
  try {
    await ops.deletePod(o.newPod);
  } catch (err) {
    // The journal stays, so the next connect deletes it again.
    throw new Error(
      `the update of ${o.oldPod} failed (${why.detail}), and deleting the new Pod ${o.newPod} failed too: ${(err as Error).message}. ` +
        `${o.oldPod} is untouched; delete ${o.newPod} yourself.`,
      { cause: err },
    );
  }
  await o.journal.clear(o.oldPod);
  return {
    outcome: 'rolled-back',
    event: {
      container: o.oldPod,
      reason: why.reason,
      detail: why.detail,
      oldImageRef: o.oldImageRef,
      newImageRef: o.newImageRef,
      restoredFrom: `${o.oldPod}, which kept running`,
    },
    warnings: [],
  };
}

/** What a dead service's journal entry asks for at the next connect. */
export function podRecoveryPlan(e: PodJournalEntry): { deletePod: string; commit?: PodCommit; message: string; warn: boolean } {
  if (e.phase === 'healthy') {
    return {
      deletePod: e.container,
      ...(e.commit ? { commit: e.commit } : {}),
      message: l10n.t(
        'finished an update interrupted after its health gate: {0} ({1}) stays, {2} deleted',
        e.newPod,
        e.newImageRef,
        e.container,
      ),
      warn: false,
    };
  }
  return {
    deletePod: e.newPod,
    message: l10n.t(
      'an update to {0} was interrupted ({1}); its new Pod {2} deleted, {3} ({4}) kept',
      e.newImageRef,
      e.phase,
      e.newPod,
      e.container,
      e.oldImageRef,
    ),
    warn: true,
  };
}
