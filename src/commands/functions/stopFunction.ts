// Stop: the function's container is stopped and kept; the reconciler leaves it stopped.
import type { FakecloudCommand } from '../command';
import { isRunningFunction } from '../pickResource';
import { resourceAction } from '../resourceAction';

export const stopFunction: FakecloudCommand = {
  id: 'fakecloud.stopFunction',
  run: (ctx, arg) =>
    resourceAction(ctx, arg, {
      title: 'Stop Function',
      filter: isRunningFunction,
      verb: 'Stopping',
      done: 'stopped',
      call: (c, r) => c.client.request('function/stop', { resourceId: r.id }),
    }),
};
