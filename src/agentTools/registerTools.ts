// Registers the agent tools with VS Code's language model API: each tool's prepare gives the chat its message and,
// for one that changes state, the confirmation the user answers before it runs.
import * as vscode from 'vscode';
import type { AgentTool, ToolContext } from './agentTool';
import { AGENT_TOOLS } from './allTools';

export function registerAgentTools(ctx: ToolContext): vscode.Disposable[] {
  // Older hosts (and some remote ones) have no language model API: the extension works without it.
  if (typeof vscode.lm?.registerTool !== 'function') return [];
  return AGENT_TOOLS.map((t: AgentTool<object>) =>
    vscode.lm.registerTool<object>(t.name, {
      prepareInvocation: (options) => {
        const p = t.prepare?.(options.input, ctx);
        if (!p) return undefined;
        return {
          invocationMessage: p.invocationMessage,
          ...(p.confirm ? { confirmationMessages: { title: p.confirm.title, message: new vscode.MarkdownString(p.confirm.message) } } : {}),
        };
      },
      invoke: async (options) => {
        try {
          return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(await t.invoke(options.input, ctx))]);
        } catch (err) {
          // The model reads why, and can try again differently.
          throw new Error(`${t.name}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
        }
      },
    }),
  );
}
