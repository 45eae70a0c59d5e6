// How a resource's files show in the tree: its Files row, folders, files (links marked), each opening through the
// fakecloud-files: file system. Pure.
import { FILES_SCHEME, type FileEntry } from '../protocol/files';
import { l10n } from '../protocol/l10n';
import { sizeText } from '../protocol/text';
import type { Resource } from '../protocol/model';
import type { TreeItemSpec, TreeNode } from './treeNodes';
import { mdCode } from './markdown';

export type FileNode = Extract<TreeNode, { type: 'fileDir' | 'file' }>;

/**
 * The authority of a resource's files: its backend, kind and name, which outlive its container (an update or a
 * reboot of an instance makes a new one), so an open editor keeps working.
 */
export function filesAuthority(r: Pick<Resource, 'backend' | 'kind' | 'name'>): string {
  return `${r.backend}.${r.kind}.${r.name}`;
}

/** The URI of a path of a resource's files, as the parts vscode.Uri.from takes. */
export function fileUriParts(
  r: Pick<Resource, 'backend' | 'kind' | 'name'>,
  path: string,
): { scheme: string; authority: string; path: string } {
  return { scheme: FILES_SCHEME, authority: filesAuthority(r), path };
}

export function joinPath(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

/** The folder a path is in. */
export function parentOf(path: string): string {
  return path.replace(/\/[^/]*$/, '') || '/';
}

export function baseName(path: string): string {
  return path === '/' ? '/' : path.slice(path.lastIndexOf('/') + 1);
}

export { sizeText };

/** rwxr-xr-x from the permission bits. */
export function modeText(mode: number): string {
  const bits = 'rwxrwxrwx';
  let s = '';
  for (let i = 0; i < 9; i++) s += mode & (1 << (8 - i)) ? bits[i] : '-';
  return s;
}

/** The nodes of a folder's entries, folders first as listed. */
export function entryNodes(resourceId: string, dir: string, entries: FileEntry[]): FileNode[] {
  return entries.map((entry): FileNode => {
    const path = joinPath(dir, entry.name);
    return entry.kind === 'directory' ? { type: 'fileDir', resourceId, path, entry } : { type: 'file', resourceId, path, entry };
  });
}

function tooltip(path: string, e: FileEntry): string {
  const lines = [mdCode(path), ''];
  if (e.link === 'broken') lines.push(l10n.t('A symbolic link whose target is missing'));
  else {
    if (e.link) lines.push(l10n.t('A symbolic link; what it leads to:'), '');
    if (e.kind === 'file') lines.push(l10n.t('Size: {0}', sizeText(e.size)));
    lines.push(l10n.t('Mode: {0} · owner {1}:{2}', modeText(e.mode), e.uid, e.gid));
    if (e.mtime) lines.push(l10n.t('Modified: {0}', new Date(e.mtime).toISOString().replace('T', ' ').slice(0, 19)));
  }
  return lines.join('  \n');
}

export function renderFileNode(node: FileNode): TreeItemSpec {
  const id = `files:${node.resourceId}:${node.path}`;
  if (node.type === 'fileDir') {
    if (!node.entry)
      return {
        id,
        label: l10n.t('Files'),
        description: node.path,
        tooltipMarkdown: l10n.t('Its file system: open a file to edit it (saved back on save), download, upload, delete.'),
        iconId: 'files',
        contextValue: 'fakecloudFiles dir root',
        collapsible: 'collapsed',
      };
    return {
      id,
      label: node.entry.name,
      ...(node.entry.link ? { description: l10n.t('link') } : {}),
      tooltipMarkdown: tooltip(node.path, node.entry),
      iconId: node.entry.link ? 'file-symlink-directory' : 'folder',
      contextValue: 'fakecloudFiles dir',
      collapsible: 'collapsed',
    };
  }
  const e = node.entry;
  const broken = e.link === 'broken';
  return {
    id,
    label: e.name,
    description: broken ? l10n.t('broken link') : e.kind === 'file' ? sizeText(e.size) : l10n.t('special file'),
    tooltipMarkdown: tooltip(node.path, e),
    iconId: broken ? 'warning' : e.link ? 'file-symlink-file' : e.kind === 'file' ? 'file' : 'circle-slash',
    contextValue: `fakecloudFiles file${e.kind === 'file' && !broken ? ' readable' : ''}`,
    collapsible: 'none',
    ...(e.kind === 'file' && !broken ? { command: { command: 'fakecloud.openFile', title: l10n.t('Open'), arguments: [node] } } : {}),
  };
}
