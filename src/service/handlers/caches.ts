// Cache operations: thin — the runtime does the work (inside an operation where it is long).
import { z } from 'zod';
import { checkRdbFile } from '../runtime/caches/rdbFile';
import { repairKey } from '../reconcile/planner';
import { backendChoice, handlers, nonEmpty, operationId, resourceRef, stackRef, wholeNumber } from './handlerTable';
import { l10n } from '../../protocol/l10n';

export const cacheHandlers = handlers({
  'cache/create': {
    params: z.object({
      name: nonEmpty,
      engine: z.enum(['redis', 'memcached']),
      rdbPath: nonEmpty.optional(),
      backend: backendChoice,
      image: nonEmpty.max(512).optional(),
      port: wholeNumber(1024, 65535).optional(),
      stack: stackRef.optional(),
      operationId,
    }),
    handle: (ctx, session, p) => {
      const req = {
        name: p.name,
        engine: p.engine,
        ...(p.rdbPath ? { rdbPath: p.rdbPath } : {}),
        ...(p.backend ? { backend: p.backend } : {}),
        ...(p.image ? { image: p.image } : {}),
        ...(p.port ? { port: p.port } : {}),
        ...(p.stack ? { stack: p.stack } : {}),
      };
      return ctx.operations.run(session, p.operationId, (op) => ctx.caches.create(req, op), {
        title: l10n.t('Creating cache {0}', p.name),
        resourceName: p.name,
      });
    },
  },

  'cache/command': {
    params: z.object({ resourceId: nonEmpty, line: z.string(), timeoutMs: z.number().optional() }),
    handle: async (ctx, _session, p) => ctx.caches.runCommand(p.resourceId, p.line, p.timeoutMs),
  },

  'cache/reboot': {
    params: resourceRef.extend({ operationId }),
    handle: (ctx, session, p) => {
      // The user acted: a fresh start for its crash-loop count.
      const name = ctx.model.get(p.resourceId)?.name;
      if (name) ctx.reconciler.forgive(repairKey('cache', name));
      return ctx.operations.run(session, p.operationId, (op) => ctx.caches.reboot(p.resourceId, op), {
        title: l10n.t('Rebooting {0}', name ?? p.resourceId),
        resourceId: p.resourceId,
        ...(name ? { resourceName: name } : {}),
        outcome: () => ({ level: 'info', message: l10n.t('{0} rebooted and ready.', name ?? p.resourceId) }),
      });
    },
  },

  'cache/snapshot': {
    params: resourceRef.extend({ path: nonEmpty, operationId }),
    handle: (ctx, session, p) => {
      const name = ctx.model.get(p.resourceId)?.name ?? p.resourceId;
      return ctx.operations.run(session, p.operationId, (op) => ctx.caches.snapshot(p.resourceId, p.path, op), {
        title: l10n.t('Snapshot of {0}', name),
        resourceId: p.resourceId,
        resourceName: name,
        outcome: () => ({ level: 'info', message: l10n.t('Snapshot of {0} saved to {1}.', name, p.path) }),
      });
    },
  },

  'cache/checkSnapshot': {
    params: z.object({ path: nonEmpty }),
    handle: async (_ctx, _session, p) => ({ size: await checkRdbFile(p.path) }),
  },

  'cache/delete': {
    params: resourceRef,
    handle: (ctx, session, p) => ctx.operations.run(session, undefined, () => ctx.caches.delete(p.resourceId)),
  },

  'cache/removeOrphan': {
    params: resourceRef.extend({ removeData: z.boolean() }),
    handle: async (ctx, session, p) => {
      // Any kind's orphan is removed here: the tree offers Remove Orphan on each.
      const kind = ctx.model.get(p.resourceId)?.kind;
      if (kind === 'instance')
        return ctx.operations.run(session, undefined, async () => (await ctx.instances.removeOrphan(p.resourceId), {}));
      if (kind === 'function')
        return ctx.operations.run(session, undefined, async () => (await ctx.functions.removeOrphan(p.resourceId), {}));
      return ctx.operations.run(session, undefined, () => ctx.caches.removeOrphan(p.resourceId, p.removeData));
    },
  },
});
