// Long operations of any kind: cancel one (until its point of no return), list those running for a window that
// connects meanwhile.
import { z } from 'zod';
import { handlers, noParams, nonEmpty } from './handlerTable';

export const operationHandlers = handlers({
  'operation/cancel': {
    params: z.object({ operationId: nonEmpty }),
    handle: async (ctx, _session, p) => ctx.operations.cancel(p.operationId),
  },

  'operations/list': {
    params: noParams,
    handle: async (ctx) => ctx.operations.list(),
  },
});
