// Delete Key…: a memcached value removed by key (from an item row, or typed), after a confirmation.
import * as vscode from 'vscode';
import { CommandFailure, type FakecloudCommand } from '../command';
import { keyInput } from './keyInput';
import { itemKeyOf, memcachedTarget } from './memcachedTarget';
import { l10n } from '../../protocol/l10n';

export const deleteMemcachedKey: FakecloudCommand = {
  id: 'fakecloud.deleteMemcachedKey',
  async run(ctx, arg) {
    const r = await memcachedTarget(ctx, arg, l10n.t('Delete Key'));
    if (!r) return;
    const name = r.displayName ?? r.name;
    const key = itemKeyOf(arg) ?? (await keyInput(l10n.t('Delete Key from {0}', name)));
    if (key === undefined) return;
    const ok = await vscode.window.showWarningMessage(l10n.t('Delete {0} from {1}?', key, name), { modal: true }, l10n.t('Delete'));
    if (ok !== l10n.t('Delete')) return;
    let deleted: boolean;
    try {
      ({ deleted } = await ctx.client.request('memcached/delete', { resourceId: r.id, key }));
    } catch (err) {
      throw new CommandFailure(l10n.t('Delete {0} from {1}', key, name), err);
    }
    ctx.items.forget(r.id);
    vscode.window.setStatusBarMessage(deleted ? l10n.t('Deleted {0}', key) : l10n.t('{0} held no {1}', name, key), 4000);
  },
};
