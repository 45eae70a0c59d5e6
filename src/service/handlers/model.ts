// The resource model: subscribe (snapshot, then pushed diffs), refresh, reconnect.
import type { Handler } from '../serviceContext';

export const modelHandlers: Record<string, Handler> = {
  async 'model/subscribe'(ctx, session) {
    session.modelSubscribed = true;
    return ctx.model.snapshot();
  },

  async 'model/refresh'(ctx) {
    await ctx.docker.refresh();
    return ctx.model.snapshot();
  },

  async 'backend/reconnect'(ctx) {
    await ctx.docker.reconnectNow();
    return { backends: ctx.model.snapshot().backends };
  },
};
