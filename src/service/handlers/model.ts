// The resource model: subscribe (snapshot, then pushed diffs), refresh, reconnect.
import { handlers, noParams } from './handlerTable';

export const modelHandlers = handlers({
  'model/subscribe': {
    params: noParams,
    handle: async (ctx, session) => {
      session.modelSubscribed = true;
      return ctx.model.snapshot();
    },
  },

  'model/refresh': {
    params: noParams,
    handle: async (ctx) => {
      await Promise.all([ctx.docker.refresh(), ctx.settings.kubernetes?.enabled ? ctx.kubernetes.refresh() : undefined]);
      return ctx.model.snapshot();
    },
  },

  'backend/reconnect': {
    params: noParams,
    handle: async (ctx) => {
      await Promise.all([ctx.docker.reconnectNow(), ctx.settings.kubernetes?.enabled ? ctx.kubernetes.reconnectNow() : undefined]);
      return { backends: ctx.model.snapshot().backends };
    },
  },
});
