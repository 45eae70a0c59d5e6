// What is inside a memcached cache: thin — the memcached browser does the work.
import { z } from 'zod';
import { memcachedKeyProblem } from '../../protocol/memcached';
import { resourceOfKind } from '../runtime/runtimeDeps';
import { handlers, resourceRef, wholeNumber } from './handlerTable';

const key = z.string().superRefine((k, c) => {
  const bad = memcachedKeyProblem(k);
  if (bad) c.addIssue({ code: 'custom', message: bad });
});

export const memcachedHandlers = handlers({
  'memcached/stats': {
    params: resourceRef,
    handle: (ctx, _session, p) => ctx.memcached.stats(resourceOfKind(ctx.model, p.resourceId, 'cache')),
  },
  'memcached/items': {
    params: resourceRef.extend({ offset: wholeNumber(0, 100_000_000), count: wholeNumber(1, 1_000).optional() }),
    handle: (ctx, _session, p) => ctx.memcached.items(resourceOfKind(ctx.model, p.resourceId, 'cache'), p.offset, p.count ?? 200),
  },
  'memcached/get': {
    params: resourceRef.extend({ key }),
    handle: (ctx, _session, p) => ctx.memcached.get(resourceOfKind(ctx.model, p.resourceId, 'cache'), p.key),
  },
  'memcached/set': {
    // memcached's own item limit is 1 MB by default; larger is refused by the server with its words.
    params: resourceRef.extend({ key, value: z.string().max(16 * 1024 * 1024), ttlSeconds: wholeNumber(0, 30 * 86_400).optional() }),
    handle: async (ctx, _session, p) => {
      await ctx.memcached.set(resourceOfKind(ctx.model, p.resourceId, 'cache'), p.key, p.value, p.ttlSeconds ?? 0);
      return {};
    },
  },
  'memcached/delete': {
    params: resourceRef.extend({ key }),
    handle: (ctx, _session, p) => ctx.memcached.delete(resourceOfKind(ctx.model, p.resourceId, 'cache'), p.key),
  },
});
