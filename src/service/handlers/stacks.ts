// A workspace's stack file: read and planned against what exists (the file is read here, where the resources are
// made, so an Apply acts on exactly what was planned from), applied, taken down, and written from what exists.
import * as path from 'node:path';
import { z } from 'zod';
import { l10n } from '../../protocol/l10n';
import { STACK_KIND_ORDER, type PlanStep, type Stack, type StackOutcome, type StackPlan } from '../../protocol/stack';
import { UserError } from '../runtime/userError';
import { readStack, stackNameIn } from '../stacks/stackFile';
import { localStackFiles } from '../stacks/stackFolder';
import { ReadLimitError, readTextBounded } from '../../platform/boundedRead';
import { planDigest, planStack, planText, stackScope, type ServerView } from '../stacks/stackPlan';
import { stackResources } from '../stacks/stackResources';
import { applyPlan, checkOutcomes, outcomeText } from '../stacks/stackApply';
import { SERVER_TYPE, stackActions } from '../stacks/stackActions';
import { exportStack } from '../stacks/stackExport';
import type { ServiceContext } from '../serviceContext';
import { cacheSettingsOf, instanceSettingsOf } from '../serviceSettings';
import { handlers, nonEmpty, operationId } from './handlerTable';

/** A stack file is a page or two. */
const MAX_STACK_BYTES = 1024 * 1024;

function absolute(file: string): string {
  if (!path.isAbsolute(file)) throw new UserError(l10n.t('{0} is not an absolute path', file));
  return file;
}

/** The images a file need not name: the settings' own, defaults filled in as creates fill them. */
function images(ctx: ServiceContext) {
  const caches = cacheSettingsOf(ctx.settings);
  return { redis: caches.redisImage, memcached: caches.memcachedImage, instance: instanceSettingsOf(ctx.settings).image };
}

/** The stack file's text (or an editor's unsaved text of it): read bounded, off the event loop, whatever the path is. */
async function textOf(file: string, unsaved?: string): Promise<string> {
  if (unsaved !== undefined) return unsaved;
  try {
    return await readTextBounded(absolute(file), MAX_STACK_BYTES);
  } catch (err) {
    const why = err instanceof ReadLimitError ? err.message : ((err as NodeJS.ErrnoException).code ?? (err as Error).message);
    throw new UserError(l10n.t('the stack file {0} cannot be read: {1}', file, why));
  }
}

async function readFile(ctx: ServiceContext, file: string, unsaved?: string) {
  return readStack(await textOf(file, unsaved), file, images(ctx), localStackFiles);
}

/** The server a stack's `on: server` items go to: the one it names, else the first that answers. */
function serverView(ctx: ServiceContext, stack: Stack, scope: string): ServerView {
  const servers = ctx.model.snapshot().servers ?? [];
  const endpoint = stack.server
    ? servers.find((s) => s.endpoint === stack.server && s.state === 'connected')?.endpoint
    : servers.find((s) => s.state === 'connected')?.endpoint;
  const listed: ServerView['listed'] = [];
  for (const a of ctx.model.awsResources()) {
    if (a.server !== endpoint) continue;
    if (a.type === SERVER_TYPE.cache) listed.push({ kind: 'cache', name: a.awsId, awsId: a.awsId });
    else if (a.type === SERVER_TYPE.function) listed.push({ kind: 'function', name: a.awsId, awsId: a.awsId });
    else if (a.type === SERVER_TYPE.instance && a.status !== 'terminated' && a.status !== 'shutting-down')
      listed.push({ kind: 'instance', name: a.displayName ?? a.awsId, awsId: a.awsId });
  }
  return { ...(endpoint ? { endpoint } : {}), listed, made: ctx.stackJournal.made(scope, stack.name) };
}

/** What exists for a stack's plan: what an unfinished create left is not there. */
async function existing(ctx: ServiceContext) {
  return stackResources(ctx.model.snapshot().resources, await ctx.creations.unfinishedContainers());
}

export async function planFile(ctx: ServiceContext, file: string, unsaved?: string) {
  const read = await readFile(ctx, absolute(file), unsaved);
  if (!read.ok) return { problems: read.problems };
  const scope = stackScope(file);
  const plan = planStack(read.stack, scope, await existing(ctx), serverView(ctx, read.stack, scope));
  if (read.stack.files) plan.files = read.stack.files;
  return { plan, text: planText(plan), digest: planDigest(plan) };
}

/** Each outcome as it stands now (checkOutcomes), the engines listed afresh when something changed. */
async function checkedOutcomes(ctx: ServiceContext, plan: StackPlan, outcomes: StackOutcome[]): Promise<StackOutcome[]> {
  // The live model follows the engines' events; after changes it is listed afresh, so what was reported is checked.
  if (outcomes.some((o) => o.result === 'done')) await Promise.allSettled([ctx.docker.refresh(), ctx.kubernetes.refresh()]);
  return checkOutcomes(plan, outcomes, await existing(ctx));
}

