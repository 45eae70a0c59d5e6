// Reconcile Now (all, or one resource: that clears its "gave up") and the last report.
import type { Handler } from '../serviceContext';
import { optStr } from './params';

export const reconcileHandlers: Record<string, Handler> = {
  async 'reconcile/now'(ctx, _session, params) {
    return { report: (await ctx.reconciler.runNow(optStr(params, 'name'))) ?? null };
  },
  async 'reconcile/last'(ctx) {
    return { report: ctx.reconciler.last ?? null };
  },
};
