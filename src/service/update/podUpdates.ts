// Update Image for a resource on Kubernetes: what the replacement Pod is, how it
// is made and judged, and what our desired state records afterwards. Our own
// caches and instances get their next Pod as the runtimes make it (a Redis
// cache's data saved and staged into it first); any other Pod (a fakecloud
// server's) is copied with the new image. At each connect, updates a dead
// service left half-way are finished or undone from the journal.
import * as fs from 'node:fs';
import type { V1Pod } from '@kubernetes/client-node';
import type { Resource } from '../../protocol/model';
import type { PodBackend } from '../backends/podBackend';
import { podState } from '../backends/kubernetes/podResources';
import { mainContainer } from '../backends/kubernetes/podSpecs';
import { ENGINE_PORT } from '../runtime/caches/cacheSpec';
import { RIE_PORT } from '../runtime/functions/functionSpec';
import type { PodCaches } from '../runtime/caches/podCaches';
import type { PodInstances } from '../runtime/instances/podInstances';
import { httpAnswers, probeCache } from '../runtime/readiness';
import type { DesiredStateStore } from '../store/desiredState';
import type { ServiceLog } from '../support/log';
import { realClock, type HealthConfig, type RuntimeState } from './healthGate';
import type { UpdateJournal } from './journal';
import { podRecoveryPlan, runPodUpdate, type PodCommit, type PodJournalEntry } from './podUpdate';
import { controllerOf, podRuntimeState, replacementPod, replacementPodName } from './podReplacement';
import { PreflightError, type UpdateResult } from './recreate';
import { l10n } from '../../protocol/l10n';

export interface PodUpdatesDeps {
  pods: () => PodBackend;
  store: DesiredStateStore;
  podCaches: PodCaches;
  podInstances: PodInstances;
  journal: UpdateJournal<PodJournalEntry>;
  log: ServiceLog;
}

interface Plan {
  newPod: string;
  create: (signal?: AbortSignal) => Promise<void>;
  commit?: PodCommit;
  /** The engine's own answer (PING, version, a TCP connect), through a port-forward. */
  answers?: (pod: string) => Promise<boolean>;
  cleanup?: () => Promise<void>;
}

export class PodUpdates {
  /** Old Pods whose update runs in this process now. */
  private readonly running = new Set<string>();
  private recovering: Promise<void> | undefined;
  /** Whether a journal may be waiting (unknown at start; then only after an update ended): recovery that knows there is none reads nothing. */
  private maybePending = true;
  constructor(private readonly deps: PodUpdatesDeps) {}

