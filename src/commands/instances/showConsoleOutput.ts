// Console Output: what the instance wrote so far (user data's output included),
// the last 64 KB as EC2's GetConsoleOutput gives it, in a read-only tab.
import { CommandFailure, type FakecloudCommand } from '../command';
import { pickResource } from '../pickResource';
import { labelOf } from '../../views/treeNodes';

export const showConsoleOutput: FakecloudCommand = {
  id: 'fakecloud.showConsoleOutput',
  async run(ctx, arg) {
    const r = await pickResource(ctx, arg, (x) => x.kind === 'instance', 'Show Console Output');
    if (!r) return;
    try {
      const { text, truncated } = await ctx.client.request('logs/read', { resourceId: r.id, tail: 5000 });
      const head =
        `# Console output of ${labelOf(r)}${r.displayName ? ` (${r.name})` : ''} at ` +
        `${new Date().toISOString()}${truncated ? ' — the last 64 KB' : ''}\n`;
      await ctx.results.show(`console/${r.name}.log`, head + (text || '(nothing yet)\n'), 'log');
    } catch (err) {
      throw new CommandFailure(`Console output of ${labelOf(r)}`, err);
    }
  },
};
