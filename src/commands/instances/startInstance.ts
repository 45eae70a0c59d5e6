// Start: the same container again; user data does not run a second time.
import type { FakecloudCommand } from '../command';
import { isStoppedInstance } from '../pickResource';
import { instanceAction } from './instanceAction';

export const startInstance: FakecloudCommand = {
  id: 'fakecloud.startInstance',
  run: (ctx, arg) => instanceAction(ctx, arg, { title: 'Start Instance', filter: isStoppedInstance, verb: 'Starting', done: 'is running', method: 'instance/start' }),
};
