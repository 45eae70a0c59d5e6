// Delete Keys Matching…: every key of a database matching a pattern (the cache's filter offered), counted first
// and the count confirmed, then removed batch by batch (SCAN + UNLINK) under a progress that can be cancelled
// between batches. An empty pattern is not taken: "all keys" is typed as *.
import * as vscode from 'vscode';
import { CommandCancelled, CommandFailure, type FakecloudCommand } from '../command';
import { runOperation } from '../runOperation';
import { keyTarget } from './keyTarget';
import { l10n } from '../../protocol/l10n';

export const deleteMatchingKeys: FakecloudCommand = {
  id: 'fakecloud.deleteMatchingKeys',
  async run(ctx, arg) {
    const t = await keyTarget(ctx, arg, l10n.t('Delete Keys Matching'));
    if (!t) return;
    const where = `${t.cacheName} · db${t.db}`;
    const match = await vscode.window.showInputBox({
      title: l10n.t('Delete Keys Matching… in {0}', where),
      prompt: l10n.t('A glob as SCAN takes it (* any characters, ? one, [a-z] a range); * for every key of the database'),
      value: ctx.keys.filters[t.resourceId] ?? (t.prefix ? `${t.prefix}*` : ''),
      validateInput: (v) =>
        v.trim() === '' ? l10n.t('A pattern is needed (* for every key)') : v.length > 512 ? l10n.t('At most 512 characters') : undefined,
    });
    if (match === undefined) return;
    const pattern = match.trim();
    let count: number;
    try {
      ({ count } = await runOperation(ctx, l10n.t('Counting keys matching {0} in {1}', pattern, where), true, (operationId) =>
        ctx.client.request('cache/keysCount', { resourceId: t.resourceId, db: t.db, match: pattern, operationId }),
      ));
    } catch (err) {
      if (err instanceof CommandCancelled) throw err;
      throw new CommandFailure(l10n.t('Count keys matching {0}', pattern), err);
    }
    if (count === 0) {
      void vscode.window.showInformationMessage(l10n.t('No key in {0} matches {1}: nothing to delete.', where, pattern));
      return;
    }
    const n = count.toLocaleString('en-US');
    const ok = await vscode.window.showWarningMessage(
      l10n.plural(count, 'Delete {0} key matching {1} from {2}?', 'Delete {0} keys matching {1} from {2}?', pattern, where),
      {
        modal: true,
        detail: l10n.t('They are removed in batches as they are found; keys written meanwhile that match go too. A cache has no undo.'),
      },
      l10n.t('Delete {0}', n),
    );
    if (ok !== l10n.t('Delete {0}', n)) return;
    try {
      const res = await runOperation(ctx, l10n.t('Deleting keys matching {0} in {1}', pattern, where), true, (operationId) =>
        ctx.client.request('cache/keysDeleteMatching', { resourceId: t.resourceId, db: t.db, match: pattern, operationId }),
      );
      vscode.window.setStatusBarMessage(l10n.t('Deleted {0} keys matching {1}', res.deleted.toLocaleString('en-US'), pattern), 5000);
    } finally {
      // Cancelled or not, some may have gone.
      ctx.keys.forget(t.resourceId);
    }
  },
};
