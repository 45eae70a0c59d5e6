// Inside a desktop VS Code extension host: the extension activates with its view,
// registers every contributed command, and its commands run against the service.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const ID = 'fakecloud-explorer.fakecloud-explorer';

describe('extension host', () => {
  it('activates when the Fakecloud view opens', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.fakecloud');
    const ext = vscode.extensions.getExtension(ID);
    assert.ok(ext, 'the extension is installed');
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('registers every command the manifest contributes', async () => {
    const ext = vscode.extensions.getExtension(ID)!;
    const contributed = (ext.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map(
      (c) => c.command,
    );
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const c of contributed) assert.ok(registered.has(c), `${c} is registered`);
  });

  it('Refresh and Retry Connection run against the service without error', async () => {
    await vscode.commands.executeCommand('fakecloud.retryConnection');
    await vscode.commands.executeCommand('fakecloud.refresh');
  });

  it('has the documented setting defaults', () => {
    const c = vscode.workspace.getConfiguration('fakecloud');
    assert.equal(c.get('docker.host'), '');
    assert.equal(c.get('discovery.fallbackPollSeconds'), 60);
    assert.equal(c.get('service.idleShutdownSeconds'), 300);
  });
});
