// Console Output: what the instance wrote so far (user data's output included),
// the last 64 KB as EC2's GetConsoleOutput gives it, in a read-only tab.
import { CommandFailure, type FakecloudCommand } from '../command';
import { pickResource } from '../pickResource';
import { labelOf } from '../../views/treeNodes';
import { l10n } from '../../protocol/l10n';

export const showConsoleOutput: FakecloudCommand = {
  id: 'fakecloud.showConsoleOutput',
  async run(ctx, arg) {
    const r = await pickResource(ctx, arg, (x) => x.kind === 'instance', l10n.t('Show Console Output'));
    if (!r) return;
    try {
      const { text, truncated } = await ctx.client.request('logs/read', { resourceId: r.id, tail: 5000 });
      const head =
        l10n.t('# Console output of {0}{1} at ', labelOf(r), r.displayName ? ` (${r.name})` : '') +
        `${new Date().toISOString()}${truncated ? l10n.t(' — the last 64 KB') : ''}\n`;
      await ctx.results.show(`console/${r.name}.log`, head + (text || l10n.t('(nothing yet)\n')), 'log');
    } catch (err) {
      throw new CommandFailure(l10n.t('Console output of {0}', labelOf(r)), err);
    }
  },
};
