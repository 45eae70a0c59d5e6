// Start: the stopped container again, ready once its invoke API answers.
import type { FakecloudCommand } from '../command';
import { isStoppedFunction } from '../pickResource';
import { resourceAction } from '../resourceAction';

export const startFunction: FakecloudCommand = {
  id: 'fakecloud.startFunction',
  run: (ctx, arg) =>
    resourceAction(ctx, arg, {
      title: 'Start Function',
      filter: isStoppedFunction,
      verb: 'Starting',
      done: 'is running',
      call: (c, r, operationId) => c.client.request('function/start', { resourceId: r.id, operationId }),
    }),
};
