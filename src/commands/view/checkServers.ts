// Look at every fakecloud server endpoint again now (Retry on an unreachable server, or the status bar item).
import * as vscode from 'vscode';
import type { FakecloudCommand } from '../command';

export const checkServers: FakecloudCommand = {
  id: 'fakecloud.checkServers',
  async run({ client }) {
    await vscode.window.withProgress({ location: { viewId: 'fakecloud.resources' } }, () => client.request('servers/check', {}));
  },
};
