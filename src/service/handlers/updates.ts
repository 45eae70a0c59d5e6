// Update Image on any container resource.
import { z } from 'zod';
import { repairKey } from '../reconcile/planner';
import { handlers, operationId, resourceRef } from './handlerTable';

export const updateHandlers = handlers({
  'resource/update': {
    params: resourceRef.extend({ image: z.string().optional(), operationId }),
    handle: (ctx, session, p) => {
      const image = p.image?.trim() || undefined;
      const r = ctx.model.get(p.resourceId);
      if (r) ctx.reconciler.forgive(repairKey(r.kind, r.name));
      return ctx.operations.run(session, p.operationId, (op) => ctx.updates.update(p.resourceId, image, op));
    },
  },
});
