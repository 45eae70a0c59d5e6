// Refresh (view title): re-list now; reconnects when Docker was unreachable.
import * as vscode from 'vscode';
import type { FakecloudCommand } from '../command';

export const refresh: FakecloudCommand = {
  id: 'fakecloud.refresh',
  async run({ client }) {
    await vscode.window.withProgress({ location: { viewId: 'fakecloud.resources' } }, () => client.request('model/refresh', {}));
  },
};
