// Maps the pure tree (treeNodes.ts) onto VS Code's TreeDataProvider.
import * as vscode from 'vscode';
import { childNodes, renderNode, rootNodes, type ClientView, type TreeNode } from './treeNodes';

export class ResourceTreeProvider implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly view: () => ClientView) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(element?: TreeNode): TreeNode[] {
    const v = this.view();
    return element ? childNodes(v, element) : rootNodes(v);
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
    if (spec.tooltipMarkdown) item.tooltip = new vscode.MarkdownString(spec.tooltipMarkdown);
    if (spec.contextValue) item.contextValue = spec.contextValue;
    if (spec.command) item.command = spec.command;
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
