// The keys resources are locked under. One resource of ours has two: its desired-state
// entry (what the reconciler checks before it repairs, and what create and delete hold
// while the entry and its container disagree) and the container or Pod running now.

/** A desired-state entry: a cache by name (case-insensitive, as its container name is), an instance by id, a function by name. */
export function ownedKey(kind: string, name: string): string {
  return kind === 'cache' ? `cache:${name.toLowerCase()}` : `${kind}:${name}`;
}

/** The container or Pod a resource runs as now. */
export function resourceKey(resourceId: string): string {
  return `res:${resourceId}`;
}
