// A stack's plan: the file's items against what exists → what is created, changed (an image changed: the
// health-gated update), left alone, removed (made by this stack, no longer in the file) and what cannot be touched
// (a resource of that name that another stack, a fakecloud server or someone by hand made). Pure.
import * as crypto from 'node:crypto';
import * as path from 'node:path';
import { l10n } from '../../protocol/l10n';
import type { PlanStep, Stack, StackPlan, StackResource } from '../../protocol/stack';

/**
 * The key of the folder a stack file is in. Resources carry it beside the stack's name, so two workspaces with
 * stacks of one name each see only their own: names on an engine stay global, and one made by the other is a conflict.
 */
export function stackScope(file: string): string {
  return crypto
    .createHash('sha256')
    .update(path.resolve(path.dirname(file)))
    .digest('hex')
    .slice(0, 12);
}

const KIND_ORDER = { cache: 0, instance: 1, function: 2 } as const;

export function planStack(stack: Stack, scope: string, current: readonly StackResource[]): StackPlan {
  const steps: PlanStep[] = [];
  const listed = new Set<string>();
  for (const item of stack.items) {
    listed.add(`${item.kind}/${item.name}`);
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
  steps.sort((a, b) => Number(a.action === 'remove') - Number(b.action === 'remove') || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
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
  return lines.join('\n') + '\n';
}
