// Delete Key…: a memcached value removed by key (from an item row, or typed), after a confirmation.
import * as vscode from 'vscode';
import { CommandFailure, type FakecloudCommand } from '../command';
import { keyInput } from './keyInput';
import { itemKeyOf, memcachedTarget } from './memcachedTarget';

export const deleteMemcachedKey: FakecloudCommand = {
  id: 'fakecloud.deleteMemcachedKey',
  async run(ctx, arg) {
    const r = await memcachedTarget(ctx, arg, 'Delete Key');
    if (!r) return;
    const name = r.displayName ?? r.name;
    const key = itemKeyOf(arg) ?? (await keyInput(`Delete Key from ${name}`));
    if (key === undefined) return;
    const ok = await vscode.window.showWarningMessage(`Delete ${key} from ${name}?`, { modal: true }, 'Delete');
    if (ok !== 'Delete') return;
    let deleted: boolean;
    try {
      ({ deleted } = await ctx.client.request('memcached/delete', { resourceId: r.id, key }));
    } catch (err) {
      throw new CommandFailure(`Delete ${key} from ${name}`, err);
    }
    ctx.items.forget(r.id);
    vscode.window.setStatusBarMessage(deleted ? `Deleted ${key}` : `${name} held no ${key}`, 4000);
  },
};
