// Reboot: a restart of the container, as EC2 reboots (user data does not run again).
import type { FakecloudCommand } from '../command';
import { isRunningInstance } from '../pickResource';
import { resourceAction } from '../resourceAction';

export const rebootInstance: FakecloudCommand = {
  id: 'fakecloud.rebootInstance',
  run: (ctx, arg) =>
    resourceAction(ctx, arg, {
      server: 'reboot',
      title: 'Reboot Instance',
      filter: isRunningInstance,
      verb: 'Rebooting',
      done: 'rebooted',
      call: (c, r) => c.client.request('instance/reboot', { resourceId: r.id }),
    }),
};
