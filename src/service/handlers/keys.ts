// What is inside a cache: thin — the key browser does the work.
import { z } from 'zod';
import { KEY_TYPES, MAX_KEY_SAVE_BYTES } from '../../protocol/keys';
import { countMatching, createKey, deleteKeys, deleteMatching, expireKey, memoryUsage, renameKey } from '../runtime/caches/keyEdits';
import { resourceOfKind } from '../runtime/runtimeDeps';
import { handlers, nonEmpty, operationId, resourceRef, wholeNumber } from './handlerTable';
import { l10n } from '../../protocol/l10n';

const keyRef = z.object({
  name: z
    .string()
    .min(1, 'a key name is needed')
    .max(64 * 1024),
  binary: z.boolean().optional(),
});

const keyName = z
  .string()
  .min(1, 'a key name is needed')
  .max(64 * 1024);
const db = wholeNumber(0, 10_000);
// Ten years: longer is almost surely a typo of milliseconds for seconds.
const ttlSeconds = wholeNumber(0, 10 * 365 * 86_400);
const pattern = z.string().min(1, 'a pattern is needed').max(4096);

export const keyHandlers = handlers({
  'cache/keyRead': {
    params: resourceRef.extend({ db: wholeNumber(0, 10_000), key: keyRef }),
    handle: (ctx, _session, p) => ctx.keys.read(resourceOfKind(ctx.model, p.resourceId, 'cache'), { db: p.db, key: p.key }),
  },
  'cache/keyWrite': {
    params: resourceRef.extend({
      db: wholeNumber(0, 10_000),
      key: keyRef,
      text: z
        .string()
        .refine(
          (t) => Buffer.byteLength(t) <= MAX_KEY_SAVE_BYTES,
          `at most ${MAX_KEY_SAVE_BYTES / 1024 / 1024} MB is saved from the editor`,
        ),
      digest: nonEmpty,
    }),
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
  'cache/keyCreate': {
    params: resourceRef.extend({
      db,
      key: keyName,
      type: z.enum(KEY_TYPES),
      text: z.string().max(16 * 1024 * 1024),
      ttlSeconds: ttlSeconds.optional(),
    }),
    handle: async (ctx, _session, p) => {
      const r = resourceOfKind(ctx.model, p.resourceId, 'cache');
      await ctx.keys.using(r, (pipe) =>
        createKey(pipe, { db: p.db, key: p.key, type: p.type, text: p.text, ttlSeconds: p.ttlSeconds ?? 0 }),
      );
      return {};
    },
  },
  'cache/keyRename': {
    params: resourceRef.extend({ db, key: keyRef, to: keyName }),
    handle: async (ctx, _session, p) => {
      const r = resourceOfKind(ctx.model, p.resourceId, 'cache');
      await ctx.keys.using(r, (pipe) => renameKey(pipe, p));
      return {};
    },
  },
  'cache/keyExpire': {
    params: resourceRef.extend({ db, key: keyRef, ttlSeconds }),
    handle: (ctx, _session, p) => ctx.keys.using(resourceOfKind(ctx.model, p.resourceId, 'cache'), (pipe) => expireKey(pipe, p)),
  },
  'cache/keysDelete': {
    params: resourceRef.extend({ db, keys: z.array(keyRef).min(1, 'no keys were given').max(100_000) }),
    handle: (ctx, _session, p) => ctx.keys.using(resourceOfKind(ctx.model, p.resourceId, 'cache'), (pipe) => deleteKeys(pipe, p)),
  },
  'cache/keysCount': {
    params: resourceRef.extend({ db, match: pattern, operationId }),
    handle: (ctx, session, p) => {
      const r = resourceOfKind(ctx.model, p.resourceId, 'cache');
      return ctx.operations.run(session, p.operationId, (op) =>
        ctx.keys.using(r, (pipe) => countMatching(pipe, p, () => op.signal?.aborted === true)),
      );
    },
  },
  'cache/keysDeleteMatching': {
    params: resourceRef.extend({ db, match: pattern, operationId }),
    handle: (ctx, session, p) => {
      const r = resourceOfKind(ctx.model, p.resourceId, 'cache');
      return ctx.operations.run(
        session,
        p.operationId,
        (op) =>
          ctx.keys.using(r, (pipe) =>
            deleteMatching(
              pipe,
              p,
              (n) => op.progress(`${n.toLocaleString('en-US')} deleted`),
              () => op.signal?.aborted === true,
            ),
          ),
        {
          title: l10n.t('Deleting keys matching {0} in {1}', p.match, r.displayName ?? r.name),
          resourceId: r.id,
          resourceName: r.name,
          outcome: (x) => ({
            level: 'info',
            message: l10n.t('{0} keys matching {1} deleted from db{2}.', x.deleted.toLocaleString('en-US'), p.match, p.db),
          }),
        },
      );
    },
  },
  'cache/watchKeys': {
    params: resourceRef.extend({ db, watch: z.boolean() }),
    handle: async (ctx, session, p) => {
      const tag = `watchKeys:${p.resourceId}:${p.db}`;
      const watcherId = String(session.id);
      if (!p.watch) {
        session.release(tag);
        return { live: false };
      }
      const r = resourceOfKind(ctx.model, p.resourceId, 'cache');
      const res = await ctx.keyWatches.watch(r, p.db, {
        id: watcherId,
        tell: () => session.peer.notify('cache/keysChanged', { resourceId: p.resourceId, db: p.db }),
      });
      // Stops with the window, or when it asks.
      if (res.live) session.own(tag, () => ctx.keyWatches.unwatch(p.resourceId, p.db, watcherId));
      return res;
    },
  },
  'cache/keyMemory': {
    params: resourceRef.extend({ db, key: keyRef }),
    handle: (ctx, _session, p) => ctx.keys.using(resourceOfKind(ctx.model, p.resourceId, 'cache'), (pipe) => memoryUsage(pipe, p)),
  },
});
