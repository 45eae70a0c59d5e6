// The Files row of every resource in the tree, and its folders listed when expanded (never in the background): a
// listing is kept until Refresh, or until the file system changes that folder. A failure is a row with the reason.
import * as vscode from 'vscode';
import type { ServiceClient } from '../client/serviceClient';
import { errorText } from '../commands/command';
import type { FileEntry } from '../protocol/files';
import { l10n } from '../protocol/l10n';
import type { Resource } from '../protocol/model';
import { entryNodes, parentOf } from './fileNodes';
import { infoRow, type TreeNode } from './treeNodes';

/** More rows than this in one folder are not shown in the tree (the Explorer shows them all). */
export const MAX_TREE_ENTRIES = 2_000;

/** The resource a node shows files of: its own row, or a server's row that its container runs. */
function resourceOfNode(node: TreeNode): Resource | undefined {
  if (node.type === 'resource') return node.resource;
  if (node.type === 'aws') return node.resource;
  return undefined;
}

export class ResourceFileTree implements vscode.Disposable {
  private readonly listings = new Map<string, FileEntry[]>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly client: ServiceClient,
    private readonly current: (id: string) => Resource | undefined,
  ) {}

  /** The Files row for a resource row; a folder's entries for a folder row; undefined for anything else. */
  async childrenOf(node: TreeNode): Promise<TreeNode[] | undefined> {
    const r = resourceOfNode(node);
    if (r) return [{ type: 'fileDir', resourceId: r.id, path: '/' }];
    if (node.type !== 'fileDir') return undefined;
    const res = this.current(node.resourceId);
    if (!res) return [infoRow(`files-gone:${node.resourceId}:${node.path}`, l10n.t('It is gone'))];
    if (res.state !== 'running')
      return [
        infoRow(`files-stopped:${node.resourceId}:${node.path}`, l10n.t('Not running ({0}): its files show while it runs', res.state)),
      ];
    const key = `${node.resourceId}\n${node.path}`;
    let entries = this.listings.get(key);
    if (!entries) {
      try {
        entries = (await this.client.request('files/list', { resourceId: node.resourceId, path: node.path })).entries;
      } catch (err) {
        return [infoRow(`files-error:${node.resourceId}:${node.path}`, l10n.t('Could not list {0}: {1}', node.path, errorText(err)))];
      }
      this.listings.set(key, entries);
    }
    if (entries.length === 0) return [infoRow(`files-empty:${node.resourceId}:${node.path}`, l10n.t('Empty folder'))];
    const rows: TreeNode[] = entryNodes(node.resourceId, node.path, entries.slice(0, MAX_TREE_ENTRIES));
    if (entries.length > MAX_TREE_ENTRIES)
      rows.push(
        infoRow(
          `files-more:${node.resourceId}:${node.path}`,
          l10n.t('… and {0} more: Open in Explorer lists them all', (entries.length - MAX_TREE_ENTRIES).toLocaleString('en-US')),
        ),
      );
    return rows;
  }

  /** Lists a folder again (or every folder of a resource) the next time it shows. */
  forget(resourceId: string, path?: string): void {
    for (const k of [...this.listings.keys()])
      if (path === undefined ? k.startsWith(`${resourceId}\n`) : k === `${resourceId}\n${path}`) this.listings.delete(k);
    this.changed.fire();
  }

  /** A change the file system made or saw: the folder it was in is listed again. */
  changedPath(resourceId: string, path: string): void {
    this.forget(resourceId, parentOf(path));
  }

  dispose(): void {
    this.changed.dispose();
  }
}
