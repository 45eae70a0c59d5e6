// Start: the same container again; user data does not run a second time.
import type { FakecloudCommand } from '../command';
import { isStoppedInstance } from '../pickResource';
import { resourceAction } from '../resourceAction';

export const startInstance: FakecloudCommand = {
  id: 'fakecloud.startInstance',
  run: (ctx, arg) =>
    resourceAction(ctx, arg, {
      server: 'start',
      title: 'Start Instance',
      filter: isStoppedInstance,
      verb: 'Starting',
      done: 'is running',
      call: (c, r) => c.client.request('instance/start', { resourceId: r.id }),
    }),
};
