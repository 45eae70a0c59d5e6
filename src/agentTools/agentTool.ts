// Tools an agent in VS Code can call (`contributes.languageModelTools`): each a small file with what it reads or
// does, and — for anything that changes state — the confirmation the user sees first. They act through the same
// service calls as the commands, so they see what the tree shows.
import type { ServiceClient } from '../client/serviceClient';

export interface ToolContext {
  client: ServiceClient;
}

export interface AgentTool<T> {
  /** As contributed in package.json. */
  name: string;
  /** What the chat shows while it runs; and, when it changes something, the question the user answers first. */
  prepare?(input: T, ctx: ToolContext): { invocationMessage: string; confirm?: { title: string; message: string } };
  /** The answer for the model: plain text, JSON where it is data. */
  invoke(input: T, ctx: ToolContext): Promise<string>;
}
