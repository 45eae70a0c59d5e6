// What is inside a memcached cache, as both halves see it: its stats, its items page by page, a value. Pure data.

export interface MemcachedStats {
  version: string;
  uptimeSeconds: number;
  /** Items stored now (curr_items). */
  items: number;
  bytes: number;
  limitBytes: number;
  hits: number;
  misses: number;
  evictions: number;
  connections: number;
  /** Every figure `stats` gave, by its name. */
  all: Record<string, string>;
}

export interface MemcachedItem {
  key: string;
  /** Unix seconds when it expires; -1 never. */
  expiresAt: number;
  /** Unix seconds of its last access. */
  lastAccess: number;
  size: number;
}

export interface MemcachedItemPage {
  items: MemcachedItem[];
  /** Where the next page starts; absent at the end. */
  next?: number;
  /** On the last page when the listing stopped at this many items (a larger cache's rest is read by key). */
  truncated?: number;
  /** Set when this server cannot list its items (`lru_crawler metadump` is newer than it), with why. */
  unsupported?: string;
}

export interface MemcachedValue {
  found: boolean;
  /** As text; bytes that are not UTF-8 escaped (then binary). */
  text?: string;
  binary?: boolean;
  flags?: number;
  bytes?: number;
}

/** What is wrong with a memcached key: at most 250 bytes, no spaces or control characters. */
export function memcachedKeyProblem(key: string): string | undefined {
  if (key.length === 0) return 'a key needs a name';
  if (Buffer.byteLength(key, 'utf8') > 250) return 'a memcached key is at most 250 bytes';
  if ([...key].some((ch) => ch.charCodeAt(0) <= 0x20 || ch.charCodeAt(0) === 0x7f))
    return 'a memcached key has no spaces or control characters';
  return undefined;
}
