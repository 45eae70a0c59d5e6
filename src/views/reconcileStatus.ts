// What the reconcile-health status-bar item says. Pure.
import type { ReconcileReport } from '../protocol/reconcile';
import { counted } from '../protocol/text';
import type { ClientView } from './treeNodes';

export interface ReconcileStatusSpec {
  text: string;
  tooltip: string;
  background?: 'statusBarItem.errorBackground' | 'statusBarItem.warningBackground';
}

export function reconcileStatus(v: ClientView, report: ReconcileReport | undefined, running: boolean): ReconcileStatusSpec {
  const docker = v.backends.find((b) => b.backend === 'docker');
  if (v.service !== 'connected' || docker?.state === 'disconnected') {
    return {
      text: '$(debug-disconnect) Docker unreachable',
      tooltip: `Nothing can be reconciled: ${docker?.error ?? v.serviceError ?? 'not connected'}`,
      background: 'statusBarItem.errorBackground',
    };
  }
  if (!report) return { text: '$(sync~spin) reconciling', tooltip: 'The first reconcile pass has not reported yet.' };
  if (report.error)
    return {
      text: '$(debug-disconnect) Docker unreachable',
      tooltip: `The last pass could not look at Docker: ${report.error}`,
      background: 'statusBarItem.errorBackground',
    };
  const t = report.totals;
  const tooltip = reportTooltip(report);
  if (running) return { text: `$(sync~spin) reconciling ${t.owned}`, tooltip };
  if (t.failed > 0) return { text: `$(error) ${t.failed} failing`, tooltip, background: 'statusBarItem.errorBackground' };
  if (t.gaveUp > 0) return { text: `$(error) ${t.gaveUp} gave up`, tooltip, background: 'statusBarItem.errorBackground' };
  if (t.backingOff > 0) return { text: `$(warning) ${t.backingOff} backing off`, tooltip, background: 'statusBarItem.warningBackground' };
  if (t.repaired > 0) return { text: `$(sync~spin) reconciling ${t.repaired}`, tooltip };
  return { text: `$(check) ${t.healthy} healthy`, tooltip };
}

export function reportLines(report: ReconcileReport): string[] {
  return report.entries.map(
    (e) => `${e.name} (${e.kind}): ${e.action === 'none' ? 'healthy' : e.action}${e.reason ? ` — ${e.reason}` : ''}`,
  );
}

/** The last report as a Markdown document: every resource, as the tooltip cannot. */
export function reportDocument(r: ReconcileReport | undefined): string {
  if (!r) return 'No reconcile pass has reported yet.\n';
  return [
    `# Reconcile pass ${new Date(r.startedAt).toISOString()}`,
    '',
    `${r.durationMs} ms, ${counted(r.requests, 'Docker request')}${r.error ? `; error: ${r.error}` : ''}`,
    '',
    ...reportLines(r).map((l) => `- ${l}`),
    '',
  ].join('\n');
}

/** How many resources a tooltip names; the rest are counted. The report lists them all. */
export const TOOLTIP_NAMES = 8;

export function reportTooltip(report: ReconcileReport): string {
  const when = new Date(report.startedAt).toLocaleTimeString();
  const head = `Last reconcile pass ${when}, ${report.durationMs} ms, ${counted(report.requests, 'Docker request')}`;
  const t = report.totals;
  const counts = [
    t.healthy && `${t.healthy} healthy`,
    t.repaired && `${t.repaired} repaired`,
    t.backingOff && `${t.backingOff} backing off`,
    t.gaveUp && `${t.gaveUp} gave up`,
    t.failed && `${t.failed} failing`,
    t.drift && `${t.drift} drifting (a fakecloud server's)`,
    t.skipped && `${t.skipped} skipped`,
  ].filter(Boolean);
  // The healthy ones are counted, not named: what needs a look comes first.
  const notable = report.entries.filter((e) => e.action !== 'none');
  const named = reportLines({ ...report, entries: notable.slice(0, TOOLTIP_NAMES) });
  const more = notable.length > TOOLTIP_NAMES ? [`… and ${notable.length - TOOLTIP_NAMES} more in the report`] : [];
  return [
    head,
    counts.length ? counts.join(', ') : 'No resources of ours to keep running.',
    ...named,
    ...more,
    '',
    'Click for the report, Reconcile Now, the log or the settings.',
  ].join('\n');
}
