// Show Overview Dashboard: the reconciler's passes, repairs and events over the last minutes.
import type { FakecloudCommand } from '../command';

export const showOverview: FakecloudCommand = {
  id: 'fakecloud.showOverview',
  run(ctx) {
    ctx.dashboards.show({ overview: true }, 'Fakecloud overview');
  },
};
