// Function operations: thin — the runtime does the work (inside an operation where it is long).
import { z } from 'zod';
import { repairKey } from '../reconcile/planner';
import { backendChoice, handlers, lifecycleAction, nonEmpty, operationId, resourceRef, stackRef, wholeNumber } from './handlerTable';
import { l10n } from '../../protocol/l10n';

export const functionHandlers = handlers({
  'function/deploy': {
    params: z.object({
      name: nonEmpty,
      runtime: nonEmpty,
      handler: nonEmpty,
      codePath: nonEmpty,
      environment: z.record(z.string(), z.string()).optional(),
      backend: backendChoice,
      memory: wholeNumber(128, 10240).optional(),
      timeout: wholeNumber(1, 900).optional(),
      stack: stackRef.optional(),
      operationId,
    }),
    handle: (ctx, session, p) => {
      const { operationId: id, ...req } = p;
      return ctx.operations.run(session, id, (op) => ctx.functions.deploy(req, op));
    },
  },

  'function/redeploy': {
    params: resourceRef.extend({ operationId, codePath: nonEmpty.optional(), notFrom: z.array(nonEmpty.max(4096)).max(100).optional() }),
    handle: (ctx, session, p) => {
      const name = ctx.model.get(p.resourceId)?.name;
      if (name) ctx.reconciler.forgive(repairKey('function', name));
      return ctx.operations.run(session, p.operationId, (op) => ctx.functions.redeploy(p.resourceId, op, p.codePath, p.notFrom ?? []), {
        title: l10n.t('Redeploying {0}', name ?? p.resourceId),
        resourceId: p.resourceId,
        ...(name ? { resourceName: name } : {}),
      });
    },
  },

  'function/invoke': {
    // An empty payload is {}: a string of JSON, possibly empty, not a missing parameter.
    params: resourceRef.extend({ payload: z.string() }),
    handle: (ctx, _session, p) => ctx.functions.invoke(p.resourceId, p.payload),
  },

  'function/stop': lifecycleAction((ctx, id) => ctx.functions.stop(id)),

  'function/start': {
    params: resourceRef.extend({ operationId }),
    handle: (ctx, session, p) => {
      const name = ctx.model.get(p.resourceId)?.name;
      if (name) ctx.reconciler.forgive(repairKey('function', name));
      return ctx.operations.run(session, p.operationId, (op) => ctx.functions.start(p.resourceId, op), {
        title: l10n.t('Starting {0}', name ?? p.resourceId),
        resourceId: p.resourceId,
        ...(name ? { resourceName: name } : {}),
      });
    },
  },

  'function/delete': lifecycleAction((ctx, id) => ctx.functions.delete(id)),
});
