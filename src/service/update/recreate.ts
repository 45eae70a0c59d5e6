// Health-gated recreate with rollback. The step order is the
// contract: inspect → pull → stop → rename to <name>-old-<ts> → create under the
// original name → start → health gate. Healthy: remove the archive (never its
// volumes), then optional cleanup that never fails the update. Not healthy:
// stop and force-remove the new one, rename the archive back, start it.
// Pure orchestration over UpdateOps, so tests drive it with a recording fake.
import { waitForHealth, type Clock, type HealthConfig, type RuntimeState } from './healthGate';
import { l10n } from '../../protocol/l10n';

export interface ContainerSnapshot {
  id: string;
  name: string;
  /** Config.Image exactly as written (never the library/-prefixed pull result). */
  imageRef: string;
  imageId?: string;
  running: boolean;
  autoRemove: boolean;
  stopSignal?: string;
  stopTimeout?: number;
}

export interface UpdateOps {
  inspect(name: string): Promise<ContainerSnapshot>;
  /** Resolves whether a registry answered, or the local image had to do; skipped: the pull policy said not to pull. */
  pull(ref: string, signal?: AbortSignal): Promise<{ usedLocal: boolean; skipped?: boolean; detail?: string }>;
  stop(nameOrId: string, signal?: string, timeoutSeconds?: number): Promise<void>;
  rename(nameOrId: string, to: string): Promise<void>;
  create(name: string, from: ContainerSnapshot, image: string): Promise<string>;
  start(nameOrId: string): Promise<void>;
  remove(nameOrId: string, force: boolean): Promise<void>;
  removeImage(id: string): Promise<void>;
  pruneDangling(): Promise<void>;
  probe(id: string): Promise<RuntimeState>;
}

export type UpdatePhase = 'stopping' | 'renamed' | 'created' | 'started' | 'healthy';

export interface JournalEntry {
  container: string;
  archive: string;
  oldImageRef: string;
  newImageRef: string;
  wasRunning: boolean;
  newId?: string;
  phase: UpdatePhase;
  startedAt: number;
}

export interface Journal<E extends { container: string } = JournalEntry> {
  write(entry: E): Promise<void>;
  clear(container: string): Promise<void>;
}

export interface Cleanup {
  removeReplacedImage: boolean;
  pruneDangling: boolean;
}

export interface RollbackEvent {
  container: string;
  reason: 'crashed' | 'health-timeout' | 'failed';
  detail: string;
  oldImageRef: string;
  newImageRef: string;
  restoredFrom: string;
}

export type UpdateResult =
  | {
      outcome: 'updated';
      container: string;
      newId: string;
      oldImageRef: string;
      newImageRef: string;
      archiveRemoved: boolean;
      warnings: string[];
    }
  | { outcome: 'rolled-back'; event: RollbackEvent; warnings: string[] };

export class PreflightError extends Error {}

export interface UpdateOptions {
  name: string;
  /** The image to move to; default: the current ref, re-pulled. */
  image?: string;
  health: HealthConfig;
  cleanup: Cleanup;
  clock: Clock;
  journal: Journal;
  step?: (message: string) => void;
  /** Honoured until the point of no return (the stop). */
  signal?: AbortSignal;
  /** Told at the point of no return, so a Cancel offered past it can be taken away. */
  pastNoReturn?: () => void;
  /**
   * Readies what the container holds for the stop, before anything is changed (a Redis cache's SAVE); what it
   * throws refuses the update, changing nothing.
   */
  beforeStop?: () => Promise<void>;
  nowSeconds?: () => number;
}

