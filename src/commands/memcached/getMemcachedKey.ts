// Get Key…: a memcached value by its key (from an item row, or typed), shown in a read-only tab; bytes that are
// not UTF-8 escaped. A key that is not there says so.
import * as vscode from 'vscode';
import { CommandFailure, type FakecloudCommand } from '../command';
import { keyInput } from './keyInput';
import { itemKeyOf, memcachedTarget } from './memcachedTarget';

export const getMemcachedKey: FakecloudCommand = {
  id: 'fakecloud.getMemcachedKey',
  async run(ctx, arg) {
    const r = await memcachedTarget(ctx, arg, 'Get Key');
    if (!r) return;
    const name = r.displayName ?? r.name;
    const key = itemKeyOf(arg) ?? (await keyInput(`Get Key from ${name}`));
    if (key === undefined) return;
    try {
      const v = await ctx.client.request('memcached/get', { resourceId: r.id, key });
      if (!v.found) {
        void vscode.window.showInformationMessage(`${name} holds no ${key} (never set, expired or evicted).`);
        return;
      }
      await ctx.results.show(`memcached/${name}/${key}${v.binary ? ' (escaped)' : ''}`, v.text ?? '');
      vscode.window.setStatusBarMessage(`${key}: ${v.bytes ?? 0} bytes, flags ${v.flags ?? 0}`, 5000);
    } catch (err) {
      throw new CommandFailure(`Get ${key} from ${name}`, err);
    }
  },
};
