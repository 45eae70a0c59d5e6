// The keys this window has loaded of each Redis cache it browses: fetched when a cache or database is expanded, a
// page at a time (Load more… fetches the next), with a MATCH filter per cache. Nothing is fetched for a node that is
// not expanded; a failure shows as a row with the reason, never a pop-up. While a database is expanded its keys are
// watched (where the cache sends keyspace notifications): a change fetches its first page again.
import * as vscode from 'vscode';
import type { ServiceClient } from '../client/serviceClient';
import type { DbKeys, KeyInfo } from '../protocol/keys';
import type { Resource } from '../protocol/model';
import { errorText } from '../commands/command';
import { keyLevel } from './keyTree';
import { hasKeys, infoRow, type TreeNode } from './treeNodes';
import { l10n } from '../protocol/l10n';

export const PAGE_SIZE = 200;

interface Page {
  keys: KeyInfo[];
  cursor: string;
}

/** The Redis cache a node is (its own row, or a server's row that its container runs). */
export function cacheOfNode(node: TreeNode): Resource | undefined {
  const r = node.type === 'resource' ? node.resource : node.type === 'aws' ? node.resource : undefined;
  return r && hasKeys(r) ? r : undefined;
}

export class CacheKeys implements vscode.Disposable {
  private readonly pages = new Map<string, Page>();
  private readonly loading = new Map<string, Promise<Page>>();
  readonly filters: Record<string, string> = {};
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** Databases watched for changes ("id:db"), with whether the cache tells of them (true) or why not. */
  private readonly watched = new Map<string, true | string>();
  private readonly pushed: { dispose(): void };

  constructor(
    private readonly client: ServiceClient,
    private readonly separator: () => string,
    private readonly current: (id: string) => Resource | undefined,
  ) {
    this.pushed = client.on('cache/keysChanged', (p) => {
      if (!this.watched.has(`${p.resourceId}:${p.db}`)) return;
      this.pages.delete(`${p.resourceId}:${p.db}`);
      this.changed.fire();
    });
  }

  /** Whether a database's changes show by themselves (true), or why they do not; undefined before it is expanded. */
  liveness(resourceId: string, db: number): true | string | undefined {
    return this.watched.get(`${resourceId}:${db}`);
  }

  /** A database (or a whole cache) folded: its keys are no longer watched. */
  collapsed(node: TreeNode): void {
    const cache = cacheOfNode(node);
    const keys =
      node.type === 'keyDb'
        ? [`${node.resourceId}:${node.db}`]
        : cache
          ? [...this.watched.keys()].filter((k) => k.startsWith(`${cache.id}:`))
          : [];
    for (const k of keys) {
      if (this.watched.get(k) === true) {
        const at = k.lastIndexOf(':');
        void this.client
          .request('cache/watchKeys', { resourceId: k.slice(0, at), db: Number(k.slice(at + 1)), watch: false })
          .catch(() => undefined);
      }
      this.watched.delete(k);
    }
  }

  private watch(resourceId: string, db: number): void {
    const k = `${resourceId}:${db}`;
    if (this.watched.has(k)) return;
    this.watched.set(k, 'checking');
    this.client.request('cache/watchKeys', { resourceId, db, watch: true }).then(
      (res) => {
        if (!this.watched.has(k)) return;
        this.watched.set(k, res.live ? true : (res.reason ?? l10n.t('not watched')));
        // Only "live" changes a row; a refresh for nothing would redraw the tree under the user's click.
        if (res.live) this.changed.fire();
      },
      (err: unknown) => this.watched.set(k, errorText(err)),
    );
  }

  /** The children of a cache, database or folder of keys; undefined for any other node. */
  async childrenOf(node: TreeNode): Promise<TreeNode[] | undefined> {
    const cache = cacheOfNode(node);
    if (cache) return this.databases(this.current(cache.id) ?? cache);
    if (node.type === 'keyDb' || node.type === 'keyFolder') {
      this.watch(node.resourceId, node.db);
      let page: Page;
      try {
        page = await this.page(node.resourceId, node.db);
      } catch (err) {
        return [infoRow(`keys-error:${node.resourceId}:${node.db}`, l10n.t('Could not list keys: {0}', errorText(err)))];
      }
      const prefix = node.type === 'keyFolder' ? node.prefix : '';
      const level = keyLevel(page.keys, prefix, this.separator());
      const out: TreeNode[] = [
        ...level.folders.map((f): TreeNode => ({ type: 'keyFolder', resourceId: node.resourceId, db: node.db, ...f })),
        ...level.keys.map((key): TreeNode => ({ type: 'key', resourceId: node.resourceId, db: node.db, key })),
      ];
      // The scan goes on: the database's end offers the next page.
      if (node.type === 'keyDb' && page.cursor !== '0') out.push({ type: 'keyMore', resourceId: node.resourceId, db: node.db });
      if (out.length === 0)
        out.push(
          infoRow(
            `keys-none:${node.resourceId}:${node.db}`,
            this.filters[node.resourceId] ? l10n.t('No key matches the filter') : l10n.t('No keys'),
          ),
        );
      return out;
    }
    return undefined;
  }

