// Apply Stack: the plan first, as a diff (+ create, ~ change, - remove, ! conflict), then a confirmation, then the
// apply with progress and Cancel; what each item came to is reported item by item.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { l10n } from '../../protocol/l10n';
import { planCounts } from '../../protocol/stack';
import { problemRange } from '../../views/workspaceStacks';
import { CommandCancelled, CommandFailure, type FakecloudCommand } from '../command';
import { runOperation } from '../runOperation';
import { pickStackFile } from './stackTarget';
import { requireTrustFor } from '../workspaceTrust';
import { reportOutcomes } from './stackOutcome';

export const applyStack: FakecloudCommand = {
  id: 'fakecloud.applyStack',
  run: async (ctx, arg) => {
    requireTrustFor(l10n.t('Apply Stack'));
    const file = await pickStackFile(ctx, arg, l10n.t('Apply Stack'));
    const planned = await ctx.client.request('stack/plan', { file });
    if (!planned.plan) {
      const first = planned.problems?.[0];
      const doc = await vscode.workspace.openTextDocument(file);
      const editor = await vscode.window.showTextDocument(doc);
      if (first) editor.selection = new vscode.Selection(problemRange(first).start, problemRange(first).end);
      await ctx.stacks.check(doc);
      throw new CommandFailure(
        l10n.t('Apply Stack'),
        new Error(
          l10n.plural(
            planned.problems?.length ?? 1,
            '{1} has a problem: line {2}: {3}',
            '{1} has {0} problems, the first at line {2}: {3}',
            path.basename(file),
            first?.line ?? 1,
            first?.message ?? '',
          ),
        ),
      );
    }
    const plan = planned.plan;
    await ctx.results.show(`stack/${plan.stack}.plan.diff`, planned.text ?? '', 'diff');
    const c = planCounts(plan.steps);
    const summary = [
      c.create && l10n.t('{0} to create', c.create),
      c.change && l10n.t('{0} to change', c.change),
      c.keep && l10n.t('{0} as they are', c.keep),
      c.remove && l10n.t('{0} no longer listed', c.remove),
      c.conflict && l10n.t('{0} in conflict', c.conflict),
    ]
      .filter(Boolean)
      .join(', ');
    if (c.create + c.change + c.remove === 0) {
      void vscode.window.showInformationMessage(l10n.t('Stack {0}: nothing to do ({1}).', plan.stack, summary || l10n.t('empty')));
      return;
    }
    const apply = l10n.t('Apply');
    const applyAndRemove = l10n.t('Apply and Remove {0}', c.remove);
    const buttons = c.remove ? [apply, applyAndRemove] : [apply];
    const choice = await vscode.window.showWarningMessage(
      l10n.t('Apply stack {0}?', plan.stack),
      {
        modal: true,
        detail: l10n.t(
          '{0}. The plan is open beside this. A changed image goes through the health-gated update and is rolled back if it is not healthy.{1}',
          summary,
          c.remove
            ? ' ' + l10n.t('What the file no longer lists is removed only with "Apply and Remove" (caches keep their data volumes).')
            : '',
        ),
      },
      ...buttons,
    );
    if (!choice) throw new CommandCancelled(l10n.t('Apply Stack: not applied'));
    const res = await runOperation(ctx, l10n.t('Applying stack {0}', plan.stack), true, (operationId) =>
      // The plan shown: the service applies it only if it is still the plan, and refuses otherwise.
      ctx.client.request('stack/apply', { file, remove: choice === applyAndRemove, digest: planned.digest ?? '', operationId }),
    );
    await reportOutcomes(ctx, plan.stack, 'apply', res);
  },
};
