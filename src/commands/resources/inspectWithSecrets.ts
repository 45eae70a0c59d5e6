// Inspect (Show Secrets): the same document with nothing masked, in a tab of its own, only when asked for.
import { CommandFailure, type FakecloudCommand } from '../command';
import { pickResource } from '../pickResource';

export const inspectWithSecrets: FakecloudCommand = {
  id: 'fakecloud.inspectWithSecrets',
  async run(ctx, arg) {
    const r = await pickResource(ctx, arg, () => true, 'Inspect (Show Secrets)');
    if (!r) return;
    try {
      await ctx.inspections.show(r, true);
    } catch (err) {
      throw new CommandFailure(`Inspect ${r.displayName ?? r.name}`, err);
    }
  },
};
