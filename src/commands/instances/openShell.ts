// Open Shell: bash (or sh when the image has no bash) on a TTY in a running
// instance, or any running container, in a VS Code terminal.
import type { FakecloudCommand } from '../command';
import { isRunning, pickResource } from '../pickResource';
import { openExecTerminal } from '../../terminals/execTerminal';
import { l10n } from '../../protocol/l10n';

export const openShell: FakecloudCommand = {
  id: 'fakecloud.openShell',
  async run(ctx, arg) {
    const r = await pickResource(ctx, arg, (x) => isRunning(x) && x.kind !== 'other', l10n.t('Open Shell'));
    if (r) await openExecTerminal(ctx.client, r, 'shell');
  },
};
