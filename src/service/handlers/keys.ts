// What is inside a cache: thin — the key browser does the work.
import { z } from 'zod';
import { resourceOfKind } from '../runtime/runtimeDeps';
import { handlers, nonEmpty, resourceRef, wholeNumber } from './handlerTable';

export const keyHandlers = handlers({
  'cache/keyspace': {
    params: resourceRef,
    handle: async (ctx, _session, p) => ({ dbs: await ctx.keys.keyspace(resourceOfKind(ctx.model, p.resourceId, 'cache')) }),
  },
  'cache/keys': {
    params: resourceRef.extend({
      db: wholeNumber(0, 10_000),
      cursor: z.string().regex(/^\d+$/, 'must be a SCAN cursor (digits)'),
      match: nonEmpty.optional(),
      count: wholeNumber(1, 1_000).optional(),
    }),
    handle: (ctx, _session, p) =>
      ctx.keys.scan(resourceOfKind(ctx.model, p.resourceId, 'cache'), {
        db: p.db,
        cursor: p.cursor,
        ...(p.match ? { match: p.match } : {}),
        ...(p.count ? { count: p.count } : {}),
      }),
  },
});
