// Get Key…: a memcached value by its key (from an item row, or typed), shown in a read-only tab; bytes that are
// not UTF-8 escaped. A key that is not there says so.
import * as vscode from 'vscode';
import { CommandFailure, type FakecloudCommand } from '../command';
import { keyInput } from './keyInput';
import { itemKeyOf, memcachedTarget } from './memcachedTarget';
import { l10n } from '../../protocol/l10n';

export const getMemcachedKey: FakecloudCommand = {
  id: 'fakecloud.getMemcachedKey',
  async run(ctx, arg) {
    const r = await memcachedTarget(ctx, arg, l10n.t('Get Key'));
    if (!r) return;
    const name = r.displayName ?? r.name;
    const key = itemKeyOf(arg) ?? (await keyInput(l10n.t('Get Key from {0}', name)));
    if (key === undefined) return;
    try {
      const v = await ctx.client.request('memcached/get', { resourceId: r.id, key });
      if (!v.found) {
        void vscode.window.showInformationMessage(l10n.t('{0} holds no {1} (never set, expired or evicted).', name, key));
        return;
      }
      await ctx.results.show(`memcached/${name}/${key}${v.binary ? ' (escaped)' : ''}`, v.text ?? '');
      vscode.window.setStatusBarMessage(l10n.t('{0}: {1} bytes, flags {2}', key, v.bytes ?? 0, v.flags ?? 0), 5000);
    } catch (err) {
      throw new CommandFailure(l10n.t('Get {0} from {1}', key, name), err);
    }
  },
};
