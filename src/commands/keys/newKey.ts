// New Key…: a key made from the tree — its type, name (a folder's prefix offered), value in its type's shape and an
// optional time to live. Refused, changing nothing, when a key of that name exists. It opens once made.
import * as vscode from 'vscode';
import { KEY_TYPES, type KeyType } from '../../protocol/keys';
import { NEW_KEY_TEMPLATES, newKeyPlan, parseTtl } from '../../protocol/keyDocument';
import type { TreeNode } from '../../views/treeNodes';
import { CommandFailure, type FakecloudCommand } from '../command';
import { keyTarget } from './keyTarget';
import { l10n } from '../../protocol/l10n';

const TYPE_HELP: Record<KeyType, string> = {
  string: l10n.t('text, JSON or a number'),
  hash: l10n.t('fields and values: {"field": "value"}'),
  list: l10n.t('an ordered array: ["a", "b"]'),
  set: l10n.t('unique members: ["a", "b"]'),
  zset: l10n.t('members with scores: [{"member": "a", "score": 1}]'),
  stream: l10n.t('its first entry: {"field": "value"}'),
};

export const newKey: FakecloudCommand = {
  id: 'fakecloud.newKey',
  async run(ctx, arg) {
    const t = await keyTarget(ctx, arg, l10n.t('New Key'));
    if (!t) return;
    const where = `${t.cacheName} · db${t.db}`;
    const type = await vscode.window.showQuickPick(
      KEY_TYPES.map((k) => ({ label: k, description: TYPE_HELP[k] })),
      { title: l10n.t('New Key in {0}: type', where) },
    );
    if (!type) return;
    const kind = type.label;
    const name = await vscode.window.showInputBox({
      title: l10n.t('New {0} in {1}: name', kind, where),
      value: t.prefix,
      valueSelection: [t.prefix.length, t.prefix.length],
      validateInput: (v) => (v.length === 0 ? l10n.t('A key needs a name') : v.length > 64 * 1024 ? l10n.t('At most 64 KB') : undefined),
    });
    if (name === undefined) return;
    const template = NEW_KEY_TEMPLATES[kind].replace(/\s*\n\s*/g, ' ').trim();
    const value = await vscode.window.showInputBox({
      title: l10n.t('New {0} {1}: value', kind, name),
      prompt: TYPE_HELP[kind],
      value: template,
      validateInput: (v) => {
        const plan = newKeyPlan(name, kind, v, 0);
        return 'error' in plan ? plan.error : undefined;
      },
    });
    if (value === undefined) return;
    const ttlText = await vscode.window.showInputBox({
      title: l10n.t('New {0} {1}: time to live', kind, name),
      prompt: l10n.t('Empty for none; seconds, or 15m, 2h, 7d'),
      validateInput: (v) => {
        const r = parseTtl(v);
        return 'error' in r ? r.error : undefined;
      },
    });
    if (ttlText === undefined) return;
    const ttl = parseTtl(ttlText);
    const ttlSeconds = 'seconds' in ttl ? ttl.seconds : 0;
    try {
      await ctx.client.request('cache/keyCreate', { resourceId: t.resourceId, db: t.db, key: name, type: kind, text: value, ttlSeconds });
    } catch (err) {
      throw new CommandFailure(l10n.t('New Key {0}', name), err);
    }
    ctx.keys.forget(t.resourceId);
    vscode.window.setStatusBarMessage(l10n.t('Made {0} {1} in {2}', kind, name, where), 4000);
    const made: TreeNode = { type: 'key', resourceId: t.resourceId, db: t.db, key: { name, type: kind, ttlMs: ttlSeconds * 1000 || -1 } };
    await vscode.commands.executeCommand('fakecloud.openKey', made);
  },
};
