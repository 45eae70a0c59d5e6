// What is inside a cache: thin — the key browser does the work.
import { z } from 'zod';
import { resourceOfKind } from '../runtime/runtimeDeps';
import { handlers, nonEmpty, resourceRef, wholeNumber } from './handlerTable';

const keyRef = z.object({
  name: z
    .string()
    .min(1, 'a key name is needed')
    .max(64 * 1024),
  binary: z.boolean().optional(),
});

export const keyHandlers = handlers({
  'cache/keyRead': {
    params: resourceRef.extend({ db: wholeNumber(0, 10_000), key: keyRef }),
    handle: (ctx, _session, p) => ctx.keys.read(resourceOfKind(ctx.model, p.resourceId, 'cache'), { db: p.db, key: p.key }),
  },
  'cache/keyWrite': {
    params: resourceRef.extend({ db: wholeNumber(0, 10_000), key: keyRef, text: z.string().max(16 * 1024 * 1024), digest: nonEmpty }),
    handle: (ctx, _session, p) =>
      ctx.keys.write(resourceOfKind(ctx.model, p.resourceId, 'cache'), { db: p.db, key: p.key, text: p.text, digest: p.digest }),
  },
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
