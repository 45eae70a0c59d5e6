// A workspace's stack file: read and planned against what exists (the file is read here, where the resources are
// made, so an Apply acts on exactly what was planned from).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { l10n } from '../../protocol/l10n';
import { UserError } from '../runtime/userError';
import { readStack } from '../stacks/stackFile';
import { planStack, planText, stackScope } from '../stacks/stackPlan';
import { stackResources } from '../stacks/stackResources';
import type { ServiceContext } from '../serviceContext';
import { handlers, nonEmpty } from './handlerTable';

/** A stack file is a page or two; a user data file at most EC2's 16 KB. */
const MAX_STACK_BYTES = 1024 * 1024;
const MAX_USER_DATA_BYTES = 16 * 1024;

function readLimited(file: string, max: number): string {
  const st = fs.statSync(file);
  if (!st.isFile()) throw new Error(l10n.t('not a file'));
  if (st.size > max) throw new Error(l10n.t('{0} bytes, more than {1}', st.size, max));
  return fs.readFileSync(file, 'utf8');
}

export function planFile(ctx: ServiceContext, file: string) {
  if (!path.isAbsolute(file)) throw new UserError(l10n.t('{0} is not an absolute path', file));
  let text: string;
  try {
    text = readLimited(file, MAX_STACK_BYTES);
  } catch (err) {
    throw new UserError(l10n.t('the stack file {0} cannot be read: {1}', file, (err as Error).message));
  }
  const s = ctx.settings;
  const images = {
    redis: s.redisImage ?? 'redis:7-alpine',
    memcached: s.memcachedImage ?? 'memcached:1.6-alpine',
    instance: s.instanceImage ?? 'amazonlinux:2023',
  };
  const read = readStack(text, file, images, (p) => readLimited(p, MAX_USER_DATA_BYTES));
  if (!read.ok) return { problems: read.problems };
  const plan = planStack(read.stack, stackScope(file), stackResources(ctx.model.snapshot().resources));
  return { plan, text: planText(plan) };
}

export const stackHandlers = handlers({
  'stack/plan': {
    params: z.object({ file: nonEmpty.max(4096) }),
    handle: async (ctx, _session, p) => planFile(ctx, p.file),
  },
});
