// Retry now: reconnect to the service (starting it if needed), then to Docker.
import * as vscode from 'vscode';
import type { FakecloudCommand } from '../command';

export const retryConnection: FakecloudCommand = {
  id: 'fakecloud.retryConnection',
  async run({ client, output }) {
    try {
      if (client.state !== 'connected') await client.connect();
      await client.request('backend/reconnect', {});
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      output.error(`retry: ${message}`);
      void vscode.window.showErrorMessage(message);
    }
  },
};
