// Dashboards: a window starts and stops watching one (its panel shown, hidden or closed); a window that goes away
// stops its watches with it.
import { z } from 'zod';
import { targetKey } from '../../protocol/dashboard';
import { handlers, nonEmpty } from './handlerTable';

const target = z.union([z.object({ resourceId: nonEmpty }), z.object({ overview: z.literal(true) })]);

export const dashboardHandlers = handlers({
  'dashboard/watch': {
    params: z.object({ target, watch: z.boolean() }),
    handle: (ctx, session, p) => {
      const key = targetKey(p.target);
      const tag = `dashboard:${key}`;
      const watcherId = String(session.id);
      if (!p.watch) {
        session.release(tag);
        return Promise.resolve({});
      }
      const snapshot = ctx.dashboards.watch(key, watcherId, (s) => session.peer.notify('dashboard/sample', s));
      session.own(tag, () => ctx.dashboards.unwatch(key, watcherId));
      return Promise.resolve({ snapshot });
    },
  },
});
