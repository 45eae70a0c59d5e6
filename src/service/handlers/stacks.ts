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
import { handlers, nonEmpty, operationId } from './handlerTable';
import { applyPlan, outcomeText, type StackActions } from '../stacks/stackApply';
import type { StackItem } from '../../protocol/stack';

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

/** The service's own creates, update and deletes, as a stack applies them. */
function actionsOf(ctx: ServiceContext): StackActions {
  const backend = (item: StackItem) => (item.target === 'kubernetes' ? { backend: 'kubernetes' as const } : {});
  return {
    createCache: async (item, stack, op) => {
      const c = item.cache;
      if (!c) throw new Error(l10n.t('not a cache'));
      const res = await ctx.caches.create(
        {
          name: item.name,
          engine: c.engine,
          stack,
          ...backend(item),
          ...(item.image ? { image: item.image } : {}),
          ...(c.port ? { port: c.port } : {}),
          ...(c.snapshot ? { rdbPath: c.snapshot } : {}),
        },
        op,
      );
      return l10n.t('created, answering at {0}:{1}', res.endpoint.host, res.endpoint.port);
    },
    launchInstance: async (item, stack, op) => {
      const i = item.instance;
      const res = await ctx.instances.launch(
        {
          name: item.name,
          stack,
          tags: i?.tags ?? {},
          ...backend(item),
          ...(item.image ? { image: item.image } : {}),
          ...(i?.userData !== undefined ? { userData: { text: i.userData } } : {}),
        },
        op,
      );
      return l10n.t('launched as {0}', res.instanceId);
    },
    deployFunction: async (item, stack, op) => {
      const f = item.function;
      if (!f) throw new Error(l10n.t('not a function'));
      const res = await ctx.functions.deploy(
        {
          name: item.name,
          runtime: f.runtime,
          handler: f.handler,
          codePath: f.code,
          environment: f.environment,
          stack,
          ...backend(item),
          ...(f.memory ? { memory: f.memory } : {}),
          ...(f.timeout ? { timeout: f.timeout } : {}),
        },
        op,
      );
      return l10n.t('deployed, answering at {0}:{1}', res.endpoint.host, res.endpoint.port);
    },
    update: async (resourceId, image, op) => {
      const res = await ctx.updates.update(resourceId, image, op);
      if (res.outcome === 'rolled-back')
        throw new Error(l10n.t('rolled back to {0}: {1}', res.oldImageRef, res.detail ?? res.reason ?? ''));
      return l10n.t('updated to {0}', res.newImageRef);
    },
    remove: async (step) => {
      if (!step.resourceId) throw new Error(l10n.t('nothing to remove'));
      if (step.kind === 'cache') {
        const res = await ctx.caches.delete(step.resourceId);
        return res.keptVolumes.length ? l10n.t('removed; its data volume {0} is kept', res.keptVolumes.join(', ')) : l10n.t('removed');
      }
      if (step.kind === 'instance') await ctx.instances.terminate(step.resourceId);
      else await ctx.functions.delete(step.resourceId);
      return l10n.t('removed');
    },
  };
}

export const stackHandlers = handlers({
  'stack/plan': {
    params: z.object({ file: nonEmpty.max(4096) }),
    handle: async (ctx, _session, p) => planFile(ctx, p.file),
  },
  'stack/apply': {
    params: z.object({ file: nonEmpty.max(4096), remove: z.boolean(), operationId }),
    handle: (ctx, session, p) => {
      // Planned again here: what is applied is what exists now, not what a window saw a moment ago.
      const planned = planFile(ctx, p.file);
      const plan = planned.plan;
      if (!plan) {
        const first = planned.problems?.[0];
        throw new UserError(
          l10n.t('{0}:{1}:{2}: {3}', p.file, first?.line ?? 1, first?.column ?? 1, first?.message ?? l10n.t('the file has problems')),
        );
      }
      return ctx.operations.run(
        session,
        p.operationId,
        async (op) => {
          const outcomes = await applyPlan(plan, actionsOf(ctx), { remove: p.remove }, op);
          return { outcomes, text: outcomeText(plan.stack, outcomes) };
        },
        { title: l10n.t('Applying stack {0}', plan.stack) },
      );
    },
  },
});
