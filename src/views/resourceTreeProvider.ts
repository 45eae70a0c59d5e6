// Maps the pure tree (treeNodes.ts) onto VS Code's TreeDataProvider.
import * as vscode from 'vscode';
import type { CacheKeys } from './cacheKeys';
import { memcachedOfNode, type MemcachedItems } from './memcachedItems';
import type { ResourceFileTree } from './resourceFileTree';
import { childNodes, renderNode, rootNodes, TOOLTIP_COMMANDS, type ClientView, type TreeNode } from './treeNodes';
import { l10n } from '../protocol/l10n';

const OWNER_SCHEME = 'fakecloud-owner';

/** The badge of whose a resource is: "FC" for a fakecloud server's; ours carry none, being the usual case here. */
export class OwnerDecorations implements vscode.FileDecorationProvider {
  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== OWNER_SCHEME) return undefined;
    const owner = uri.path.split('/')[1];
    if (owner === 'fakecloud') return new vscode.FileDecoration('FC', l10n.t("A fakecloud server's, found by its labels"));
    if (owner === 'unknown') return new vscode.FileDecoration('?', l10n.t('Its owner is not known'));
    return undefined;
  }
}

/**
 * A row's tooltip. No theme icons: VS Code would draw "$(name)" written anywhere in it as an icon, code spans
 * included, and the values in tooltips come from labels, servers and containers. Links may run our own read-only
 * commands, nothing else.
 */
function tooltipOf(markdown: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(markdown, false);
  md.isTrusted = { enabledCommands: TOOLTIP_COMMANDS };
  return md;
}

export class ResourceTreeProvider implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly view: () => ClientView,
    /** What is inside Redis caches, fetched when a cache is expanded. */
    private readonly keys?: CacheKeys,
    /** What is inside memcached caches, likewise. */
    private readonly items?: MemcachedItems,
    /** Every resource's files: a Files row, folders listed when expanded. */
    private readonly files?: ResourceFileTree,
  ) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(element?: TreeNode): Promise<TreeNode[]> {
    const v = this.view();
    if (!element) return rootNodes(v);
    // A resource's Files row comes first, then what else is inside it (a cache's keys or items).
    const files = (await this.files?.childrenOf(element)) ?? [];
    if (element.type === 'fileDir') return files;
    for (const source of [this.keys, this.items])
      if (source) {
        const inside = await source.childrenOf(element);
        if (inside) return [...files, ...inside];
      }
    return [...files, ...childNodes(v, element)];
  }

  getTreeItem(element: TreeNode): vscode.TreeItem {
    const spec = renderNode(this.view(), element);
    const collapsible =
      spec.collapsible === 'expanded'
        ? vscode.TreeItemCollapsibleState.Expanded
        : spec.collapsible === 'collapsed'
          ? vscode.TreeItemCollapsibleState.Collapsed
          : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(spec.label, collapsible);
    item.id = spec.id;
    if (spec.description !== undefined) item.description = spec.description;
    item.iconPath = spec.iconColor
      ? new vscode.ThemeIcon(spec.iconId, new vscode.ThemeColor(spec.iconColor))
      : new vscode.ThemeIcon(spec.iconId);
    if (spec.tooltipMarkdown) {
      item.tooltip = tooltipOf(spec.tooltipMarkdown);
    }
    if (spec.contextValue) item.contextValue = spec.contextValue;
    if (spec.command) item.command = spec.command;
    // Whose it is, as a badge at the row's end (OwnerDecorations): seen at any width, unlike the description.
    if (spec.owner) item.resourceUri = vscode.Uri.from({ scheme: OWNER_SCHEME, path: `/${spec.owner}/${encodeURIComponent(spec.id)}` });
    return item;
  }

  /** A memcached cache's tooltip gains its stats when hovered: read then, not with every refresh. */
  async resolveTreeItem(item: vscode.TreeItem, element: TreeNode): Promise<vscode.TreeItem> {
    const r = element.type === 'resource' ? memcachedOfNode(element) : undefined;
    const stats = r && this.items ? await this.items.tooltipOf(r) : undefined;
    if (stats && item.tooltip instanceof vscode.MarkdownString) item.tooltip = tooltipOf(`${item.tooltip.value}\n\n---\n\n${stats.value}`);
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
