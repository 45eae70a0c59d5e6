// A reconcile pass's report, pushed to every client.
export type ReconcileAction = 'none' | 'started' | 'recreated' | 'skipped' | 'backing off' | 'gave up' | 'failed' | 'drift' | 'restarted';

export interface ReconcileEntry {
  name: string;
  kind: string;
  /** The resource id when the resource exists. */
  resourceId?: string;
  action: ReconcileAction;
  reason?: string;
}

export interface ReconcileReport {
  startedAt: number;
  durationMs: number;
  entries: ReconcileEntry[];
  totals: {
    owned: number;
    healthy: number;
    repaired: number;
    skipped: number;
    backingOff: number;
    gaveUp: number;
    failed: number;
    drift: number;
  };
  /** Set when the pass could not look at Docker at all. */
  error?: string;
  /** Docker API requests the pass sent. */
  requests: number;
}
