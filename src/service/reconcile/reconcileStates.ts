// Each resource's state as the last pass saw it, so a reader of reports can tell what began, lasted or ended.
// Resources a pass no longer lists are forgotten. Pure.
import type { ReconcileEntry } from '../../protocol/reconcile';

export class ReconcileStates {
  private readonly states = new Map<string, ReconcileEntry['action']>();

  /** This pass's entries, each with the state its resource had in the pass before (undefined: first seen). */
  advance(entries: readonly ReconcileEntry[]): { entry: ReconcileEntry; before: ReconcileEntry['action'] | undefined }[] {
    const seen = new Set<string>();
    const out = entries.map((entry) => {
      const key = `${entry.kind}:${entry.name}`;
      seen.add(key);
      const before = this.states.get(key);
      this.states.set(key, entry.action);
      return { entry, before };
    });
    for (const key of [...this.states.keys()]) if (!seen.has(key)) this.states.delete(key);
    return out;
  }
}
