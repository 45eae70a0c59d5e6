// How fakecloud servers read in the tree and the status bar. Pure.
import type { ServerStatus } from '../protocol/model';
import type { TreeItemSpec } from './treeNodes';
import { l10n } from '../protocol/l10n';
import { mdText } from './markdown';
import { oneLine } from '../protocol/text';

/** "127.0.0.1:4566" from "http://127.0.0.1:4566". */
export const hostOf = (endpoint: string) => endpoint.replace(/^https?:\/\//, '');

export function serverLabel(s: ServerStatus): string {
  return s.state === 'connected' ? l10n.t('fakecloud {0}', s.version ?? '').trim() : l10n.t('fakecloud server');
}

export function serverDescription(s: ServerStatus): string {
  if (s.state === 'checking') return l10n.t('{0} · checking…', hostOf(s.endpoint));
  if (s.state === 'unreachable') return `${hostOf(s.endpoint)} · unreachable`;
  return `${hostOf(s.endpoint)} · ${l10n.plural(s.services?.length ?? 0, '{0} service', '{0} services')}`;
}

export function serverTooltip(s: ServerStatus): string {
  // A server's version, services and errors are its own words: text, never Markdown.
  const lines = [l10n.t('**{0}** at {1}', mdText(serverLabel(s)), mdText(s.endpoint))];
  if (s.state === 'connected')
    lines.push('', l10n.t('Services: {0}', mdText(s.services?.length ? s.services.join(', ') : l10n.t('none reported'))));
  if (s.state === 'unreachable')
    lines.push('', l10n.t('Unreachable: {0}', mdText(s.error ?? l10n.t('no answer'))), '', l10n.t('Retry, or check `fakecloud.servers`.'));
  return lines.join('\n');
}

export interface ServerStatusSpec {
  text: string;
  tooltip: string;
  background?: 'statusBarItem.warningBackground';
  hidden?: boolean;
}

/** One item for every server: the first answering one named, the rest counted; hidden when no server is shown. */
export function serverStatusBar(servers: ServerStatus[]): ServerStatusSpec {
  if (servers.length === 0) return { text: '', tooltip: '', hidden: true };
  const up = servers.filter((s) => s.state === 'connected');
  const down = servers.filter((s) => s.state === 'unreachable');
  const tooltip = servers.map((s) => `${serverLabel(s)} — ${serverDescription(s)}${s.error ? `: ${s.error}` : ''}`).join('\n');
  if (up.length === 0 && down.length === 0) return { text: l10n.t('$(sync~spin) fakecloud'), tooltip };
  if (up.length === 0)
    return {
      text: l10n.t('$(debug-disconnect) fakecloud: unreachable'),
      tooltip: l10n.t('{0}\n\nClick to check again.', tooltip),
      background: 'statusBarItem.warningBackground',
    };
  const first = up[0];
  const more = servers.length > 1 ? ` (+${servers.length - 1})` : '';
  return {
    text: l10n.t(
      '$(cloud) fakecloud {0}: {1}{2}',
      // The status bar draws $(name) as an icon; "\$(" is how a label says a "$(" is text.
      oneLine(first.version ?? '').replace(/\$\(/g, '\\$('),
      l10n.plural(first.services?.length ?? 0, '{0} service', '{0} services'),
      more,
    ),
    tooltip: l10n.t('{0}\n\nClick to check again.', tooltip),
    ...(down.length ? { background: 'statusBarItem.warningBackground' as const } : {}),
  };
}

/** A server's row in the tree, above the groups. */
export function serverNodeSpec(s: ServerStatus): TreeItemSpec {
  const spec: TreeItemSpec = {
    id: `server:${s.endpoint}`,
    label: serverLabel(s),
    description: serverDescription(s),
    iconId: s.state === 'connected' ? 'cloud' : s.state === 'checking' ? 'loading~spin' : 'debug-disconnect',
    tooltipMarkdown: serverTooltip(s),
    contextValue: `fakecloudServer state:${s.state}`,
    collapsible: 'none',
  };
  if (s.state === 'connected') spec.iconColor = 'charts.green';
  if (s.state === 'unreachable') {
    spec.iconColor = 'charts.yellow';
    // Clicking an unreachable server looks again: the Retry it needs, in the row itself.
    spec.command = { command: 'fakecloud.checkServers', title: l10n.t('Retry') };
  }
  return spec;
}