  /** `onPlanned` learns the replacement's name before it exists (it shows "updating" as the old one does). */
  async update(
    r: Resource,
    image: string | undefined,
    health: HealthConfig,
    step: (m: string) => void,
    onPlanned: (newPod: string) => void,
    signal?: AbortSignal,
  ): Promise<UpdateResult> {
    const pods = this.deps.pods();
    const own = r.owner.type === 'extension';
    const instance = own && r.kind === 'instance' ? this.deps.store.instance(r.name) : undefined;
    if (instance?.backend === 'kubernetes' && instance.desired === 'stopped') {
      // No Pod to replace: the next Start makes one from the new image.
      const to = image ?? instance.image;
      this.deps.store.putInstance({ ...instance, image: to });
      step(l10n.t('{0} is stopped (it has no Pod): its next Start uses {1}', r.displayName ?? r.name, to));
      return {
        outcome: 'updated',
        container: r.name,
        newId: '',
        oldImageRef: instance.image,
        newImageRef: to,
        archiveRemoved: true,
        warnings: [],
      };
    }
    step(l10n.t('read Pod {0}', r.containerName));
    const old = await pods.getPod(r.containerName);
    if (!old?.spec) throw new PreflightError(l10n.t('the Pod {0} is gone', r.containerName));
    const controller = controllerOf(old);
    if (controller)
      throw new PreflightError(l10n.t('the Pod belongs to {0}, which replaces its Pods itself: change the image there', controller));
    if (old.status?.phase !== 'Running' || old.metadata?.deletionTimestamp)
      throw new PreflightError(
        l10n.t('the Pod {0} is not running ({1}): there is nothing to replace', r.containerName, podState(old).status),
      );
    const container = old.spec.containers.some((c) => c.name === mainContainer(r.kind))
      ? mainContainer(r.kind)
      : old.spec.containers[0].name;
    const oldRef = old.spec.containers.find((c) => c.name === container)?.image ?? r.image;
    const newRef = image ?? oldRef;
    const warnings: string[] = [];
    const plan = await this.plan(r, old, container, newRef, step, warnings);
    onPlanned(plan.newPod);
    step(l10n.t('the cluster pulls {0} for the new Pod (no registry is asked from here)', newRef));
    // While it runs, its journal is this update's own: recovery leaves it alone.
    this.running.add(r.containerName);
    try {
      const result = await runPodUpdate(
        {
          create: plan.create,
          probe: () => this.probe(pods, plan, container),
          deletePod: (name) => pods.deletePod(name),
          commit: async (c) => this.commit(c, r.containerName),
        },
        {
          namespace: pods.namespace,
          oldPod: r.containerName,
          newPod: plan.newPod,
          oldImageRef: oldRef,
          newImageRef: newRef,
          ...(plan.commit ? { commit: plan.commit } : {}),
          health,
          clock: realClock,
          journal: this.deps.journal,
          step,
          ...(signal ? { signal } : {}),
        },
      );
      result.warnings.unshift(...warnings);
      return result;
    } finally {
      this.running.delete(r.containerName);
      // Settled or not, its journal is worth one look.
      this.maybePending = true;
      await plan.cleanup?.();
    }
  }

  private async plan(
    r: Resource,
    old: V1Pod,
    container: string,
    newRef: string,
    step: (m: string) => void,
    warnings: string[],
  ): Promise<Plan> {
    const pods = this.deps.pods();
    const own = r.owner.type === 'extension';
    const cache = own && r.kind === 'cache' ? this.deps.store.cache(r.name) : undefined;
    const instance = own && r.kind === 'instance' ? this.deps.store.instance(r.name) : undefined;
    const answers = this.answers(r);
    if (cache?.backend === 'kubernetes' && cache.podName === r.containerName) {
      if (cache.engine === 'redis')
        step(l10n.t('the data goes to the new Pod as of the SAVE below (writes after it are not carried over)'));
      const file = await this.deps.podCaches.saveDataOut(cache, r, step);
      const { pod, next } = this.deps.podCaches.podFor({ ...cache, image: newRef }, file !== undefined);
      return {
        newPod: next.podName,
        create: (signal) => this.deps.podCaches.startPod(pod, file, step, signal),
        commit: { kind: 'cache', name: cache.name, podName: next.podName, spawns: next.spawns, image: newRef },
        ...(answers ? { answers } : {}),
        cleanup: async () => {
          if (file) await fs.promises.rm(file, { force: true });
        },
      };
    }
    if (instance?.backend === 'kubernetes' && instance.podName === r.containerName) {
      // User data ran at first boot; a replacement boots as a restart would.
      const { pod, next } = this.deps.podInstances.podFor({ ...instance, image: newRef }, false);
      return {
        newPod: next.podName,
        create: async () => {
          await pods.createPod(pod);
        },
        commit: { kind: 'instance', name: instance.instanceId, podName: next.podName, spawns: next.spawns, image: newRef },
      };
    }
    if (r.kind === 'cache' && r.engine !== 'memcached') {
      warnings.push(`${r.containerName}'s data lives and dies with its Pod: the new Pod starts without it (Snapshot first to keep it)`);
      step(warnings[warnings.length - 1]);
    }
    const newPod = replacementPodName(r.containerName, String(Date.now()));
    const pod = replacementPod(old, container, newRef, newPod);
    return {
      newPod,
      create: async () => {
        await pods.createPod(pod);
      },
      ...(answers ? { answers } : {}),
    };
  }

