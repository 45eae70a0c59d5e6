// Instance operations: thin — the runtime does the work (inside an operation where it is long).
import { z } from 'zod';
import { repairKey } from '../reconcile/planner';
import type { ServiceContext } from '../serviceContext';
import { backendChoice, handlers, nonEmpty, operationId, resourceRef } from './handlerTable';

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
      operationId,
    }),
    handle: (ctx, session, p) => {
      const { operationId: id, ...req } = p;
      return ctx.operations.run(session, id, (op) => ctx.instances.launch(req, op));
    },
  },

  'instance/stop': {
    params: resourceRef,
    handle: async (ctx, session, p) => {
      await ctx.operations.run(session, undefined, () => ctx.instances.stop(p.resourceId));
      return { ok: true };
    },
  },

  'instance/start': {
    params: resourceRef,
    handle: async (ctx, session, p) => {
      forgive(ctx, p.resourceId);
      await ctx.operations.run(session, undefined, () => ctx.instances.start(p.resourceId));
      return { ok: true };
    },
  },

  'instance/reboot': {
    params: resourceRef,
    handle: async (ctx, session, p) => {
      forgive(ctx, p.resourceId);
      await ctx.operations.run(session, undefined, () => ctx.instances.reboot(p.resourceId));
      return { ok: true };
    },
  },

  'instance/terminate': {
    params: resourceRef,
    handle: async (ctx, session, p) => {
      await ctx.operations.run(session, undefined, () => ctx.instances.terminate(p.resourceId));
      return { ok: true };
    },
  },
});
