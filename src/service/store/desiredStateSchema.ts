// The shape of each entry of the desired state, checked when the file is read: one
// bad entry (null, nameless, a wrong type) is set aside and reported, and the others
// are still reconciled. Unknown fields are kept, so a file written by a slightly newer
// build of the same schema loses nothing.
import { z } from 'zod';
import type { CacheSpec } from '../runtime/caches/cacheSpec';
import type { FunctionSpec } from '../runtime/functions/functionSpec';
import type { InstanceSpec } from '../runtime/instances/instanceSpec';

const name = z.string().min(1);
const networkMode = z.enum(['bridge', 'host']);
const port = z.number().int().min(1).max(65535);
const placement = {
  backend: z.enum(['docker', 'kubernetes']).optional(),
  podName: z.string().min(1).optional(),
  spawns: z.number().int().min(0).optional(),
  kube: z.object({ server: z.string(), namespace: z.string() }).optional(),
};

/** The stack that made an entry (its name, and the key of its file's folder). */
const stackOf = z.object({ name: z.string().min(1), scope: z.string().min(1) });

// Typed as the runtime's own specs: a schema that drifts from them does not compile.
export const cacheEntry: z.ZodType<CacheSpec> = z.looseObject({
  ...placement,
  name,
  engine: z.enum(['redis', 'memcached']),
  image: name,
  networkMode,
  port: port.optional(),
  volume: name.optional(),
  hostPort: port.optional(),
  stack: stackOf.optional(),
  createdAt: z.string(),
});

export const instanceEntry: z.ZodType<InstanceSpec> = z.looseObject({
  ...placement,
  instanceId: z.string().regex(/^i-[0-9a-f]{8,}$/),
  name: z.string(),
  tags: z.record(z.string(), z.string()),
  image: name,
  userData: z.string().optional(),
  networkMode,
  desired: z.enum(['running', 'stopped']),
  stack: stackOf.optional(),
  createdAt: z.string(),
});

export const functionEntry: z.ZodType<FunctionSpec> = z.looseObject({
  ...placement,
  name,
  runtime: name,
  image: name,
  handler: name,
  environment: z.record(z.string(), z.string()),
  networkMode,
  port: port.optional(),
  apiPort: port.optional(),
  deployId: name,
  codeSource: z.string(),
  codeArchive: z.string(),
  desired: z.enum(['running', 'stopped']),
  memory: z.number().int().min(128).max(10240).optional(),
  timeout: z.number().int().min(1).max(900).optional(),
  stack: stackOf.optional(),
  createdAt: z.string(),
});

export interface Rejected {
  kind: 'caches' | 'instances' | 'functions';
  key: string;
  value: unknown;
  reason: string;
}

/** Splits one kind's record into the entries that are valid (keyed as their own name says) and those that are not. */
export function checkEntries<T>(
  kind: Rejected['kind'],
  raw: unknown,
  schema: z.ZodType<T>,
  keyOf: (v: T) => string,
): { valid: Record<string, T>; rejected: Rejected[] } {
  const valid: Record<string, T> = {};
  const rejected: Rejected[] = [];
  if (raw === undefined) return { valid, rejected };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    rejected.push({ kind, key: '*', value: raw, reason: `${kind} is not an object` });
    return { valid, rejected };
  }
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      rejected.push({ kind, key, value, reason: `${where}${issue?.message ?? 'invalid'}` });
      continue;
    }
    if (keyOf(parsed.data) !== key) {
      rejected.push({ kind, key, value, reason: `it is listed as "${key}" but names itself "${keyOf(parsed.data)}"` });
      continue;
    }
    valid[key] = parsed.data;
  }
  return { valid, rejected };
}
