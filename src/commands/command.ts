// What every command file exports, and what a command can use.
import type * as vscode from 'vscode';
import type { ServiceClient } from '../client/serviceClient';
import type { ReconcileStatusBar } from '../views/reconcileStatusBar';
import type { ResourceChannels } from '../views/resourceChannels';
import type { ResultDocuments } from '../views/resultDocuments';
import type { ClientView } from '../views/treeNodes';

export interface CommandContext {
  client: ServiceClient;
  output: vscode.LogOutputChannel;
  channels: ResourceChannels;
  reconcile: ReconcileStatusBar;
  /** Invoke responses and console output, one read-only tab each. */
  results: ResultDocuments;
  view: () => ClientView;
}

export interface FakecloudCommand {
  id: string;
  run(ctx: CommandContext, ...args: unknown[]): unknown;
}
