// How fakecloud servers read in the tree and the status bar. Pure.
import type { ServerStatus } from '../protocol/model';
import { counted } from '../protocol/text';
import type { TreeItemSpec } from './treeNodes';

/** "127.0.0.1:4566" from "http://127.0.0.1:4566". */
export const hostOf = (endpoint: string) => endpoint.replace(/^https?:\/\//, '');

export function serverLabel(s: ServerStatus): string {
  return s.state === 'connected' ? `fakecloud ${s.version ?? ''}`.trim() : 'fakecloud server';
}

export function serverDescription(s: ServerStatus): string {
  if (s.state === 'checking') return `${hostOf(s.endpoint)} · checking…`;
  if (s.state === 'unreachable') return `${hostOf(s.endpoint)} · unreachable`;
  return `${hostOf(s.endpoint)} · ${counted(s.services?.length ?? 0, 'service')}`;
}

export function serverTooltip(s: ServerStatus): string {
  const lines = [`**${serverLabel(s)}** at ${s.endpoint}`];
  if (s.state === 'connected') lines.push('', `Services: ${s.services?.length ? s.services.join(', ') : 'none reported'}`);
  if (s.state === 'unreachable') lines.push('', `Unreachable: ${s.error ?? 'no answer'}`, '', 'Retry, or check `fakecloud.servers`.');
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
  if (up.length === 0 && down.length === 0) return { text: '$(sync~spin) fakecloud', tooltip };
  if (up.length === 0)
    return {
      text: '$(debug-disconnect) fakecloud: unreachable',
      tooltip: `${tooltip}\n\nClick to check again.`,
      background: 'statusBarItem.warningBackground',
    };
  const first = up[0];
  const more = servers.length > 1 ? ` (+${servers.length - 1})` : '';
  return {
    text: `$(cloud) fakecloud ${first.version ?? ''}: ${counted(first.services?.length ?? 0, 'service')}${more}`,
    tooltip: `${tooltip}\n\nClick to check again.`,
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
    spec.command = { command: 'fakecloud.checkServers', title: 'Retry' };
  }
  return spec;
}
