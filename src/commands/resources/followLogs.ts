// Follow Logs (any resource): the last 500 lines, then new ones as they come, in a log channel of its own.
import * as vscode from 'vscode';
import type { FakecloudCommand } from '../command';
import { pickResource } from '../pickResource';
import { errorText } from '../runOperation';

export const followLogs: FakecloudCommand = {
  id: 'fakecloud.followLogs',
  async run(ctx, arg) {
    const r = await pickResource(ctx, arg, () => true, 'Follow Logs');
    if (!r) return;
    try {
      (await ctx.channels.follow(r, 500)).show(true);
    } catch (err) {
      void vscode.window.showErrorMessage(`Follow logs of ${r.name}: ${errorText(err)}`);
    }
  },
};
