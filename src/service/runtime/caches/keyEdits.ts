// Changes to a Redis cache's keys from the tree: a new key, rename, time to live, delete one or many, and the
// memory a key takes. Each refuses what would lose data silently (a new key over an existing one, a rename onto
// one) and changes nothing then. Deleting by pattern walks the keyspace with SCAN and removes each batch with
// UNLINK, so the cache never blocks on a large delete.
import type { KeyRef } from '../../../protocol/keys';
import { newKeyPlan, type KeyValue } from '../../../protocol/keyDocument';
import { UserError } from '../userError';
import { keyBytes } from './keyBrowser';
import { ok, type RedisPipe } from './redisPipe';
import { replyText, RespError } from './respCodec';
import { l10n } from '../../../protocol/l10n';

/** Keys one SCAN call looks at while counting or deleting by pattern. */
export const BATCH = 1_000;

async function select(pipe: RedisPipe, db: number): Promise<void> {
  ok(await pipe.call(['SELECT', String(db)]), `SELECT ${db}`);
}

const labelOf = (k: KeyRef) => (k.binary ? `the key (base64 ${k.name})` : k.name);

/** Makes a key that does not exist yet: refused, changing nothing, when one of that name is there. */
export async function createKey(
  pipe: RedisPipe,
  req: { db: number; key: string; type: KeyValue['type']; text: string; ttlSeconds: number },
): Promise<void> {
  const plan = newKeyPlan(req.key, req.type, req.text, req.ttlSeconds);
  if ('error' in plan) throw new UserError(l10n.t('{0} was not created: {1}', req.key, plan.error));
  await select(pipe, req.db);
  ok(await pipe.call(['WATCH', req.key]), 'WATCH');
  try {
    if (ok(await pipe.call(['EXISTS', req.key]), 'EXISTS') === 1)
      throw new UserError(l10n.t('{0} already exists in db{1}: nothing was changed (open it to edit it)', req.key, req.db));
    const replies = await pipe.pipeline([['MULTI'], ...plan.commands, ['EXEC']]);
    const exec = replies[replies.length - 1];
    ok(exec, 'EXEC');
    if (exec === null) throw new UserError(l10n.t('{0} was made by someone else meanwhile: nothing was changed', req.key));
    if (Array.isArray(exec)) for (const [i, r] of exec.entries()) ok(r, plan.commands[i][0]);
  } finally {
    await pipe.call(['UNWATCH']).catch(() => undefined);
  }
}

/** Renames a key; refused when the new name is taken (RENAMENX), so no key is overwritten. */
export async function renameKey(pipe: RedisPipe, req: { db: number; key: KeyRef; to: string }): Promise<void> {
  await select(pipe, req.db);
  const from = keyBytes(req.key);
  if (from.equals(Buffer.from(req.to, 'utf8'))) return;
  const r = await pipe.call(['RENAMENX', from, req.to]);
  if (r instanceof RespError && /no such key/i.test(r.message)) throw new UserError(l10n.t('{0} no longer exists', labelOf(req.key)));
  if (ok(r, 'RENAMENX') === 0)
    throw new UserError(l10n.t('there is already a key {0} in db{1}: {2} was not renamed', req.to, req.db, labelOf(req.key)));
}

/** Sets a key's time to live (seconds > 0) or removes it (0); answers what it is now, in milliseconds. */
export async function expireKey(pipe: RedisPipe, req: { db: number; key: KeyRef; ttlSeconds: number }): Promise<{ ttlMs: number }> {
  await select(pipe, req.db);
  const k = keyBytes(req.key);
  const [set, ttl] = await pipe.pipeline([req.ttlSeconds > 0 ? ['EXPIRE', k, String(req.ttlSeconds)] : ['PERSIST', k], ['PTTL', k]]);
  ok(set, req.ttlSeconds > 0 ? 'EXPIRE' : 'PERSIST');
  const ms = ok(ttl, 'PTTL');
  if (ms === -2) throw new UserError(l10n.t('{0} no longer exists', labelOf(req.key)));
  return { ttlMs: typeof ms === 'number' ? ms : -1 };
}

/** Removes the given keys (UNLINK: the memory is freed in the background); answers how many were there. */
export async function deleteKeys(pipe: RedisPipe, req: { db: number; keys: KeyRef[] }): Promise<{ deleted: number }> {
  await select(pipe, req.db);
  let deleted = 0;
  for (let i = 0; i < req.keys.length; i += BATCH) {
    const n = ok(await pipe.call(['UNLINK', ...req.keys.slice(i, i + BATCH).map(keyBytes)]), 'UNLINK');
    deleted += typeof n === 'number' ? n : 0;
  }
  return { deleted };
}

/** Walks the whole keyspace matching `match` with SCAN, handing each batch of names to `each`. */
async function walk(
  pipe: RedisPipe,
  db: number,
  match: string,
  each: (keys: Buffer[]) => Promise<void>,
  cancelled: () => boolean,
): Promise<void> {
  await select(pipe, db);
  let cursor = '0';
  do {
    if (cancelled()) throw new UserError('cancelled');
    const v = ok(await pipe.call(['SCAN', cursor, 'MATCH', match, 'COUNT', String(BATCH)]), 'SCAN');
    if (!Array.isArray(v) || v.length !== 2 || !Array.isArray(v[1])) throw new UserError(l10n.t('SCAN answered something unexpected'));
    cursor = replyText(v[0]) ?? '0';
    const keys = v[1].filter((k): k is Buffer => Buffer.isBuffer(k));
    if (keys.length) await each(keys);
  } while (cursor !== '0');
}

/** How many keys match `match` (SCAN, never KEYS): shown before a delete by pattern. */
export async function countMatching(
  pipe: RedisPipe,
  req: { db: number; match: string },
  cancelled = () => false,
): Promise<{ count: number }> {
  // SCAN may return a key twice while the keyspace rehashes: counted once.
  const seen = new Set<string>();
  await walk(
    pipe,
    req.db,
    req.match,
    async (keys) => {
      for (const k of keys) seen.add(k.toString('latin1'));
    },
    cancelled,
  );
  return { count: seen.size };
}

/** Deletes every key matching `match`, batch by batch as SCAN finds them (UNLINK); answers how many went. */
export async function deleteMatching(
  pipe: RedisPipe,
  req: { db: number; match: string },
  progress: (deleted: number) => void = () => undefined,
  cancelled = () => false,
): Promise<{ deleted: number; batches: number }> {
  let deleted = 0;
  let batches = 0;
  await walk(
    pipe,
    req.db,
    req.match,
    async (keys) => {
      const n = ok(await pipe.call(['UNLINK', ...keys]), 'UNLINK');
      deleted += typeof n === 'number' ? n : 0;
      batches++;
      progress(deleted);
    },
    cancelled,
  );
  return { deleted, batches };
}

/** The bytes a key and its value take in the cache's memory (MEMORY USAGE, sampling nested values). */
export async function memoryUsage(pipe: RedisPipe, req: { db: number; key: KeyRef }): Promise<{ bytes: number }> {
  await select(pipe, req.db);
  const n = ok(await pipe.call(['MEMORY', 'USAGE', keyBytes(req.key)]), 'MEMORY USAGE');
  if (n === null) throw new UserError(l10n.t('{0} no longer exists', labelOf(req.key)));
  return { bytes: typeof n === 'number' ? n : 0 };
}
