// Show Overview Dashboard: the reconciler's passes, repairs and events over the last minutes.
import type { FakecloudCommand } from '../command';
import { l10n } from '../../protocol/l10n';

export const showOverview: FakecloudCommand = {
  id: 'fakecloud.showOverview',
  run(ctx) {
    ctx.dashboards.show({ overview: true }, l10n.t('Fakecloud overview'));
  },
};
