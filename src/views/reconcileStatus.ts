// What the reconcile-health status-bar item says. Pure.
import type { ReconcileReport } from '../protocol/reconcile';
import type { Resource } from '../protocol/model';
import type { ClientView } from './treeNodes';
import { l10n } from '../protocol/l10n';

export interface ReconcileStatusSpec {
  text: string;
  tooltip: string;
  background?: 'statusBarItem.errorBackground' | 'statusBarItem.warningBackground';
  /** Nothing to keep running and nothing wrong: the item says nothing, so it is not shown. */
  hidden?: boolean;
}

/** A resource the bar names, and why. */
interface Problem {
  r: { name: string; kind: string };
  why: string;
}

const isDown = (r: Resource) => r.state === 'exited' || r.state === 'dead';

/**
 * Read from the live model, which follows Docker's events at once, and from the last pass for what only a pass knows
 * (a repair that failed, a container that vanished). So a killed cache turns the bar red as it turns the tree red,
 * and a repaired one is healthy as soon as it runs again, not one pass later.
 */
export function reconcileStatus(v: ClientView, report: ReconcileReport | undefined, running: boolean): ReconcileStatusSpec {
  const docker = v.backends.find((b) => b.backend === 'docker');
  if (v.service !== 'connected' || docker?.state === 'disconnected') {
    return {
      text: l10n.t('$(debug-disconnect) Docker unreachable'),
      tooltip: l10n.t('Nothing can be reconciled: {0}', docker?.error ?? v.serviceError ?? 'not connected'),
      background: 'statusBarItem.errorBackground',
    };
  }
  const live = new Map(v.resources.map((r) => [r.id, r]));
  const kept = v.resources.filter((r) => r.kept);
  const gaveUp: Problem[] = [];
  const backingOff: Problem[] = [];
  const down: Problem[] = [];
  const starting: Problem[] = [];
  const unhealthy: Problem[] = [];
  let healthy = 0;
  for (const r of kept) {
    if (r.condition?.state === 'gave up')
      gaveUp.push({ r, why: l10n.t('gave up{0}', r.condition.reason ? ` — ${r.condition.reason}` : '') });
    else if (r.condition?.state === 'backing off') backingOff.push({ r, why: l10n.t('backing off — {0}', r.condition.reason ?? '') });
    else if (r.busy) starting.push({ r, why: r.busy });
    else if (isDown(r))
      down.push({ r, why: l10n.t('{0}{1}, the next pass starts it again', r.state, r.exitCode ? ` (${r.exitCode})` : '') });
    else if (r.state !== 'running' || r.health === 'starting') starting.push({ r, why: r.health === 'starting' ? 'starting' : r.state });
    else if (r.health === 'unhealthy') unhealthy.push({ r, why: l10n.t('running, but its health check fails') });
    else healthy++;
  }
  // A repair that failed, for a resource that is still not up.
  const failing: Problem[] = (report?.entries ?? [])
    .filter((e) => e.action === 'failed')
    .filter((e) => {
      const r = e.resourceId ? live.get(e.resourceId) : undefined;
      return r?.state !== 'running' && !r?.condition;
    })
    .map((e) => ({ r: e, why: l10n.t('its repair failed{0}', e.reason ? ` — ${e.reason}` : '') }));
  // A fakecloud server's resource is watched, never kept: one that is down is drift, whatever the last pass said.
  const drift: Problem[] = v.resources
    // Its server's own state says whether it should run: a stopped instance or a function's idle container is not drift.
    .filter((r) => r.owner.type === 'fakecloud' && r.aws?.expectsRunning === true && isDown(r) && !r.leftover)
    .map((r) => ({ r, why: l10n.t("drift — {0}{1} (a fakecloud server's)", r.state, r.exitCode ? ` (${r.exitCode})` : '') }));
  for (const e of report?.entries ?? []) {
    if (e.action === 'drift' && !(e.resourceId && live.has(e.resourceId))) drift.push({ r: e, why: `drift — ${e.reason ?? 'gone'}` });
  }
  const errors = [...failing, ...gaveUp, ...down];
  const warnings = [...backingOff, ...unhealthy, ...drift];
  const counts = [
    healthy && `${healthy} healthy`,
    down.length && `${down.length} down`,
    failing.length && `${failing.length} failing`,
    gaveUp.length && l10n.t('{0} gave up', gaveUp.length),
    backingOff.length && l10n.t('{0} backing off', backingOff.length),
    starting.length && `${starting.length} starting`,
    unhealthy.length && `${unhealthy.length} unhealthy`,
    drift.length && l10n.t("{0} drifting (a fakecloud server's)", drift.length),
  ].filter(Boolean);
  const tooltip = statusTooltip(counts.join(', '), [...errors, ...warnings, ...starting], report);
  if (kept.length === 0 && errors.length === 0 && warnings.length === 0 && !running && !report?.error) {
    return { text: '', tooltip: l10n.t('No resources of ours to keep running.'), hidden: true };
  }
  if (running) return { text: l10n.t('$(sync~spin) reconciling {0}', kept.length), tooltip };
  if (errors.length > 0) {
    const head = [
      down.length && `${down.length} down`,
      failing.length && `${failing.length} failing`,
      gaveUp.length && l10n.t('{0} gave up', gaveUp.length),
    ];
    return { text: l10n.t('$(error) {0}', head.filter(Boolean).join(', ')), tooltip, background: 'statusBarItem.errorBackground' };
  }
  if (report?.error) return { text: l10n.t('$(warning) last pass failed'), tooltip, background: 'statusBarItem.warningBackground' };
  if (backingOff.length > 0)
    return { text: l10n.t('$(warning) {0} backing off', backingOff.length), tooltip, background: 'statusBarItem.warningBackground' };
  if (starting.length > 0) return { text: l10n.t('$(sync~spin) {0} starting', starting.length), tooltip };
  if (warnings.length > 0) {
    const head = [unhealthy.length && `${unhealthy.length} unhealthy`, drift.length && `${drift.length} drifting`];
    return { text: l10n.t('$(warning) {0}', head.filter(Boolean).join(', ')), tooltip, background: 'statusBarItem.warningBackground' };
  }
  return { text: l10n.t('$(check) {0} healthy', healthy), tooltip };
}

