// Redeploy: the code folder it was deployed from, again, into a new container;
// the old one goes only once the new one answers.
import type { FakecloudCommand } from '../command';
import { isOwnFunction } from '../pickResource';
import { resourceAction } from '../resourceAction';

export const redeployFunction: FakecloudCommand = {
  id: 'fakecloud.redeployFunction',
  run: (ctx, arg) =>
    resourceAction(ctx, arg, {
      title: 'Redeploy Function',
      filter: isOwnFunction,
      verb: 'Redeploying',
      done: 'redeployed',
      cancellable: true,
      call: (c, r, operationId) => c.client.request('function/redeploy', { resourceId: r.id, operationId }, 600_000),
    }),
};
