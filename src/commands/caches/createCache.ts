// Create Cache: engine, a name checked as you type, then create with progress.
import * as vscode from 'vscode';
import { suggestCacheName, validateCacheName } from '../../protocol/cacheName';
import { CommandFailure, type FakecloudCommand } from '../command';
import { askWhere } from '../askWhere';
import { nodeOf } from '../pickResource';
import { runOperation } from '../runOperation';
import { createCacheOnServer } from '../servers/createOnServer';
import { l10n } from '../../protocol/l10n';

export async function askCacheName(
  ctx: { client: { snapshot?: { resources: { kind: string; name: string }[] } } },
  prompt: string,
  /** The file a restore starts from: the name suggested comes from it. */
  fromFile?: string,
): Promise<string | undefined> {
  const taken = new Set((ctx.client.snapshot?.resources ?? []).filter((r) => r.kind === 'cache').map((r) => r.name.toLowerCase()));
  return vscode.window.showInputBox({
    title: prompt,
    ...(fromFile ? { value: suggestCacheName(fromFile, taken) } : {}),
    prompt: l10n.t('Letters, digits and hyphens; a letter first; at most 40 characters'),
    placeHolder: 'orders-cache',
    validateInput: (v) =>
      validateCacheName(v) ?? (taken.has(v.toLowerCase()) ? l10n.t('A cache named "{0}" already exists.', v) : undefined),
  });
}

export const createCache: FakecloudCommand = {
  id: 'fakecloud.createCache',
  async run(ctx, arg) {
    const where = await askWhere(ctx, l10n.t('Create Cache'), arg, 'elasticache');
    if (!where) return;
    if (typeof where !== 'string') return createCacheOnServer(ctx, where.server);
    const engine = await vscode.window.showQuickPick(
      [
        { label: l10n.t('Redis'), description: l10n.t('data kept in a volume, snapshots'), engine: 'redis' as const },
        { label: 'memcached', description: l10n.t('in memory only'), engine: 'memcached' as const },
      ],
      { title: l10n.t('Create Cache: engine') },
    );
    if (!engine) return;
    const name = await askCacheName(ctx, l10n.t('Create {0} Cache: name', engine.label));
    if (!name) return;
    try {
      const res = await runOperation(ctx, l10n.t('Creating {0} cache {1}', engine.label, name), true, (operationId) =>
        ctx.client.request('cache/create', { name, engine: engine.engine, backend: where, operationId }),
      );
      const endpoint = `${res.endpoint.host}:${res.endpoint.port}`;
      // What people do next with a new cache, one click away.
      void vscode.window
        .showInformationMessage(
          res.pod
            ? l10n.t('Cache {0} is ready as Pod {1}; Port Forward reaches it from this machine.', name, res.pod)
            : l10n.t('Cache {0} is ready at {1}.', name, endpoint),
          l10n.t('Open CLI'),
          ...(res.pod ? [] : [l10n.t('Copy Endpoint')]),
        )
        .then(async (action) => {
          const r = ctx.client.snapshot?.resources.find((x) => x.kind === 'cache' && x.name === name);
          if (action === l10n.t('Open CLI') && r) await vscode.commands.executeCommand('fakecloud.openCacheCli', nodeOf(r));
          if (action === l10n.t('Copy Endpoint')) await vscode.env.clipboard.writeText(endpoint);
        });
    } catch (err) {
      throw new CommandFailure(l10n.t('Create cache {0}', name), err);
    }
  },
};
