// What an apply or a down came to: every item's outcome in a document, and one line saying how it went.
import * as vscode from 'vscode';
import { l10n } from '../../protocol/l10n';
import type { StackOutcome } from '../../protocol/stack';
import { CommandFailure, type CommandContext } from '../command';

export async function reportOutcomes(
  ctx: CommandContext,
  stack: string,
  what: 'apply' | 'down',
  res: { outcomes: StackOutcome[]; text: string },
): Promise<void> {
  await ctx.results.show(`stack/${stack}.${what}.txt`, res.text);
  ctx.output.info(res.text);
  const failed = res.outcomes.filter((o) => o.result === 'failed');
  const done = res.outcomes.filter((o) => o.result === 'done').length;
  if (failed.length)
    throw new CommandFailure(
      what === 'apply' ? l10n.t('Apply Stack {0}', stack) : l10n.t('Down Stack {0}', stack),
      new Error(
        l10n.t(
          '{0} of {1} failed ({2}); {3} done. Each item’s outcome is in the document.',
          failed.length,
          res.outcomes.length,
          failed.map((o) => o.name).join(', '),
          done,
        ),
      ),
    );
  void vscode.window.showInformationMessage(
    what === 'apply' ? l10n.t('Stack {0} applied: {1} done.', stack, done) : l10n.t('Stack {0} taken down: {1} removed.', stack, done),
  );
}
