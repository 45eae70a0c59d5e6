// Adopt Orphan: thin — the runtime rebuilds the entry and takes it back.
import { handlers, resourceRef } from './handlerTable';

export const adoptionHandlers = handlers({
  'resource/adopt': {
    params: resourceRef,
    handle: (ctx, session, p) => ctx.operations.run(session, undefined, () => ctx.adoption.adopt(p.resourceId)),
  },
});
