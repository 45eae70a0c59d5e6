// The reconciler's timeline for the overview: each pass as points (its duration, its repairs, what is failing) and,
// per resource, the events worth seeing — a repair each time, a failure each time, a lasting state (drift, backing
// off, gave up) once when it begins, and "healthy again" when it ends. Pure.
import type { TimelineEvent } from '../../protocol/dashboard';
import type { ReconcileEntry, ReconcileReport } from '../../protocol/reconcile';
import { ReconcileStates } from '../reconcile/reconcileStates';

const LASTING = new Set<ReconcileEntry['action']>(['drift', 'backing off', 'gave up']);

export class ReconcileTimeline {
  private readonly states = new ReconcileStates();

  /** The events of this pass. */
  events(report: ReconcileReport): TimelineEvent[] {
    const at = report.startedAt;
    const out: TimelineEvent[] = [];
    if (report.error) return [{ at, kind: 'failed', resource: '', text: `the pass could not look at the engine: ${report.error}` }];
    for (const { entry: e, before } of this.states.advance(report.entries)) {
      const why = e.reason ? ` (${e.reason})` : '';
      if (e.action === 'started' || e.action === 'recreated' || e.action === 'restarted')
        out.push({ at, kind: 'repair', resource: e.name, text: `${e.action}${why}` });
      else if (e.action === 'failed') out.push({ at, kind: 'failed', resource: e.name, text: `repair failed${why}` });
      else if (LASTING.has(e.action) && e.action !== before)
        out.push({ at, kind: e.action as 'drift' | 'backing off' | 'gave up', resource: e.name, text: `${e.action}${why}` });
      else if (e.action === 'none' && before !== undefined && (LASTING.has(before) || before === 'failed'))
        out.push({ at, kind: 'healthy again', resource: e.name, text: 'healthy again' });
    }
    return out;
  }
}

/** A pass's figures for the overview's charts. */
export function passValues(report: ReconcileReport): Record<string, number> {
  const t = report.totals;
  return {
    'reconcile.duration': report.durationMs,
    'reconcile.repaired': t.repaired,
    'reconcile.failing': t.backingOff + t.gaveUp + t.failed,
    'reconcile.owned': t.owned,
    'reconcile.healthy': t.healthy,
  };
}
