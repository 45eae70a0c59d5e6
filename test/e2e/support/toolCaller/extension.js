// Calls the tools listed in .tool-calls.json through vscode.lm.invokeTool, one after another, and writes what each
// answered, or its error, to .tool-results.json: what an agent would get.
const vscode = require('vscode');
const path = require('node:path');
const fs = require('node:fs');

function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('fakecloudTest.callTools', async () => {
      const folder = vscode.workspace.workspaceFolders[0].uri.fsPath;
      const calls = JSON.parse(fs.readFileSync(path.join(folder, '.tool-calls.json'), 'utf8'));
      const results = [];
      const known = vscode.lm.tools.map((t) => t.name);
      for (const call of calls) {
        try {
          const r = await vscode.lm.invokeTool(call.name, { input: call.input, toolInvocationToken: undefined });
          const text = r.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
          results.push({ name: call.name, ok: true, text });
        } catch (err) {
          results.push({ name: call.name, ok: false, error: err instanceof Error ? err.message : String(err) });
        }
      }
      fs.writeFileSync(path.join(folder, '.tool-results.json'), JSON.stringify({ known, results }, null, 2));
    }),
  );
}

module.exports = { activate };
