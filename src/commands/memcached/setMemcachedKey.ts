// Set Key…: a memcached value stored by key (set: made or replaced), with an optional time to live up to 30 days.
import * as vscode from 'vscode';
import { parseTtl } from '../../protocol/keyDocument';
import { CommandFailure, type FakecloudCommand } from '../command';
import { keyInput } from './keyInput';
import { itemKeyOf, memcachedTarget } from './memcachedTarget';
import { l10n } from '../../protocol/l10n';

/** memcached reads a larger expiry as a Unix time. */
const MAX_TTL = 30 * 86_400;

export const setMemcachedKey: FakecloudCommand = {
  id: 'fakecloud.setMemcachedKey',
  async run(ctx, arg) {
    const r = await memcachedTarget(ctx, arg, l10n.t('Set Key'));
    if (!r) return;
    const name = r.displayName ?? r.name;
    const key = await keyInput(l10n.t('Set Key in {0}', name), itemKeyOf(arg) ?? '');
    if (key === undefined) return;
    const value = await vscode.window.showInputBox({
      title: l10n.t('Set {0} in {1}: value', key, name),
      prompt: l10n.t('Stored as UTF-8 text'),
    });
    if (value === undefined) return;
    const ttlTyped = await vscode.window.showInputBox({
      title: l10n.t('Set {0}: time to live', key),
      prompt: l10n.t('Empty for none; seconds, or 15m, 2h, 7d (at most 30d)'),
      validateInput: (v) => {
        const t = parseTtl(v);
        if ('error' in t) return t.error;
        return t.seconds > MAX_TTL ? l10n.t('memcached keeps a time to live of at most 30 days') : undefined;
      },
    });
    if (ttlTyped === undefined) return;
    const ttl = parseTtl(ttlTyped);
    try {
      await ctx.client.request('memcached/set', { resourceId: r.id, key, value, ttlSeconds: 'seconds' in ttl ? ttl.seconds : 0 });
    } catch (err) {
      throw new CommandFailure(l10n.t('Set {0} in {1}', key, name), err);
    }
    ctx.items.forget(r.id);
    vscode.window.setStatusBarMessage(l10n.t('Stored {0} in {1}', key, name), 4000);
  },
};
