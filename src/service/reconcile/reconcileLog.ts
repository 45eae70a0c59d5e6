// What a reconcile pass writes to the log: a repair each time it happens, a lasting
// state (drift, backing off, gave up) once when it begins and once when it ends,
// and no line at all for a pass that changed nothing. Thousands of drifting
// resources no longer repeat on every pass. Pure.
import type { ReconcileEntry, ReconcileReport } from '../../protocol/reconcile';
import { ReconcileStates } from './reconcileStates';

/** States that last from pass to pass; anything else is an event of this pass. */
const LASTING = new Set<ReconcileEntry['action']>(['none', 'drift', 'backing off', 'gave up', 'skipped']);

/** How many changes one log line names before it counts the rest. */
const NAMED = 20;

export class ReconcileLog {
  /** Each resource's lasting state as last seen. */
  private readonly states = new ReconcileStates();
  private lastError: string | undefined;

  /** The line to log for this pass, if it changed anything; `level` says how loud. */
  line(report: ReconcileReport): { level: 'info' | 'warn'; text: string } | undefined {
    if (report.error) {
      const repeat = report.error === this.lastError;
      this.lastError = report.error;
      return repeat ? undefined : { level: 'warn', text: `reconcile: could not look at Docker: ${report.error}` };
    }
    this.lastError = undefined;
    const changes: string[] = [];
    for (const { entry: e, before } of this.states.advance(report.entries)) {
      if (LASTING.has(e.action)) {
        // Healthy or skipped from the start is no news; any other lasting state is, when it begins or ends.
        if (e.action === before || ((e.action === 'none' || e.action === 'skipped') && (before === undefined || before === 'skipped')))
          continue;
      }
      changes.push(`${e.name}: ${e.action === 'none' ? 'healthy again' : e.action}${e.reason ? ` (${e.reason})` : ''}`);
    }
    if (changes.length === 0) return undefined;
    const more = changes.length > NAMED ? `; … and ${changes.length - NAMED} more` : '';
    return { level: 'info', text: `reconcile: ${changes.slice(0, NAMED).join('; ')}${more} — ${report.durationMs} ms` };
  }
}