  private async databases(r: Resource): Promise<TreeNode[]> {
    if (r.state !== 'running') return [infoRow(`keys-stopped:${r.id}`, l10n.t('Not running ({0}): its keys show once it runs', r.state))];
    let dbs: DbKeys[];
    try {
      dbs = (await this.client.request('cache/keyspace', { resourceId: r.id })).dbs;
    } catch (err) {
      return [infoRow(`keys-error:${r.id}`, l10n.t('Could not read its keys: {0}', errorText(err)))];
    }
    // An empty cache still has db0, where new keys go.
    const shown = dbs.length ? dbs : [{ db: 0, keys: 0, expires: 0 }];
    return shown.map((d): TreeNode => {
      const live = this.watched.get(`${r.id}:${d.db}`);
      return { type: 'keyDb', resourceId: r.id, db: d.db, keys: d.keys, ...(live !== undefined ? { live } : {}) };
    });
  }

  private page(resourceId: string, db: number): Promise<Page> {
    const k = `${resourceId}:${db}`;
    const have = this.pages.get(k);
    if (have) return Promise.resolve(have);
    return this.fetch(resourceId, db, '0', []);
  }

  private fetch(resourceId: string, db: number, cursor: string, before: KeyInfo[]): Promise<Page> {
    const k = `${resourceId}:${db}`;
    const inFlight = this.loading.get(k);
    if (inFlight) return inFlight;
    const match = this.filters[resourceId];
    const p = this.client
      .request('cache/keys', { resourceId, db, cursor, count: PAGE_SIZE, ...(match ? { match } : {}) })
      .then((res) => {
        const page = { keys: [...before, ...res.keys], cursor: res.cursor };
        this.pages.set(k, page);
        return page;
      })
      .finally(() => this.loading.delete(k));
    this.loading.set(k, p);
    return p;
  }

  /** The next page of a database, after the keys loaded so far. */
  async loadMore(resourceId: string, db: number): Promise<number> {
    const have = this.pages.get(`${resourceId}:${db}`);
    if (!have || have.cursor === '0') return 0;
    const before = have.keys.length;
    const page = await this.fetch(resourceId, db, have.cursor, have.keys);
    this.changed.fire();
    return page.keys.length - before;
  }

  /** A MATCH pattern for a cache's keys (empty: none); its pages are fetched again. */
  setFilter(resourceId: string, match: string): void {
    if (match) this.filters[resourceId] = match;
    else delete this.filters[resourceId];
    this.forget(resourceId);
  }

  /** Drops what was loaded of a cache: its keys are fetched again when shown (and watched again: the service may be new). */
  forget(resourceId: string): void {
    for (const k of [...this.pages.keys()]) if (k.startsWith(`${resourceId}:`)) this.pages.delete(k);
    for (const [k, v] of [...this.watched]) if (k.startsWith(`${resourceId}:`) && v !== true) this.watched.delete(k);
    this.changed.fire();
  }

  /** A key's memory size, once asked for: shown in its row until its keys are fetched again. */
  setSize(resourceId: string, db: number, key: KeyInfo, bytes: number): void {
    const page = this.pages.get(`${resourceId}:${db}`);
    const k = page?.keys.find((x) => x.name === key.name && !x.binary === !key.binary);
    if (!k) return;
    k.bytes = bytes;
    this.changed.fire();
  }

  /** Loaded pages, for the tree's description and tests. */
  loaded(resourceId: string, db: number): KeyInfo[] {
    return this.pages.get(`${resourceId}:${db}`)?.keys ?? [];
  }

  dispose(): void {
    this.pushed.dispose();
    this.changed.dispose();
  }
}
