// Update Image on any container resource.
import { z } from 'zod';
import { updateOutcome } from '../../protocol/updates';
import { repairKey } from '../reconcile/planner';
import { handlers, operationId, resourceRef } from './handlerTable';
import { l10n } from '../../protocol/l10n';

export const updateHandlers = handlers({
  'resource/update': {
    params: resourceRef.extend({ image: z.string().optional(), operationId }),
    handle: (ctx, session, p) => {
      const image = p.image?.trim() || undefined;
      const r = ctx.model.get(p.resourceId);
      if (r) ctx.reconciler.forgive(repairKey(r.kind, r.name));
      const name = r?.displayName ?? r?.name ?? p.resourceId;
      return ctx.operations.run(session, p.operationId, (op) => ctx.updates.update(p.resourceId, image, op), {
        title: l10n.t('Updating {0}', name),
        resourceId: p.resourceId,
        ...(r ? { resourceName: r.name } : {}),
        outcome: (res) => updateOutcome(name, res),
      });
    },
  },
});