/** How many resources a tooltip names; the rest are counted. The report lists them all. */
export const TOOLTIP_NAMES = 8;

function statusTooltip(counts: string, problems: Problem[], report: ReconcileReport | undefined): string {
  const named = problems.slice(0, TOOLTIP_NAMES).map((p) => `${p.r.name} (${p.r.kind}): ${p.why}`);
  const more = problems.length > TOOLTIP_NAMES ? [l10n.t('… and {0} more in the report', problems.length - TOOLTIP_NAMES)] : [];
  const last = report
    ? l10n.t(
        'Last reconcile pass {0}, {1} ms, {2}',
        new Date(report.startedAt).toLocaleTimeString(),
        report.durationMs,
        l10n.plural(report.requests, '{0} Docker request', '{0} Docker requests'),
      ) +
      (report.totals.repaired ? l10n.t('; it repaired {0}', report.totals.repaired) : '') +
      (report.error ? l10n.t('; it could not look at Docker: {0}', report.error) : '')
    : l10n.t('The first reconcile pass has not reported yet.');
  return [
    counts || l10n.t('No resources of ours to keep running.'),
    ...named,
    ...more,
    last,
    '',
    l10n.t('Click for the report, Reconcile Now, the log or the settings.'),
  ].join('\n');
}

export function reportLines(report: ReconcileReport): string[] {
  return report.entries.map(
    (e) => `${e.name} (${e.kind}): ${e.action === 'none' ? 'healthy' : e.action}${e.reason ? ` — ${e.reason}` : ''}`,
  );
}

/** The last report as a Markdown document: every resource, as the tooltip cannot. */
export function reportDocument(r: ReconcileReport | undefined): string {
  if (!r) return l10n.t('No reconcile pass has reported yet.\n');
  return [
    l10n.t('# Reconcile pass {0}', new Date(r.startedAt).toISOString()),
    '',
    l10n.t(
      '{0} ms, {1}{2}',
      r.durationMs,
      l10n.plural(r.requests, '{0} Docker request', '{0} Docker requests'),
      r.error ? `; error: ${r.error}` : '',
    ),
    '',
    ...reportLines(r).map((l) => `- ${l}`),
    '',
  ].join('\n');
}
