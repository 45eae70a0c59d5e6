// Reboot: a restart of the container, as EC2 reboots (user data does not run again).
import type { FakecloudCommand } from '../command';
import { isRunningInstance } from '../pickResource';
import { instanceAction } from './instanceAction';

export const rebootInstance: FakecloudCommand = {
  id: 'fakecloud.rebootInstance',
  run: (ctx, arg) => instanceAction(ctx, arg, { title: 'Reboot Instance', filter: isRunningInstance, verb: 'Rebooting', done: 'rebooted', method: 'instance/reboot' }),
};
