// Adopt Orphan: thin — the runtime rebuilds the entry and takes it back.
import type { Handler } from '../serviceContext';
import { str } from './params';

export const adoptionHandlers: Record<string, Handler> = {
  async 'resource/adopt'(ctx, session, params) {
    const id = str(params, 'resourceId');
    return ctx.operations.run(session, undefined, () => ctx.adoption.adopt(id));
  },
};
