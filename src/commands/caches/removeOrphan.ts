// Remove an orphan (ours by label, not in the desired state): the container, and
// its data only if the user says so. Nothing is ever removed with its data automatically.
import * as vscode from 'vscode';
import type { FakecloudCommand } from '../command';
import { resourceAction } from '../resourceAction';
import { l10n } from '../../protocol/l10n';

const DETAIL = l10n.t(
  'It carries Fakecloud Explorer’s label but is not in its desired state (left over from a crash, an earlier deploy, or another machine’s state).',
);

export const removeOrphan: FakecloudCommand = {
  id: 'fakecloud.removeOrphan',
  run: (ctx, arg) =>
    resourceAction(ctx, arg, {
      title: l10n.t('Remove Orphan'),
      filter: (x) => x.orphan === true,
      verb: l10n.t('Removing'),
      // Only a cache has data of its own (its volume); other kinds are just their container.
      confirm: async (r) =>
        r.kind === 'cache'
          ? vscode.window.showWarningMessage(
              l10n.t('Remove the orphaned cache {0}?', r.name),
              { modal: true, detail: DETAIL },
              l10n.t('Remove Container'),
              l10n.t('Remove Container and Data'),
            )
          : vscode.window.showWarningMessage(
              l10n.t('Remove the orphaned {0} {1} ({2})?', r.kind, r.displayName ?? r.name, r.containerName),
              { modal: true, detail: DETAIL },
              l10n.t('Remove Container'),
            ),
      call: (c, r, _op, choice) =>
        c.client.request('cache/removeOrphan', { resourceId: r.id, removeData: choice === l10n.t('Remove Container and Data') }),
      done: (res) => `removed${res.removedVolume ? l10n.t(' with {0}', res.removedVolume) : ''}`,
    }),
};
