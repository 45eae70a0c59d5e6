// Inspect: a container's inspect document or a Pod object, read-only, secret-looking environment values masked.
import * as vscode from 'vscode';
import { CommandFailure, type FakecloudCommand } from '../command';
import { pickResource } from '../pickResource';

export const inspectResource: FakecloudCommand = {
  id: 'fakecloud.inspect',
  async run(ctx, arg) {
    const r = await pickResource(ctx, arg, () => true, 'Inspect');
    if (!r) return;
    try {
      const { masked } = await ctx.inspections.show(r, false);
      if (masked > 0)
        vscode.window.setStatusBarMessage(
          `${masked} secret-looking value${masked === 1 ? '' : 's'} masked; Inspect (Show Secrets) shows them`,
          8_000,
        );
    } catch (err) {
      throw new CommandFailure(`Inspect ${r.displayName ?? r.name}`, err);
    }
  },
};
