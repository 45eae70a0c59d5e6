// Reboot: a restart of the container, as EC2 reboots (user data does not run again).
import type { FakecloudCommand } from '../command';
import { isRunningInstance } from '../pickResource';
import { resourceAction } from '../resourceAction';
import { l10n } from '../../protocol/l10n';

export const rebootInstance: FakecloudCommand = {
  id: 'fakecloud.rebootInstance',
  run: (ctx, arg) =>
    resourceAction(ctx, arg, {
      server: 'reboot',
      title: l10n.t('Reboot Instance'),
      filter: isRunningInstance,
      verb: l10n.t('Rebooting'),
      done: 'rebooted',
      call: (c, r) => c.client.request('instance/reboot', { resourceId: r.id }),
    }),
};
