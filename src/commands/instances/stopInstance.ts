// Stop: the container is stopped and kept; the reconciler leaves it stopped.
import type { FakecloudCommand } from '../command';
import { isRunningInstance } from '../pickResource';
import { instanceAction } from './instanceAction';

export const stopInstance: FakecloudCommand = {
  id: 'fakecloud.stopInstance',
  run: (ctx, arg) => instanceAction(ctx, arg, { title: 'Stop Instance', filter: isRunningInstance, verb: 'Stopping', done: 'stopped', method: 'instance/stop' }),
};
