// The resource model: subscribe (snapshot, then pushed diffs), refresh, reconnect.
import type { Handler } from '../serviceContext';

export const modelHandlers: Record<string, Handler> = {
  async 'model/subscribe'(ctx, session) {
    session.modelSubscribed = true;
    return ctx.model.snapshot();
  },

  async 'model/refresh'(ctx) {
    await Promise.all([ctx.docker.refresh(), ctx.settings.kubernetes?.enabled ? ctx.kubernetes.refresh() : undefined]);
    return ctx.model.snapshot();
  },

  async 'backend/reconnect'(ctx) {
    await Promise.all([ctx.docker.reconnectNow(), ctx.settings.kubernetes?.enabled ? ctx.kubernetes.reconnectNow() : undefined]);
    return { backends: ctx.model.snapshot().backends };
  },
};
