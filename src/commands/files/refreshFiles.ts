// Refresh on a folder row: list it again (and what is open under it), as a container's files change behind us.
import { l10n } from '../../protocol/l10n';
import type { FakecloudCommand } from '../command';
import { fileTarget } from './fileTarget';

export const refreshFiles: FakecloudCommand = {
  id: 'fakecloud.refreshFiles',
  async run(ctx, arg) {
    const t = await fileTarget(ctx, arg, l10n.t('Refresh Files'));
    if (t) ctx.files.forget(t.resource.id);
  },
};
