// What every command file exports, and what a command can use.
import type * as vscode from 'vscode';
import type { ServiceClient } from '../client/serviceClient';
import type { ReconcileStatusBar } from '../views/reconcileStatusBar';
import type { ResourceChannels } from '../views/resourceChannels';
import type { ResultDocuments } from '../views/resultDocuments';
import type { Resource } from '../protocol/model';
import type { OperationWatcher } from '../views/operationWatcher';
import type { ClientView, TreeNode } from '../views/treeNodes';
import type { CacheKeys } from '../views/cacheKeys';
import type { MemcachedItems } from '../views/memcachedItems';
import type { DashboardPanels } from '../webviews/dashboardPanel';
import type { InspectDocuments } from '../views/inspectDocuments';
import type { ResourceFileTree } from '../views/resourceFileTree';
import type { WorkspaceStacks } from '../views/workspaceStacks';

export interface CommandContext {
  client: ServiceClient;
  output: vscode.LogOutputChannel;
  channels: ResourceChannels;
  reconcile: ReconcileStatusBar;
  /** Invoke responses and console output, one read-only tab each. */
  results: ResultDocuments;
  view: () => ClientView;
  /** Operations of other windows (and of this one before a reload); this window's own are claimed here. */
  operations: OperationWatcher;
  /** The resources selected in the tree (for keys pressed on it). */
  selection: () => Resource[];
  /** The tree's selected items, whatever they are (a server's resource rows too). */
  selectedNodes: () => TreeNode[];
  /** What this window has loaded of Redis caches' keys. */
  keys: CacheKeys;
  /** What this window has loaded of memcached caches' items. */
  items: MemcachedItems;
  /** Live charts, one panel per resource and one overview. */
  dashboards: DashboardPanels;
  /** Inspect documents, refreshed in place while open. */
  inspections: InspectDocuments;
  /** What this window has listed of resources' files. */
  files: ResourceFileTree;
  /** The workspace's stack files. */
  stacks: WorkspaceStacks;
}

export interface FakecloudCommand {
  id: string;
  run(ctx: CommandContext, ...args: unknown[]): unknown;
}

/** The message of an error from the service, without the RPC wrapping. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * A command that failed, in the words the user sees ("Reboot orders: …"): thrown
 * by a command, logged and shown with Show Log by the command wrapper.
 */
export class CommandFailure extends Error {
  constructor(what: string | undefined, cause: unknown) {
    super(what ? `${what}: ${errorText(cause)}` : errorText(cause), { cause });
  }
}

/** The user cancelled: the wrapper says so quietly, not as an error. */
export class CommandCancelled extends Error {}

/** The cancel behind an error, if it is one (a command may have wrapped it in its own words). */
export function cancelIn(err: unknown): CommandCancelled | undefined {
  for (let e = err; e instanceof Error; e = e.cause) if (e instanceof CommandCancelled) return e;
  return undefined;
}
