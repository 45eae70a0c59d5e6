// Applying a stack's plan, a few steps at a time: each create goes through its kind's own create (journalled: a
// failed one leaves nothing behind), a changed image through the health-gated update, a removal only when asked.
// One step failing never stops the others; each is reported. Cancel stops before the next step starts.
import { l10n } from '../../protocol/l10n';
import type { PlanStep, StackItem, StackOutcome, StackPlan, StackResource } from '../../protocol/stack';
import type { OperationContext } from '../runtime/images';

/** What applying needs of the service: its kinds' creates, the update, and the deletes. */
export interface StackActions {
  createCache(item: StackItem, stack: { name: string; scope: string }, op: OperationContext): Promise<string>;
  launchInstance(item: StackItem, stack: { name: string; scope: string }, op: OperationContext): Promise<string>;
  deployFunction(item: StackItem, stack: { name: string; scope: string }, op: OperationContext): Promise<string>;
  /** Makes the item through a fakecloud server's API (and remembers that this stack made it). */
  createOnServer(item: StackItem, server: string, stack: { name: string; scope: string }, op: OperationContext): Promise<string>;
  update(resourceId: string, image: string, op: OperationContext): Promise<string>;
  /** A cache's data volume is kept unless `removeData`. */
  remove(step: PlanStep, stack: { name: string; scope: string }, opts: { removeData: boolean }): Promise<string>;
}

export type StepOutcome = StackOutcome;

/** How many steps run at once: creates wait mostly on engines starting, so a few overlap well. */
export const APPLY_CONCURRENCY = 4;

export async function applyPlan(
  plan: StackPlan,
  actions: StackActions,
  opts: { remove: boolean; removeData?: boolean; concurrency?: number },
  op: OperationContext,
): Promise<StepOutcome[]> {
  const stack = { name: plan.stack, scope: plan.scope };
  const n = plan.steps.length;
  const out: StepOutcome[] = new Array<StepOutcome>(n);
  let done = 0;
  const runStep = async (step: PlanStep): Promise<StepOutcome> => {
    const base = { action: step.action, kind: step.kind, name: step.name };
    if (op.signal?.aborted) return { ...base, result: 'skipped', message: l10n.t('not started: cancelled') };
    if (step.action === 'keep') return { ...base, result: 'kept', message: step.reason };
    if (step.action === 'conflict') return { ...base, result: 'failed', message: step.reason };
    if (step.action === 'remove' && !opts.remove)
      return { ...base, result: 'skipped', message: l10n.t('left in place: Apply with removal takes it away') };
    // Each step's own progress goes to the same notification, under the step's name.
    const stepOp: OperationContext = {
      ...op,
      progress: (m) => op.progress(l10n.t('{0}: {1}', step.name, m)),
      pastNoReturn: () => undefined,
    };
    try {
      let message: string;
      if (step.action === 'remove') message = await actions.remove(step, stack, { removeData: opts.removeData ?? false });
      else if (step.action === 'change') {
        if (!step.resourceId || !step.item?.image) throw new Error(l10n.t('nothing to change'));
        message = await actions.update(step.resourceId, step.item.image, stepOp);
      } else {
        const item = step.item;
        if (!item) throw new Error(l10n.t('nothing to create'));
        message =
          item.target === 'server'
            ? await actions.createOnServer(item, step.server ?? '', stack, stepOp)
            : item.kind === 'cache'
              ? await actions.createCache(item, stack, stepOp)
              : item.kind === 'instance'
                ? await actions.launchInstance(item, stack, stepOp)
                : await actions.deployFunction(item, stack, stepOp);
      }
      return { ...base, result: 'done', message };
    } catch (err) {
      return { ...base, result: 'failed', message: err instanceof Error ? err.message : String(err) };
    } finally {
      op.progress(l10n.t('{0} of {1} done', ++done, n));
    }
  };
  // A few at a time, each reported in the file's order whatever order they finish in.
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      out[i] = await runStep(plan.steps[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? APPLY_CONCURRENCY, n)) }, worker));
  return out;
}

/**
 * Outcomes checked against what exists once the apply is over: a step on Docker or Kubernetes reported made or kept
 * whose resource is not there (what an unfinished create left, removed since) fails, saying so, rather than being
 * reported applied.
 */
export function checkOutcomes(plan: StackPlan, outcomes: readonly StepOutcome[], here: readonly StackResource[]): StepOutcome[] {
  return outcomes.map((o, i) => {
    const step = plan.steps[i];
    const claimed = o.result === 'done' || o.result === 'kept';
    if (!claimed || step.item?.target === 'server' || step.action === 'remove' || step.action === 'conflict') return o;
    const there = here.some((r) => r.kind === o.kind && r.name === o.name && r.stack?.scope === plan.scope && r.stack.name === plan.stack);
    if (there) return o;
    return {
      ...o,
      result: 'failed',
      message:
        o.result === 'done'
          ? l10n.t('reported made, but it is not there now: Apply again')
          : l10n.t('planned as there, but it is not there now: Apply again'),
    };
  });
}

/** The outcome as a reader sees it, one line per item. */
export function outcomeText(stack: string, outcomes: readonly StepOutcome[], what: 'applied' | 'taken down' = 'applied'): string {
  const mark = { done: '✓', kept: '=', failed: '✗', skipped: '·' } as const;
  const lines = [what === 'applied' ? l10n.t('# Stack {0}: applied', stack) : l10n.t('# Stack {0}: taken down', stack), ''];
  for (const o of outcomes) lines.push(`${mark[o.result]} ${o.kind} ${o.name}: ${o.message}`);
  return lines.join('\n') + '\n';
}
