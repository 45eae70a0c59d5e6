// Start: the same container again; user data does not run a second time.
import type { FakecloudCommand } from '../command';
import { isStoppedInstance } from '../pickResource';
import { resourceAction } from '../resourceAction';
import { l10n } from '../../protocol/l10n';

export const startInstance: FakecloudCommand = {
  id: 'fakecloud.startInstance',
  run: (ctx, arg) =>
    resourceAction(ctx, arg, {
      server: 'start',
      title: l10n.t('Start Instance'),
      filter: isStoppedInstance,
      verb: l10n.t('Starting'),
      done: l10n.t('is running'),
      call: (c, r) => c.client.request('instance/start', { resourceId: r.id }),
    }),
};
