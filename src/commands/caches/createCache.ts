// Create Cache: engine, a name checked as you type, then create with progress.
import * as vscode from 'vscode';
import { suggestCacheName, validateCacheName } from '../../protocol/cacheName';
import { CommandFailure, type FakecloudCommand } from '../command';
import { askWhere } from '../askWhere';
import { nodeOf } from '../pickResource';
import { runOperation } from '../runOperation';
import { createCacheOnServer } from '../servers/createOnServer';

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
    prompt: 'Letters, digits and hyphens; a letter first; at most 40 characters',
    placeHolder: 'orders-cache',
    validateInput: (v) => validateCacheName(v) ?? (taken.has(v.toLowerCase()) ? `A cache named "${v}" already exists.` : undefined),
  });
}

export const createCache: FakecloudCommand = {
  id: 'fakecloud.createCache',
  async run(ctx, arg) {
    const where = await askWhere(ctx, 'Create Cache', arg, 'elasticache');
    if (!where) return;
    if (typeof where !== 'string') return createCacheOnServer(ctx, where.server);
    const engine = await vscode.window.showQuickPick(
      [
        { label: 'Redis', description: 'data kept in a volume, snapshots', engine: 'redis' as const },
        { label: 'memcached', description: 'in memory only', engine: 'memcached' as const },
      ],
      { title: 'Create Cache: engine' },
    );
    if (!engine) return;
    const name = await askCacheName(ctx, `Create ${engine.label} Cache: name`);
    if (!name) return;
    try {
      const res = await runOperation(ctx, `Creating ${engine.label} cache ${name}`, true, (operationId) =>
        ctx.client.request('cache/create', { name, engine: engine.engine, backend: where, operationId }),
      );
      const endpoint = `${res.endpoint.host}:${res.endpoint.port}`;
      // What people do next with a new cache, one click away.
      void vscode.window
        .showInformationMessage(
          res.pod
            ? `Cache ${name} is ready as Pod ${res.pod}; Port Forward reaches it from this machine.`
            : `Cache ${name} is ready at ${endpoint}.`,
          'Open CLI',
          ...(res.pod ? [] : ['Copy Endpoint']),
        )
        .then(async (action) => {
          const r = ctx.client.snapshot?.resources.find((x) => x.kind === 'cache' && x.name === name);
          if (action === 'Open CLI' && r) await vscode.commands.executeCommand('fakecloud.openCacheCli', nodeOf(r));
          if (action === 'Copy Endpoint') await vscode.env.clipboard.writeText(endpoint);
        });
    } catch (err) {
      throw new CommandFailure(`Create cache ${name}`, err);
    }
  },
};
