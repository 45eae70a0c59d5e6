// What the reconcile-health status-bar item says. Pure.
import type { ReconcileReport } from '../protocol/reconcile';
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

export function reportTooltip(report: ReconcileReport): string {
  const when = new Date(report.startedAt).toLocaleTimeString();
  const head = `Last reconcile pass ${when}, ${report.durationMs} ms, ${report.requests} Docker request${report.requests === 1 ? '' : 's'}`;
  const lines = reportLines(report);
  return [
    head,
    ...(lines.length ? lines : ['No resources of ours to keep running.']),
    '',
    'Click for the report, Reconcile Now, the log or the settings.',
  ].join('\n');
}
