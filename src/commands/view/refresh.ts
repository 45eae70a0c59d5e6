// Refresh (view title): re-list now; reconnects when Docker was unreachable.
import * as vscode from 'vscode';
import type { FakecloudCommand } from '../command';

export const refresh: FakecloudCommand = {
  id: 'fakecloud.refresh',
  async run({ client, output }) {
    try {
      await vscode.window.withProgress({ location: { viewId: 'fakecloud.resources' } }, () => client.request('model/refresh', {}));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      output.error(`refresh: ${message}`);
      void vscode.window.showErrorMessage(`Fakecloud: refresh failed: ${message}`);
    }
  },
};
