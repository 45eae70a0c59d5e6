// Stop: the container is stopped and kept; the reconciler leaves it stopped.
import type { FakecloudCommand } from '../command';
import { isRunningInstance } from '../pickResource';
import { resourceAction } from '../resourceAction';
import { l10n } from '../../protocol/l10n';

export const stopInstance: FakecloudCommand = {
  id: 'fakecloud.stopInstance',
  run: (ctx, arg) =>
    resourceAction(ctx, arg, {
      server: 'stop',
      title: l10n.t('Stop Instance'),
      filter: isRunningInstance,
      verb: l10n.t('Stopping'),
      done: 'stopped',
      call: (c, r) => c.client.request('instance/stop', { resourceId: r.id }),
    }),
};
