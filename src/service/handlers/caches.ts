// Cache operations: thin — read the parameters, run the runtime inside an operation.
import { checkRdbFile } from '../runtime/rdbFile';
import { UserError } from '../runtime/userError';
import type { Handler } from '../serviceContext';
import { bool, optStr, str } from './params';

export const cacheHandlers: Record<string, Handler> = {
  async 'cache/create'(ctx, session, params) {
    const name = str(params, 'name');
    const engine = str(params, 'engine') as 'redis' | 'memcached';
    const rdbPath = optStr(params, 'rdbPath');
    const backend = optStr(params, 'backend');
    if (backend !== undefined && backend !== 'docker' && backend !== 'kubernetes')
      throw new UserError('backend must be "docker" or "kubernetes"');
    const where: { backend?: 'docker' | 'kubernetes' } = backend ? { backend } : {};
    const req = { name, engine, ...(rdbPath ? { rdbPath } : {}), ...where };
    return ctx.operations.run(session, optStr(params, 'operationId'), (op) => ctx.caches.create(req, op));
  },

  async 'cache/command'(ctx, _session, params) {
    const timeoutMs = (params as { timeoutMs?: unknown } | undefined)?.timeoutMs;
    if (timeoutMs !== undefined && typeof timeoutMs !== 'number') throw new UserError('timeoutMs must be a number');
    return ctx.caches.runCommand(str(params, 'resourceId'), str(params, 'line'), timeoutMs);
  },

  async 'cache/reboot'(ctx, session, params) {
    const id = str(params, 'resourceId');
    // The user acted: a fresh start for its crash-loop count.
    const name = ctx.model.get(id)?.name;
    if (name) ctx.reconciler.forgive(`cache:${name}`);
    return ctx.operations.run(session, optStr(params, 'operationId'), (op) => ctx.caches.reboot(id, op));
  },

  async 'cache/snapshot'(ctx, session, params) {
    const id = str(params, 'resourceId');
    const path = str(params, 'path');
    return ctx.operations.run(session, optStr(params, 'operationId'), (op) => ctx.caches.snapshot(id, path, op));
  },

  async 'cache/checkSnapshot'(_ctx, _session, params) {
    return { size: await checkRdbFile(str(params, 'path')) };
  },

  async 'cache/delete'(ctx, session, params) {
    const id = str(params, 'resourceId');
    return ctx.operations.run(session, undefined, () => ctx.caches.delete(id));
  },

  async 'cache/removeOrphan'(ctx, session, params) {
    const id = str(params, 'resourceId');
    const removeData = bool(params, 'removeData');
    const r = ctx.model.get(id);
    if (r && r.backend === 'kubernetes') {
      // A Pod of ours outside the desired state: the Pod is all there is (its data goes with it).
      if (!r.orphan) throw new UserError(`${r.displayName ?? r.name} is not an orphan`);
      await ctx.operations.run(session, undefined, () => ctx.kubernetes.pods().deletePod(r.containerId));
      return {};
    }
    if (r && r.kind !== 'cache') {
      // An instance's or an earlier function deploy's container: nothing but the container is its own.
      if (!r.orphan) throw new UserError(`${r.displayName ?? r.name} is not an orphan`);
      await ctx.operations.run(session, undefined, () => ctx.docker.backend().removeContainer(r.containerId));
      await ctx.docker.refresh().catch(() => undefined);
      return {};
    }
    return ctx.operations.run(session, undefined, () => ctx.caches.removeOrphan(id, removeData));
  },

  async 'operation/cancel'(ctx, _session, params) {
    return { cancelled: ctx.operations.cancel(str(params, 'operationId')) };
  },
};
