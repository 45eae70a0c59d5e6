// What this window has fetched of each memcached cache it browses: its stats and its items, a page at a time
// (Load more… fetches the next), when the cache is expanded, never in the background. A failure shows as a row
// with the reason, never a pop-up; a server without the crawler's item dump says so in a row, its stats still shown.
import * as vscode from 'vscode';
import type { ServiceClient } from '../client/serviceClient';
import type { MemcachedItem } from '../protocol/memcached';
import type { Resource } from '../protocol/model';
import { errorText } from '../commands/command';
import { statsMarkdown } from './memcachedNodes';
import { infoRow, type TreeNode } from './treeNodes';
import { l10n } from '../protocol/l10n';

export const ITEMS_PAGE = 200;

interface Page {
  items: MemcachedItem[];
  next?: number;
  unsupported?: string;
  truncated?: number;
}

/** The memcached cache a node is (its own row, or a server's row that its container runs). */
export function memcachedOfNode(node: TreeNode): Resource | undefined {
  const r = node.type === 'resource' || node.type === 'aws' ? node.resource : undefined;
  return r?.kind === 'cache' && r.engine === 'memcached' ? r : undefined;
}

export class MemcachedItems implements vscode.Disposable {
  private readonly pages = new Map<string, Page>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly client: ServiceClient,
    private readonly current: (id: string) => Resource | undefined,
  ) {}

  async childrenOf(node: TreeNode): Promise<TreeNode[] | undefined> {
    const found = memcachedOfNode(node);
    if (!found) return undefined;
    const r = this.current(found.id) ?? found;
    if (r.state !== 'running') return [infoRow(`mc-stopped:${r.id}`, l10n.t('Not running ({0}): its items show once it runs', r.state))];
    const out: TreeNode[] = [];
    try {
      out.push({ type: 'mcStats', resourceId: r.id, stats: await this.client.request('memcached/stats', { resourceId: r.id }) });
    } catch (err) {
      return [infoRow(`mc-error:${r.id}`, l10n.t('Could not read its stats: {0}', errorText(err)))];
    }
    let page: Page;
    try {
      page = this.pages.get(r.id) ?? (await this.fetch(r.id, 0, []));
    } catch (err) {
      return [...out, infoRow(`mc-items-error:${r.id}`, l10n.t('Could not list its items: {0}', errorText(err)))];
    }
    if (page.unsupported)
      return [
        ...out,
        infoRow(`mc-unsupported:${r.id}`, l10n.t('Its items cannot be listed here ({0}); Get Key… reads one by name', page.unsupported)),
      ];
    out.push(...page.items.map((item): TreeNode => ({ type: 'mcItem', resourceId: r.id, item })));
    if (page.next !== undefined) out.push({ type: 'mcMore', resourceId: r.id });
    else if (page.truncated)
      out.push(
        infoRow(
          `mc-truncated:${r.id}`,
          l10n.t('The first {0} items are listed; Get Key… reads any by name', page.truncated.toLocaleString('en-US')),
        ),
      );
    if (page.items.length === 0) out.push(infoRow(`mc-none:${r.id}`, l10n.t('No items')));
    return out;
  }

  private async fetch(resourceId: string, offset: number, before: MemcachedItem[]): Promise<Page> {
    const res = await this.client.request('memcached/items', { resourceId, offset, count: ITEMS_PAGE });
    const page: Page = {
      items: [...before, ...res.items],
      ...(res.next !== undefined ? { next: res.next } : {}),
      ...(res.unsupported ? { unsupported: res.unsupported } : {}),
      ...(res.truncated ? { truncated: res.truncated } : {}),
    };
    this.pages.set(resourceId, page);
    return page;
  }

  async loadMore(resourceId: string): Promise<number> {
    const have = this.pages.get(resourceId);
    if (have?.next === undefined) return 0;
    const page = await this.fetch(resourceId, have.next, have.items);
    this.changed.fire();
    return page.items.length - have.items.length;
  }

  forget(resourceId: string): void {
    this.pages.delete(resourceId);
    this.changed.fire();
  }

  /** The cache row's tooltip with its stats, read when the row is hovered. */
  async tooltipOf(r: Resource): Promise<vscode.MarkdownString | undefined> {
    if (r.state !== 'running') return undefined;
    try {
      return new vscode.MarkdownString(
        statsMarkdown(r.displayName ?? r.name, await this.client.request('memcached/stats', { resourceId: r.id })),
      );
    } catch {
      return undefined;
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
