// Copy a cache's connection string as client libraries take it: redis://host:port, or host:port for memcached.
import * as vscode from 'vscode';
import { connectionString } from '../../protocol/handOff';
import type { FakecloudCommand } from '../command';
import { pickResource } from '../pickResource';

export const copyConnectionString: FakecloudCommand = {
  id: 'fakecloud.copyConnectionString',
  async run(ctx, arg) {
    const r = await pickResource(ctx, arg, (x) => connectionString(x) !== undefined, 'Copy Connection String');
    if (!r) return;
    const text = connectionString(r);
    if (!text) {
      void vscode.window.showWarningMessage(`${r.name} has no endpoint while it is ${r.state}.`);
      return;
    }
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(`Copied ${text}`, 3000);
  },
};
