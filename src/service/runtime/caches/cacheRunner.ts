// What differs by where a cache runs: one implementation per way of running it
// (a container on Docker in containerCaches.ts, a Pod in podCaches.ts). The
// runtime (cacheRuntime.ts) holds what is common (checks, locks, sessions,
// snapshots) and picks the runner once from the resource or its stored spec.
import type { CacheCreateResult } from '../../../protocol/caches';
import type { BackendKind, Resource } from '../../../protocol/model';
import { placementOf } from '../../backends/podBackend';
import type { DesiredStateStore } from '../../store/desiredState';
import type { OperationContext } from '../images';
import type { CacheEngine, CacheSpec, NetworkMode } from './cacheSpec';

export interface CacheSettings {
  redisImage: string;
  memcachedImage: string;
  networkMode: NetworkMode;
  readinessTimeoutMs: number;
}

/** A cache to make: its name is free and its RDB (when given) checked. */
export interface NewCache {
  name: string;
  engine: CacheEngine;
  rdb?: { path: string; size: number };
  settings: CacheSettings;
  /** The image to run instead of the setting's. */
  image?: string;
  /** The loopback port it answers on instead of a free one. */
  port?: number;
  stack?: { name: string; scope: string };
  /** Runs on the data volume an earlier cache of this name left, instead of refusing it. */
  reuseData?: boolean;
}

export interface CacheDeleteResult {
  removedVolume?: string;
  keptVolumes: string[];
}

export interface CacheRunner {
  /** Makes, starts and waits for the cache; records it in the desired state. On failure nothing it made is left. */
  create(req: NewCache, op: OperationContext): Promise<CacheCreateResult>;
  /** The reconciler's repair: its process is gone, so it is made again from the stored spec. */
  recreate(spec: CacheSpec): Promise<void>;
  reboot(r: Resource, op: OperationContext): Promise<{ waitedMs: number }>;
  /** Streams a file out of the engine's container into `dest` (after SAVE); its size. */
  copyOut(r: Resource, file: string, dest: string): Promise<number>;
  /** The cache's process, its data where it is ours, and (for ours) its entry in the desired state. */
  delete(r: Resource, opts?: { keepData?: boolean }): Promise<CacheDeleteResult>;
  /** An orphan's process, and its data when asked. */
  removeOrphan(r: Resource, removeData: boolean): Promise<{ removedVolume?: string }>;
}

/** One runner per backend, and one for a fakecloud server's resources (acted on through its API). */
export type CacheRunners = Record<BackendKind | 'server', CacheRunner>;

/** An image per engine, from the settings. */
export function cacheImage(engine: CacheEngine, settings: CacheSettings): string {
  return engine === 'redis' ? settings.redisImage : settings.memcachedImage;
}

/**
 * Ours leaves the desired state first: from then on nothing repairs it, whatever fails after.
 * Only when the stored entry runs where this resource does (a same-named cache elsewhere stays).
 */
export function forgetCache(store: DesiredStateStore, r: Resource): boolean {
  const spec = r.owner.type === 'extension' ? store.cache(r.name) : undefined;
  if (!spec || placementOf(spec) !== r.backend) return false;
  store.removeCache(r.name);
  return true;
}
