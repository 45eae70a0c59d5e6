// Open CLI: redis-cli (or memcached's text protocol through nc) on a TTY in the
// container, in a VS Code terminal. Hints, history and formatting are redis-cli's own.
import type { FakecloudCommand } from '../command';
import { isRunningCache, pickResource } from '../pickResource';
import { openExecTerminal } from '../../terminals/execTerminal';
import { l10n } from '../../protocol/l10n';

export const openCacheCli: FakecloudCommand = {
  id: 'fakecloud.openCacheCli',
  async run(ctx, arg) {
    const r = await pickResource(ctx, arg, isRunningCache, l10n.t('Open Cache CLI'));
    if (r) await openExecTerminal(ctx.client, r);
  },
};
