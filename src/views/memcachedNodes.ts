// A memcached cache's contents as the tree shows them: a stats row (items, memory, hit rate) and its items with
// size and expiry, a page at a time. Pure: what was fetched in, the rows out.
import type { MemcachedItem, MemcachedStats } from '../protocol/memcached';
import { sizeText, ttlText } from './keyTree';
import type { TreeItemSpec, TreeNode } from './treeNodes';
import { mdText } from './markdown';
import { l10n } from '../protocol/l10n';

export type MemcachedNode = Extract<TreeNode, { type: 'mcStats' | 'mcItem' | 'mcMore' }>;

/** Hits as a share of all gets, "97.5%"; undefined before any get. */
export function hitRate(s: MemcachedStats): string | undefined {
  const all = s.hits + s.misses;
  return all ? `${((s.hits / all) * 100).toFixed(1)}%` : undefined;
}

/** "3d 4h", "2h 5m", "12m 3s", "9s". */
export function uptimeText(seconds: number): string {
  return ttlText(seconds * 1000) ?? '0s';
}

/** The stats as Markdown: for the cache's tooltip and the stats document alike. */
export function statsMarkdown(name: string, s: MemcachedStats): string {
  const rate = hitRate(s);
  return [
    l10n.t('**{0}** · memcached {1}', mdText(name), mdText(s.version)),
    '',
    `| | |`,
    `|---|---|`,
    l10n.t('| Up for | {0} |', uptimeText(s.uptimeSeconds)),
    `| Items | ${s.items.toLocaleString('en-US')} |`,
    l10n.t('| Memory | {0} of {1} |', sizeText(s.bytes), sizeText(s.limitBytes)),
    `| Hits / misses | ${s.hits.toLocaleString('en-US')} / ${s.misses.toLocaleString('en-US')}${rate ? ` (${rate} hits)` : ''} |`,
    `| Evictions | ${s.evictions.toLocaleString('en-US')} |`,
    `| Connections | ${s.connections.toLocaleString('en-US')} |`,
  ].join('\n');
}

/** Every figure `stats` gave, one per line, the summary first: the stats document. */
export function statsDocument(name: string, s: MemcachedStats): string {
  const rate = hitRate(s);
  const head = [
    l10n.t('# {0} · memcached {1}', name, s.version),
    '',
    l10n.t('Up for:        {0}', uptimeText(s.uptimeSeconds)),
    l10n.t('Items:         {0}', s.items.toLocaleString('en-US')),
    l10n.t('Memory:        {0} of {1}', sizeText(s.bytes), sizeText(s.limitBytes)),
    l10n.t('Hits / misses: {0} / {1}{2}', s.hits.toLocaleString('en-US'), s.misses.toLocaleString('en-US'), rate ? ` (${rate} hits)` : ''),
    l10n.t('Evictions:     {0}', s.evictions.toLocaleString('en-US')),
    l10n.t('Connections:   {0}', s.connections.toLocaleString('en-US')),
    '',
    l10n.t('## Every figure of `stats`'),
    '',
  ];
  const width = Math.max(...Object.keys(s.all).map((k) => k.length), 0);
  return [...head, ...Object.entries(s.all).map(([k, v]) => `${k.padEnd(width)}  ${v}`), ''].join('\n');
}

export function renderMemcachedNode(node: MemcachedNode, nowMs: number): TreeItemSpec {
  const base = `mc:${node.resourceId}`;
  switch (node.type) {
    case 'mcStats': {
      const rate = hitRate(node.stats);
      return {
        id: `${base}:stats`,
        label: l10n.t('Stats'),
        description: [
          `${node.stats.items.toLocaleString('en-US')} item${node.stats.items === 1 ? '' : 's'}`,
          sizeText(node.stats.bytes),
          rate ? `${rate} hits` : undefined,
        ]
          .filter(Boolean)
          .join(' · '),
        iconId: 'graph',
        tooltipMarkdown: statsMarkdown('memcached', node.stats),
        contextValue: 'fakecloudMcStats',
        collapsible: 'none',
        command: { command: 'fakecloud.showMemcachedStats', title: l10n.t('Show Stats'), arguments: [node] },
      };
    }
    case 'mcMore':
      return {
        id: `${base}:more`,
        label: l10n.t('Load more…'),
        iconId: 'ellipsis',
        contextValue: 'fakecloudMcMore',
        collapsible: 'none',
        command: { command: 'fakecloud.loadMoreMemcachedItems', title: l10n.t('Load more'), arguments: [node] },
      };
    case 'mcItem': {
      const it: MemcachedItem = node.item;
      const ttl = it.expiresAt > 0 ? ttlText(Math.max(0, it.expiresAt * 1000 - nowMs)) : undefined;
      return {
        id: `${base}:item:${it.key}`,
        label: it.key,
        description: [sizeText(it.size), ttl ? l10n.t('ttl {0}', ttl) : undefined].filter(Boolean).join(' · '),
        iconId: 'symbol-string',
        tooltipMarkdown: [
          `**${mdText(it.key)}**`,
          '',
          `Size: \`${it.size.toLocaleString('en-US')} bytes\`  `,
          `Expires: \`${ttl ? l10n.t('in {0}', ttl) : 'never'}\`  `,
          it.lastAccess ? l10n.t('Last used: `{0}`', new Date(it.lastAccess * 1000).toISOString()) : '',
        ].join('\n'),
        contextValue: 'fakecloudMcItem',
        collapsible: 'none',
        command: { command: 'fakecloud.getMemcachedKey', title: l10n.t('Get'), arguments: [node] },
      };
    }
  }
}
