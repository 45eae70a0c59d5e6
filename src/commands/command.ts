// What every command file exports, and what a command can use.
import type * as vscode from 'vscode';
import type { ServiceClient } from '../client/serviceClient';
import type { ResourceChannels } from '../views/resourceChannels';

export interface CommandContext {
  client: ServiceClient;
  output: vscode.LogOutputChannel;
  channels: ResourceChannels;
}

export interface FakecloudCommand {
  id: string;
  run(ctx: CommandContext, ...args: unknown[]): unknown;
}
