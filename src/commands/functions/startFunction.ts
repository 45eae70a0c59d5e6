// Start: the stopped container again, ready once its invoke API answers.
import type { FakecloudCommand } from '../command';
import { isStoppedFunction } from '../pickResource';
import { resourceAction } from '../resourceAction';
import { l10n } from '../../protocol/l10n';

export const startFunction: FakecloudCommand = {
  id: 'fakecloud.startFunction',
  run: (ctx, arg) =>
    resourceAction(ctx, arg, {
      title: l10n.t('Start Function'),
      filter: isStoppedFunction,
      verb: l10n.t('Starting'),
      done: l10n.t('is running'),
      call: (c, r, operationId) => c.client.request('function/start', { resourceId: r.id, operationId }),
    }),
};
