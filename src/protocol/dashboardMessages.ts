// What the dashboard panel's page and the extension say to each other, typed on both ends (the page is bundled from
// the same sources). The page never talks to the service: the extension relays.
import type { DashboardSample, DashboardSnapshot } from './dashboard';

export type ToPage =
  /** Everything kept so far: the page draws it afresh. */
  | { type: 'snapshot'; snapshot: DashboardSnapshot; view: 'charts' | 'table'; bundle?: Readonly<Record<string, string>> }
  /** A round of samples to append. */
  | { type: 'sample'; sample: DashboardSample }
  /** Watching failed (the resource stopped, the service is gone): shown in the panel, not as a pop-up. */
  | { type: 'error'; message: string };

export type FromPage =
  /** The page has loaded and wants the snapshot. */
  | { type: 'ready' }
  /** Table or charts: remembered per panel, so the page reopens as it was. */
  | { type: 'view'; view: 'charts' | 'table' };

export function isFromPage(m: unknown): m is FromPage {
  if (typeof m !== 'object' || m === null) return false;
  const x = m as { type?: unknown; view?: unknown };
  return x.type === 'ready' || (x.type === 'view' && (x.view === 'charts' || x.view === 'table'));
}
