// A stack's plan: the file's items against what exists → what is created, changed (an image changed: the
// health-gated update), left alone, removed (made by this stack, no longer in the file) and what cannot be touched
// (a resource of that name that another stack, a fakecloud server or someone by hand made). Pure.
import { createHash } from 'node:crypto';
import { l10n } from '../../protocol/l10n';
import { oneLine } from '../../protocol/text';
import {
  STACK_KIND_ORDER,
  stackScope,
  type PlanStep,
  type Stack,
  type StackItem,
  type StackItemKind,
  type StackPlan,
  type StackResource,
} from '../../protocol/stack';
import type { ServerMade } from './stackJournal';

/** A fakecloud server as a stack's `on: server` items see it: what its API lists, and what this stack made there. */
export interface ServerView {
  /** The server those items go to; absent when none answers. */
  endpoint?: string;
  /** What that server's API lists, by the names a stack gives: a cluster's id, a function's name, an instance's Name tag. */
  listed: { kind: StackItemKind; name: string; awsId: string }[];
  /** What this stack made on servers (its journal). */
  made: ServerMade[];
}

const NO_SERVER: ServerView = { listed: [], made: [] };

function serverStep(item: StackItem, server: ServerView): PlanStep {
  const base = { kind: item.kind, name: item.name, item };
  if (!server.endpoint)
    return { ...base, action: 'conflict', reason: l10n.t('no fakecloud server answers: start one, or name it with server: in the file') };
  const there = server.listed.find((l) => l.kind === item.kind && l.name === item.name);
  if (there)
    return {
      ...base,
      action: 'keep',
      reason: l10n.t('on the fakecloud server {0}, as its API lists it', server.endpoint),
      server: server.endpoint,
      awsId: there.awsId,
    };
  return {
    ...base,
    action: 'create',
    reason: l10n.t('through the API of the fakecloud server {0}', server.endpoint),
    server: server.endpoint,
  };
}

export { stackScope };

export function planStack(stack: Stack, scope: string, current: readonly StackResource[], server: ServerView = NO_SERVER): StackPlan {
  const steps: PlanStep[] = [];
  const listed = new Set<string>();
  for (const item of stack.items) {
    listed.add(`${item.kind}/${item.name}`);
    if (item.target === 'server') {
      steps.push(serverStep(item, server));
      continue;
    }
    const there = current.filter((r) => r.kind === item.kind && r.name === item.name);
    const mine = there.find((r) => r.stack?.scope === scope);
    const other = there.find((r) => r.stack?.scope !== scope);
    if (mine) {
      if (item.image && mine.image !== item.image)
        steps.push({
          action: 'change',
          kind: item.kind,
          name: item.name,
          reason: l10n.t('image {0} → {1} (health-gated update, rolled back if not healthy)', mine.image, item.image),
          resourceId: mine.resourceId,
          item,
        });
      else if (item.cache?.port !== undefined && mine.port !== undefined && item.cache.port !== mine.port)
        steps.push({
          action: 'keep',
          kind: item.kind,
          name: item.name,
          reason: l10n.t(
            'runs on port {0}, the file says {1}: a port changes only when the cache is made again (Down, then Apply)',
            mine.port,
            item.cache.port,
          ),
          resourceId: mine.resourceId,
          item,
        });
      else
        steps.push({
          action: 'keep',
          kind: item.kind,
          name: item.name,
          reason: l10n.t('as the file says'),
          resourceId: mine.resourceId,
          item,
        });
    } else if (other)
      steps.push({
        action: 'conflict',
        kind: item.kind,
        name: item.name,
        reason:
          other.owner === 'fakecloud'
            ? l10n.t("a fakecloud server's {0} has this name: rename the item", item.kind)
            : other.owner === 'unknown'
              ? l10n.t('a {0} of this name exists and is not ours: rename the item', item.kind)
              : other.stack
                ? l10n.t('the stack {0} of another folder made a {1} of this name: rename the item', other.stack.name, item.kind)
                : l10n.t('a {0} of this name was made outside a stack: delete it, or rename the item', item.kind),
        resourceId: other.resourceId,
        item,
      });
    else steps.push({ action: 'create', kind: item.kind, name: item.name, reason: l10n.t('not there yet'), item });
  }
  for (const r of current)
    if (r.stack?.scope === scope && !listed.has(`${r.kind}/${r.name}`))
      steps.push({
        action: 'remove',
        kind: r.kind,
        name: r.name,
        reason: l10n.t('made by this stack, no longer in the file'),
        resourceId: r.resourceId,
      });
  // What it made on a server and the file no longer lists (or moved off the server), while the server still has it.
  for (const m of server.made) {
    const inFile = stack.items.some((i) => i.kind === m.kind && i.name === m.name && i.target === 'server');
    const still = m.server === server.endpoint && server.listed.some((l) => l.kind === m.kind && l.awsId === m.awsId);
    if (!inFile && still)
      steps.push({
        action: 'remove',
        kind: m.kind,
        name: m.name,
        reason: l10n.t('made by this stack on the fakecloud server {0}, no longer in the file', m.server),
        server: m.server,
        awsId: m.awsId,
      });
  }
  steps.sort(
    (a, b) => Number(a.action === 'remove') - Number(b.action === 'remove') || STACK_KIND_ORDER[a.kind] - STACK_KIND_ORDER[b.kind],
  );
  return { stack: stack.name, scope, steps };
}

/** The plan as a reader sees it: one line per item, a sign in front as in a diff. */
const ACTION_WORDS = {
  create: l10n.key('create'),
  change: l10n.key('change'),
  keep: l10n.key('keep'),
  remove: l10n.key('remove'),
  conflict: l10n.key('conflict'),
} as const;

export function planText(plan: StackPlan): string {
  const sign = { create: '+', change: '~', keep: ' ', remove: '-', conflict: '!' } as const;
  const lines = [l10n.t('# Stack {0}: the plan', plan.stack), ''];
  for (const s of plan.steps) lines.push(`${sign[s.action]} ${s.kind} ${s.name}: ${l10n.t(ACTION_WORDS[s.action])} — ${s.reason}`);
  if (plan.steps.length === 0) lines.push(l10n.t('(the file lists nothing, and nothing of this stack exists)'));
  if (plan.files?.length) {
    lines.push('', l10n.t('# Files Apply reads (each inside the stack file’s folder)'), '');
    for (const f of plan.files) {
      const what =
        f.role === 'user data'
          ? l10n.t('user data of instance {0}', f.item)
          : f.role === 'code'
            ? l10n.t('code of function {0}', f.item)
            : l10n.t('snapshot of cache {0}', f.item);
      // One line each, whatever the file wrote: a newline in a path cannot pass for a line of the plan.
      lines.push(`  ${oneLine(f.given)} — ${what}`);
    }
  }
  return lines.join('\n') + '\n';
}

/**
 * What an Apply must find unchanged to go ahead: every step's action, item (with the user data and paths it will
 * read) and target. Resource ids are left out: a container the reconciler made again is the same resource.
 */
export function planDigest(plan: StackPlan): string {
  const steps = plan.steps.map((s) => [s.action, s.kind, s.name, s.reason, s.server ?? '', s.awsId ?? '', s.item ?? null]);
  return createHash('sha256')
    .update(JSON.stringify([plan.stack, plan.scope, steps]))
    .digest('hex');
}