/** What the stack of this file made: its resources here (by their labels) and on servers (by its journal). */
async function members(ctx: ServiceContext, file: string): Promise<StackPlan> {
  const text = await textOf(absolute(file));
  const scope = stackScope(file);
  // A file with problems still names its stack (its name, else its folder's): a Down finds what it made.
  const name = stackNameIn(text, file);
  const steps: PlanStep[] = [];
  for (const r of stackResources(ctx.model.snapshot().resources))
    if (r.stack?.scope === scope && r.stack.name === name)
      steps.push({ action: 'remove', kind: r.kind, name: r.name, reason: l10n.t('made by this stack'), resourceId: r.resourceId });
  const aws = ctx.model.awsResources();
  for (const m of ctx.stackJournal.made(scope, name)) {
    const there = aws.some((a) => a.server === m.server && a.type === SERVER_TYPE[m.kind] && a.awsId === m.awsId);
    steps.push({
      action: 'remove',
      kind: m.kind,
      name: m.name,
      reason: there ? l10n.t('made by this stack on the fakecloud server {0}', m.server) : l10n.t('no longer on the server'),
      server: m.server,
      awsId: m.awsId,
    });
  }
  steps.sort((a, b) => STACK_KIND_ORDER[a.kind] - STACK_KIND_ORDER[b.kind] || a.name.localeCompare(b.name));
  return { stack: name, scope, steps };
}

export const stackHandlers = handlers({
  'stack/plan': {
    params: z.object({ file: nonEmpty.max(4096), text: z.string().max(MAX_STACK_BYTES).optional() }),
    handle: (ctx, _session, p) => planFile(ctx, p.file, p.text),
  },
  'stack/apply': {
    params: z.object({ file: nonEmpty.max(4096), remove: z.boolean(), digest: z.string().regex(/^[0-9a-f]{64}$/), operationId }),
    handle: async (ctx, session, p) => {
      // Planned again here, and applied only when it is the plan the user was shown.
      const planned = await planFile(ctx, p.file);
      const plan = planned.plan;
      if (!plan) {
        const first = planned.problems?.[0];
        throw new UserError(
          l10n.t('{0}:{1}:{2}: {3}', p.file, first?.line ?? 1, first?.column ?? 1, first?.message ?? l10n.t('the file has problems')),
        );
      }
      if (planned.digest !== p.digest)
        throw new UserError(
          l10n.t(
            'the plan for {0} changed since it was shown (the file, a file it reads, or what exists changed): nothing was applied; look at the new plan and apply again',
            path.basename(p.file),
          ),
        );
      return ctx.operations.run(
        session,
        p.operationId,
        async (op) => {
          const applied = await applyPlan(plan, stackActions(ctx, ctx.stackJournal), { remove: p.remove }, op);
          const outcomes = await checkedOutcomes(ctx, plan, applied);
          return { outcomes, text: outcomeText(plan.stack, outcomes) };
        },
        { title: l10n.t('Applying stack {0}', plan.stack) },
      );
    },
  },
  'stack/members': {
    params: z.object({ file: nonEmpty.max(4096) }),
    handle: async (ctx, _session, p) => {
      const m = await members(ctx, p.file);
      return { stack: m.stack, scope: m.scope, steps: m.steps };
    },
  },
  'stack/down': {
    params: z.object({ file: nonEmpty.max(4096), removeData: z.boolean(), operationId }),
    handle: async (ctx, session, p) => {
      const plan = await members(ctx, p.file);
      return ctx.operations.run(
        session,
        p.operationId,
        async (op) => {
          const outcomes = await applyPlan(plan, stackActions(ctx, ctx.stackJournal), { remove: true, removeData: p.removeData }, op);
          return { outcomes, text: outcomeText(plan.stack, outcomes, 'taken down') };
        },
        { title: l10n.t('Taking down stack {0}', plan.stack) },
      );
    },
  },
  'stack/export': {
    params: z.object({ folder: nonEmpty.max(4096), format: z.enum(['yaml', 'json']).optional() }),
    handle: async (ctx, _session, p) => {
      const folder = absolute(p.folder);
      // A server's own resources: those its API lists, on servers that answer.
      const connected = new Set((ctx.model.snapshot().servers ?? []).filter((s) => s.state === 'connected').map((s) => s.endpoint));
      return exportStack({
        folder,
        caches: ctx.desiredState.caches(),
        instances: ctx.desiredState.instances(),
        functions: ctx.desiredState.functions(),
        aws: ctx.model.awsResources().filter((a) => connected.has(a.server)),
        defaults: images(ctx),
        format: p.format ?? 'yaml',
      });
    },
  },
});
