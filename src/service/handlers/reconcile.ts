// Reconcile Now (all, or one resource: that clears its "gave up") and the last report.
import { z } from 'zod';
import { handlers, noParams, nonEmpty } from './handlerTable';

export const reconcileHandlers = handlers({
  'reconcile/now': {
    params: z.object({ name: nonEmpty.optional() }),
    handle: async (ctx, _session, p) => ({ report: (await ctx.reconciler.runNow(p.name)) ?? null }),
  },
  'reconcile/last': {
    params: noParams,
    handle: async (ctx) => ({ report: ctx.reconciler.last ?? null }),
  },
});
