// Delete Keys Matching…: every key of a database matching a pattern (the cache's filter offered), counted first
// and the count confirmed, then removed batch by batch (SCAN + UNLINK) under a progress that can be cancelled
// between batches. An empty pattern is not taken: "all keys" is typed as *.
import * as vscode from 'vscode';
import { CommandCancelled, CommandFailure, type FakecloudCommand } from '../command';
import { runOperation } from '../runOperation';
import { keyTarget } from './keyTarget';

export const deleteMatchingKeys: FakecloudCommand = {
  id: 'fakecloud.deleteMatchingKeys',
  async run(ctx, arg) {
    const t = await keyTarget(ctx, arg, 'Delete Keys Matching');
    if (!t) return;
    const where = `${t.cacheName} · db${t.db}`;
    const match = await vscode.window.showInputBox({
      title: `Delete Keys Matching… in ${where}`,
      prompt: 'A glob as SCAN takes it (* any characters, ? one, [a-z] a range); * for every key of the database',
      value: ctx.keys.filters[t.resourceId] ?? (t.prefix ? `${t.prefix}*` : ''),
      validateInput: (v) =>
        v.trim() === '' ? 'A pattern is needed (* for every key)' : v.length > 512 ? 'At most 512 characters' : undefined,
    });
    if (match === undefined) return;
    const pattern = match.trim();
    let count: number;
    try {
      ({ count } = await runOperation(ctx, `Counting keys matching ${pattern} in ${where}`, true, (operationId) =>
        ctx.client.request('cache/keysCount', { resourceId: t.resourceId, db: t.db, match: pattern, operationId }),
      ));
    } catch (err) {
      if (err instanceof CommandCancelled) throw err;
      throw new CommandFailure(`Count keys matching ${pattern}`, err);
    }
    if (count === 0) {
      void vscode.window.showInformationMessage(`No key in ${where} matches ${pattern}: nothing to delete.`);
      return;
    }
    const n = count.toLocaleString('en-US');
    const ok = await vscode.window.showWarningMessage(
      `Delete ${n} key${count === 1 ? '' : 's'} matching ${pattern} from ${where}?`,
      {
        modal: true,
        detail: 'They are removed in batches as they are found; keys written meanwhile that match go too. A cache has no undo.',
      },
      `Delete ${n}`,
    );
    if (ok !== `Delete ${n}`) return;
    try {
      const res = await runOperation(ctx, `Deleting keys matching ${pattern} in ${where}`, true, (operationId) =>
        ctx.client.request('cache/keysDeleteMatching', { resourceId: t.resourceId, db: t.db, match: pattern, operationId }),
      );
      vscode.window.setStatusBarMessage(`Deleted ${res.deleted.toLocaleString('en-US')} keys matching ${pattern}`, 5000);
    } finally {
      // Cancelled or not, some may have gone.
      ctx.keys.forget(t.resourceId);
    }
  },
};
