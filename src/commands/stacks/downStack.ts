// Down Stack: what the stack made (here by its labels, on fakecloud servers by its journal) taken away after a
// confirmation naming it; caches' data volumes on Docker are kept unless the user asks, so the next Apply finds
// their data again.
import * as vscode from 'vscode';
import { l10n } from '../../protocol/l10n';
import { CommandCancelled, type FakecloudCommand } from '../command';
import { runOperation } from '../runOperation';
import { pickStackFile } from './stackTarget';
import { requireTrustFor } from '../workspaceTrust';
import { reportOutcomes } from './stackOutcome';

export const downStack: FakecloudCommand = {
  id: 'fakecloud.downStack',
  run: async (ctx, arg) => {
    requireTrustFor(l10n.t('Down Stack'));
    const file = await pickStackFile(ctx, arg, l10n.t('Down Stack'));
    const members = await ctx.client.request('stack/members', { file });
    if (members.steps.length === 0) {
      void vscode.window.showInformationMessage(l10n.t('Nothing of stack {0} exists.', members.stack));
      return;
    }
    const names = members.steps.map((s) => `${s.kind} ${s.name}`).join(', ');
    const down = l10n.t('Take Down');
    const downAndData = l10n.t('Take Down and Delete Data');
    const choice = await vscode.window.showWarningMessage(
      l10n.t('Take down stack {0}?', members.stack),
      {
        modal: true,
        detail: l10n.t(
          'Removes {0}. Caches on Docker keep their data volumes for the next Apply, unless you delete them too; a cache on Kubernetes keeps its data in its Pod, which goes.',
          names,
        ),
      },
      down,
      downAndData,
    );
    if (!choice) throw new CommandCancelled(l10n.t('Down Stack: nothing removed'));
    const res = await runOperation(ctx, l10n.t('Taking down stack {0}', members.stack), true, (operationId) =>
      ctx.client.request('stack/down', { file, removeData: choice === downAndData, operationId }),
    );
    await reportOutcomes(ctx, members.stack, 'down', res);
  },
};
