// Instance operations: thin — the runtime does the work (inside an operation where it is long).
import { z } from 'zod';
import { repairKey } from '../reconcile/planner';
import type { ServiceContext } from '../serviceContext';
import { backendChoice, handlers, lifecycleAction, nonEmpty, operationId, stackRef } from './handlerTable';

/** The user acted on it: a fresh start for its crash-loop count. */
function forgive(ctx: ServiceContext, resourceId: string): void {
  const name = ctx.model.get(resourceId)?.name;
  if (name) ctx.reconciler.forgive(repairKey('instance', name));
}

export const instanceHandlers = handlers({
  'instance/launch': {
    params: z.object({
      name: nonEmpty,
      tags: z.record(z.string(), z.string()).optional(),
      userData: z.union([z.object({ text: z.string() }), z.object({ base64: z.string() })]).optional(),
      backend: backendChoice,
      image: nonEmpty.max(512).optional(),
      stack: stackRef.optional(),
      operationId,
    }),
    handle: (ctx, session, p) => {
      const { operationId: id, ...req } = p;
      return ctx.operations.run(session, id, (op) => ctx.instances.launch(req, op));
    },
  },

  'instance/stop': lifecycleAction((ctx, id) => ctx.instances.stop(id)),
  'instance/start': lifecycleAction(async (ctx, id) => {
    forgive(ctx, id);
    await ctx.instances.start(id);
  }),
  'instance/reboot': lifecycleAction(async (ctx, id) => {
    forgive(ctx, id);
    await ctx.instances.reboot(id);
  }),
  'instance/terminate': lifecycleAction((ctx, id) => ctx.instances.terminate(id)),
});
