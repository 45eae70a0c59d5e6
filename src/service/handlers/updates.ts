// Update Image on any container resource.
import type { Handler } from '../serviceContext';
import { optStr, str } from './params';

export const updateHandlers: Record<string, Handler> = {
  async 'resource/update'(ctx, session, params) {
    const id = str(params, 'resourceId');
    const image = optStr(params, 'image')?.trim() || undefined;
    const r = ctx.model.get(id);
    if (r) ctx.reconciler.forgive(`${r.kind}:${r.name}`);
    return ctx.operations.run(session, optStr(params, 'operationId'), (op) => ctx.updates.update(id, image, op));
  },
};
