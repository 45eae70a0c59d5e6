// Stop: the function's container is stopped and kept; the reconciler leaves it stopped.
import type { FakecloudCommand } from '../command';
import { isRunningFunction } from '../pickResource';
import { resourceAction } from '../resourceAction';
import { l10n } from '../../protocol/l10n';

export const stopFunction: FakecloudCommand = {
  id: 'fakecloud.stopFunction',
  run: (ctx, arg) =>
    resourceAction(ctx, arg, {
      title: l10n.t('Stop Function'),
      filter: isRunningFunction,
      verb: l10n.t('Stopping'),
      done: 'stopped',
      call: (c, r) => c.client.request('function/stop', { resourceId: r.id }),
    }),
};