  /** A cache must answer PING (or version), a function HTTP on its invoke port; an instance only run. */
  private answers(r: Resource): ((pod: string) => Promise<boolean>) | undefined {
    const engine = r.engine === 'memcached' ? 'memcached' : 'redis';
    const port = r.kind === 'cache' ? ENGINE_PORT[engine] : r.kind === 'function' ? RIE_PORT : undefined;
    if (port === undefined) return undefined;
    return async (pod) => {
      const forward = await this.deps.pods().portForward(pod, port);
      try {
        return r.kind === 'cache'
          ? (await probeCache('127.0.0.1', forward.port, engine, 2_000)) === 'ready'
          : await httpAnswers(forward.port);
      } finally {
        forward.close();
      }
    };
  }

  private async probe(pods: PodBackend, plan: Plan, container: string): Promise<RuntimeState> {
    const state = podRuntimeState(await pods.getPod(plan.newPod), container);
    if (state.kind !== 'running' || state.health === 'starting' || !plan.answers) return state;
    const ok = await plan.answers(plan.newPod).catch(() => false);
    return ok ? state : { ...state, health: 'starting' };
  }

  /** The desired state names the new Pod and image, unless something else replaced the old Pod meanwhile. */
  private commit(c: PodCommit, oldPod: string): void {
    if (c.kind === 'cache') {
      const spec = this.deps.store.cache(c.name);
      if (spec?.podName === oldPod) this.deps.store.putCache({ ...spec, image: c.image, podName: c.podName, spawns: c.spawns });
    } else {
      const spec = this.deps.store.instance(c.name);
      if (spec?.podName === oldPod) this.deps.store.putInstance({ ...spec, image: c.image, podName: c.podName, spawns: c.spawns });
    }
  }

  /** Finishes or undoes what a dead service left, in the namespace now connected; others wait for theirs. */
  /**
   * Finishes or undoes what an update left when it could not (the API server went away,
   * or the service died): at each connect, and before each reconcile pass, so an outage
   * too short to be seen as a disconnect is settled too. An update running now is skipped.
   */
  recover(): Promise<void> {
    // One run at a time, and a call during a run gets a run of its own after it: a connect
    // that comes while a pass's run is failing is not swallowed by it.
    const next = (this.recovering ?? Promise.resolve()).then(() => this.doRecover());
    this.recovering = next.catch(() => undefined);
    return next;
  }

  private async doRecover(): Promise<void> {
    if (!this.maybePending) return;
    // Cleared before the look; whatever is left (or ends meanwhile) sets it again.
    this.maybePending = false;
    let left = false;
    try {
      const entries = (await this.deps.journal.list()).filter((e) => !this.running.has(e.container));
      if (entries.length === 0) return;
      const pods = this.deps.pods();
      for (const e of entries) {
        // Another namespace's journal waits until that namespace is connected again.
        if (e.namespace !== pods.namespace) {
          left = true;
          continue;
        }
        const plan = podRecoveryPlan(e);
        try {
          if (plan.commit) this.commit(plan.commit, e.container);
          await pods.deletePod(plan.deletePod);
          if (plan.warn) this.deps.log.warn(`update ${e.container}: ${plan.message}`);
          else this.deps.log.info(`update ${e.container}: ${plan.message}`);
          await this.deps.journal.clear(e.container);
        } catch (err) {
          left = true;
          this.deps.log.error(
            `update ${e.container}: could not recover an interrupted update (${(err as Error).message}); the journal is kept for the next try`,
          );
        }
      }
    } catch (err) {
      left = true;
      throw err;
    } finally {
      if (left) this.maybePending = true;
    }
  }
}
