// Keeps a client-side copy of the model current from the service's diffs.
import type { ModelDiff, ModelSnapshot } from './model';

/** Applies a diff to a client-side copy. Returns false when the diff does not follow the copy's revision. */
export function applyDiff(copy: ModelSnapshot, diff: ModelDiff): boolean {
  if (diff.revision !== copy.revision + 1) return false;
  const byId = new Map(copy.resources.map((r) => [r.id, r]));
  for (const r of diff.upserted) byId.set(r.id, r);
  for (const id of diff.removed) byId.delete(id);
  copy.resources = [...byId.values()];
  if (diff.backends) copy.backends = diff.backends;
  if (diff.servers) copy.servers = diff.servers;
  if (diff.aws) {
    const aws = new Map((copy.aws ?? []).map((a) => [a.id, a]));
    for (const a of diff.aws.upserted) aws.set(a.id, a);
    for (const id of diff.aws.removed) aws.delete(id);
    copy.aws = [...aws.values()];
  }
  copy.revision = diff.revision;
  return true;
}