export async function runUpdate(ops: UpdateOps, o: UpdateOptions): Promise<UpdateResult> {
  const step = o.step ?? (() => undefined);
  const warnings: string[] = [];
  step(l10n.t('inspect {0}', o.name));
  const spec = await ops.inspect(o.name);
  const newRef = o.image ?? spec.imageRef;
  if (spec.autoRemove)
    throw new PreflightError(
      l10n.t('{0} is set to remove itself when stopped (--rm): stopping it would leave nothing to roll back to', o.name),
    );
  step(l10n.t('pull {0}', newRef));
  const pulled = await ops.pull(newRef, o.signal);
  if (pulled.skipped) step(l10n.t('{0} is on this machine; not pulled ({1})', newRef, pulled.detail ?? 'pull policy'));
  else if (pulled.usedLocal) {
    const w = `no registry answered for ${newRef}; using the local image${pulled.detail ? ` (${pulled.detail})` : ''}`;
    warnings.push(w);
    step(w);
  }
  if (o.signal?.aborted) throw new PreflightError(l10n.t('cancelled before anything was changed'));
  if (o.beforeStop && spec.running) {
    try {
      await o.beforeStop();
    } catch (err) {
      throw new PreflightError(l10n.t('{0}: nothing was changed', (err as Error).message));
    }
  }

  // The point of no return: journal first, so an interrupted update can be finished or undone.
  o.pastNoReturn?.();
  const archive = `${o.name}-old-${(o.nowSeconds ?? (() => Math.floor(Date.now() / 1000)))()}`;
  const entry: JournalEntry = {
    container: o.name,
    archive,
    oldImageRef: spec.imageRef,
    newImageRef: newRef,
    wasRunning: spec.running,
    phase: 'stopping',
    startedAt: o.clock.now(),
  };
  await o.journal.write(entry);
  let newId: string | undefined;
  let renamed = false;
  try {
    step(l10n.t('stop {0}', o.name));
    await ops.stop(o.name, spec.stopSignal, spec.stopTimeout);
    step(l10n.t('rename {0} → {1}', o.name, archive));
    await ops.rename(spec.id, archive);
    renamed = true;
    await o.journal.write({ ...entry, phase: 'renamed' });
    step(l10n.t('create {0} from {1}', o.name, newRef));
    newId = await ops.create(o.name, spec, newRef);
    await o.journal.write({ ...entry, newId, phase: 'created' });
    if (spec.running) {
      step(l10n.t('start {0}', o.name));
      await ops.start(newId);
      await o.journal.write({ ...entry, newId, phase: 'started' });
    }
  } catch (err) {
    return rollback(
      ops,
      o,
      spec,
      renamed ? archive : undefined,
      newRef,
      newId,
      { reason: 'failed', detail: (err as Error).message },
      warnings,
      step,
    );
  }

  if (spec.running) {
    step(l10n.t('health gate'));
    const gate = await waitForHealth(
      () => ops.probe(newId),
      o.health,
      o.clock,
      (what) => step(l10n.t('waiting for health ({0})', what)),
    );
    if (!gate.healthy) return rollback(ops, o, spec, archive, newRef, newId, { reason: gate.reason, detail: gate.detail }, warnings, step);
  }

  await o.journal.write({ ...entry, newId, phase: 'healthy' });
  let archiveRemoved = true;
  step(l10n.t('remove {0}', archive));
  try {
    await ops.remove(archive, false);
  } catch (err) {
    archiveRemoved = false;
    warnings.push(`the new container is healthy, but the archive ${archive} could not be removed: ${(err as Error).message}`);
  }
  // Cleanup never fails the update.
  if (o.cleanup.removeReplacedImage && spec.imageId) {
    try {
      await ops.removeImage(spec.imageId);
    } catch (err) {
      warnings.push(`the replaced image ${spec.imageId.slice(0, 19)} was left in place: ${(err as Error).message}`);
    }
  }
  if (o.cleanup.pruneDangling) {
    try {
      await ops.pruneDangling();
    } catch (err) {
      warnings.push(`pruning dangling images failed: ${(err as Error).message}`);
    }
  }
  await o.journal.clear(o.name);
  return { outcome: 'updated', container: o.name, newId: newId, oldImageRef: spec.imageRef, newImageRef: newRef, archiveRemoved, warnings };
}

async function rollback(
  ops: UpdateOps,
  o: UpdateOptions,
  spec: ContainerSnapshot,
  /** Undefined when the old container was never renamed: it is still under its own name. */
  archive: string | undefined,
  newRef: string,
  newId: string | undefined,
  why: { reason: RollbackEvent['reason']; detail: string },
  warnings: string[],
  step: (m: string) => void,
): Promise<UpdateResult> {
  step(l10n.t('rolling back: {0}', why.detail));
  // Never roll back a rollback: a failure here keeps the archive and says so.
  let stage: 'remove' | 'rename' | 'start' = 'remove';
  try {
    if (newId) {
      await ops.stop(newId).catch(() => undefined);
      await ops.remove(newId, true);
    }
    stage = 'rename';
    if (archive) await ops.rename(archive, o.name);
    stage = 'start';
    if (spec.running) await ops.start(o.name);
  } catch (err) {
    // Say where the old container is now, as the step that failed leaves it. The journal is
    // kept, so the service finishes the rollback at its next connect to the engine.
    const where =
      stage === 'start' || !archive
        ? `The old container is under its own name ${o.name}${spec.running ? ', stopped: start it' : ''}`
        : `The old container is kept as ${archive}` +
          (stage === 'remove' && newId ? ` (the new one, ${newId.slice(0, 12)}, could not be removed first)` : '') +
          `; rename it back to ${o.name} and start it`;
    throw new Error(
      `the update of ${o.name} failed (${why.detail}) and so did the rollback: ${(err as Error).message}. ${where}, or let the service ` +
        `finish the rollback when it next reaches the engine.`,
      { cause: err },
    );
  }
  await o.journal.clear(o.name);
  return {
    outcome: 'rolled-back',
    event: {
      container: o.name,
      reason: why.reason,
      detail: why.detail,
      oldImageRef: spec.imageRef,
      newImageRef: newRef,
      restoredFrom: archive ?? o.name,
    },
    warnings,
  };
}
