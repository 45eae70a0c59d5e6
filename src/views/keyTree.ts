// A Redis cache's keys as the tree shows them: per database, grouped into folders by a separator (":" by default)
// as RedisInsight's tree view does, the type as an icon and the time to live in the description. Pure: the keys
// loaded so far in, the rows out.
import type { KeyInfo } from '../protocol/keys';
import { escapeBytes } from '../protocol/keyDocument';
import type { TreeItemSpec, TreeNode } from './treeNodes';
import { mdCode, mdText } from './markdown';
import { l10n } from '../protocol/l10n';
import { sizeText } from '../protocol/text';

export interface KeyLevel {
  /** Folders at this level: the next segment, the prefix it stands for (separator included), and how many keys under it. */
  folders: { name: string; prefix: string; count: number }[];
  /** Keys whose name has no separator after the prefix. */
  keys: KeyInfo[];
}

const textOf = (k: KeyInfo) => (k.binary ? '' : k.name);

/** The folders and keys directly under `prefix`. A binary name is never split (it has no text to split). */
export function keyLevel(keys: readonly KeyInfo[], prefix: string, separator: string): KeyLevel {
  const folders = new Map<string, number>();
  const here: KeyInfo[] = [];
  for (const k of keys) {
    if (k.binary) {
      if (prefix === '') here.push(k);
      continue;
    }
    const name = textOf(k);
    if (!name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    const at = separator ? rest.indexOf(separator) : -1;
    if (at < 0) here.push(k);
    else {
      const seg = rest.slice(0, at);
      folders.set(seg, (folders.get(seg) ?? 0) + 1);
    }
  }
  const byName = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
  return {
    folders: [...folders]
      .sort(([a], [b]) => byName(a, b))
      .map(([name, count]) => ({ name, prefix: `${prefix}${name}${separator}`, count })),
    keys: here.sort((a, b) => byName(a.name, b.name)),
  };
}

/** How a key reads: its name (a binary one with its bytes escaped, as its value would be shown). */
export function keyLabel(k: KeyInfo): string {
  return k.binary ? escapeBytes(Buffer.from(k.name, 'base64')) : k.name;
}

/** "9m 58s", "2h 5m", "3d 4h"; undefined without an expiry. */
export function ttlText(ms: number): string | undefined {
  if (ms < 0) return undefined;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

/** "512 B", "1.2 KB", "3.4 MB". */
export { sizeText };

export const KEY_ICONS: Record<string, string> = {
  string: 'symbol-string',
  hash: 'symbol-object',
  list: 'list-ordered',
  set: 'symbol-array',
  zset: 'list-ordered',
  stream: 'pulse',
};

export type KeyNode = Extract<TreeNode, { type: 'keyDb' | 'keyFolder' | 'key' | 'keyMore' }>;

/** A key row, a folder, a database, or the Load more… row at a page's end. */
export function renderKeyNode(node: KeyNode, filter: string | undefined): TreeItemSpec {
  const base = `keys:${node.resourceId}:${node.db}`;
  switch (node.type) {
    case 'keyDb':
      return {
        id: base,
        label: `db${node.db}`,
        description: [
          l10n.plural(node.keys, '{0} key', '{0} keys'),
          filter ? l10n.t('filter {0}', filter) : undefined,
          node.live === true ? l10n.t('live') : undefined,
        ]
          .filter(Boolean)
          .join(' · '),
        iconId: 'database',
        tooltipMarkdown: [
          `**db${node.db}** · ${l10n.plural(node.keys, '{0} key', '{0} keys')}`,
          '',
          node.live === true
            ? l10n.t('Live: keys written meanwhile show by themselves (keyspace notifications).')
            : typeof node.live === 'string' && node.live !== 'checking'
              ? l10n.t('Not live: {0}.', mdText(node.live))
              : '',
        ].join('\n'),
        contextValue: 'fakecloudKeyDb',
        collapsible: 'collapsed',
      };
    case 'keyFolder':
      return {
        id: `${base}:folder:${node.prefix}`,
        label: node.name,
        description: l10n.plural(node.count, '{0} key', '{0} keys'),
        iconId: 'folder',
        contextValue: 'fakecloudKeyFolder',
        collapsible: 'collapsed',
      };
    case 'keyMore':
      return {
        id: `${base}:more`,
        label: l10n.t('Load more…'),
        iconId: 'ellipsis',
        contextValue: 'fakecloudKeyMore',
        collapsible: 'none',
        command: { command: 'fakecloud.loadMoreKeys', title: l10n.t('Load more'), arguments: [node] },
      };
    case 'key': {
      const ttl = ttlText(node.key.ttlMs);
      return {
        id: `${base}:key:${node.key.binary ? 'b64:' : ''}${node.key.name}`,
        label: keyLabel(node.key),
        description: [
          node.key.type,
          ttl ? l10n.t('ttl {0}', ttl) : undefined,
          node.key.bytes !== undefined ? sizeText(node.key.bytes) : undefined,
        ]
          .filter(Boolean)
          .join(' · '),
        iconId: KEY_ICONS[node.key.type] ?? 'key',
        tooltipMarkdown: [
          `**${mdText(keyLabel(node.key))}**`,
          '',
          `${l10n.t('Type: {0}', mdCode(node.key.type))}  `,
          `${l10n.t('TTL: {0}', mdCode(ttl ?? l10n.t('none')))}  `,
          ...(node.key.bytes !== undefined
            ? [`${l10n.t('Memory: {0}', mdCode(l10n.t('{0} bytes', node.key.bytes.toLocaleString('en-US'))))}  `]
            : []),
          l10n.t('Database: {0}', mdCode(`db${node.db}`)),
          node.key.binary ? l10n.t('\nIts name is not UTF-8: shown with its bytes escaped.') : '',
        ].join('\n'),
        contextValue: `fakecloudKey type:${node.key.type}${node.key.binary ? ' binary' : ''}${node.key.ttlMs > 0 ? ' ttl' : ''}`,
        collapsible: 'none',
        command: { command: 'fakecloud.openKey', title: l10n.t('Open Key'), arguments: [node] },
      };
    }
  }
}
