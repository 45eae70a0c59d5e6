// Making a cache cluster, an instance or a function on a fakecloud server through its AWS API (CreateCacheCluster,
// RunInstances, CreateFunction): the server makes the container, lists the resource, and acts on it from then on.
// The wizards ask what the API needs; what they share with the Docker wizards (user data, a code folder, a
// runtime) is asked by those wizards and handed in.
import * as vscode from 'vscode';
import { validateCacheName } from '../../protocol/cacheName';
import { CommandFailure, type CommandContext } from '../command';
import { runOperation } from '../runOperation';
import { l10n } from '../../protocol/l10n';

const hostOf = (server: string) => server.replace(/^https?:\/\//, '');

export async function createCacheOnServer(ctx: CommandContext, server: string): Promise<void> {
  const engine = await vscode.window.showQuickPick(
    [
      { label: l10n.t('Redis'), description: l10n.t('ElastiCache for Redis OSS'), engine: 'redis' as const },
      { label: l10n.t('Valkey'), description: l10n.t('ElastiCache for Valkey'), engine: 'valkey' as const },
      { label: 'memcached', description: l10n.t('ElastiCache for Memcached'), engine: 'memcached' as const },
    ],
    { title: l10n.t('Create Cache on fakecloud {0}: engine', hostOf(server)) },
  );
  if (!engine) return;
  const taken = new Set((ctx.view().aws ?? []).filter((a) => a.server === server && a.type === 'cache-cluster').map((a) => a.awsId));
  const id = await vscode.window.showInputBox({
    title: l10n.t('Create {0} Cache on fakecloud {1}: cache cluster id', engine.label, hostOf(server)),
    prompt: l10n.t('Letters, digits and hyphens; a letter first; at most 40 characters'),
    placeHolder: 'orders-cache',
    validateInput: (v) => validateCacheName(v) ?? (taken.has(v) ? l10n.t('The server already has a cluster "{0}".', v) : undefined),
  });
  if (!id) return;
  try {
    const res = await runOperation(ctx, l10n.t('Creating cache cluster {0} on fakecloud', id), false, (operationId) =>
      ctx.client.request('aws/createCache', { server, id, engine: engine.engine, operationId }),
    );
    const endpoint = res.endpoint ? `${res.endpoint.host}:${res.endpoint.port}` : undefined;
    void vscode.window
      .showInformationMessage(
        l10n.t('Cache cluster {0} is {1}{2}.', id, res.status, endpoint ? ` at ${endpoint}` : ''),
        ...(endpoint ? [l10n.t('Copy Endpoint')] : []),
      )
      .then((b) => (b && endpoint ? vscode.env.clipboard.writeText(endpoint) : undefined));
  } catch (err) {
    throw new CommandFailure(l10n.t('Create cache cluster {0}', id), err);
  }
}

export async function launchOnServer(
  ctx: CommandContext,
  server: string,
  req: { name: string; userData?: string; tags?: Record<string, string> },
): Promise<void> {
  const imageId = await vscode.window.showInputBox({
    title: l10n.t('Launch Instance on fakecloud {0}: image (AMI id)', hostOf(server)),
    prompt: l10n.t('The server maps it to its instance image'),
    value: 'ami-0abcdef1234567890',
    validateInput: (v) => (v.trim() ? undefined : l10n.t('An image id is needed, e.g. ami-0abcdef1234567890')),
  });
  if (!imageId) return;
  try {
    const res = await runOperation(ctx, l10n.t('Launching {0} on fakecloud', req.name || 'an instance'), false, (operationId) =>
      ctx.client.request('aws/runInstance', {
        server,
        imageId: imageId.trim(),
        ...(req.name ? { name: req.name } : {}),
        ...(req.userData ? { userData: req.userData } : {}),
        operationId,
      }),
    );
    vscode.window.setStatusBarMessage(l10n.t('$(check) {0} {1}', res.instanceId, res.state), 5000);
  } catch (err) {
    throw new CommandFailure(l10n.t('Launch instance {0}', req.name), err);
  }
}

export async function deployOnServer(
  ctx: CommandContext,
  server: string,
  req: { name: string; runtime: string; handler: string; codePath: string; environment?: Record<string, string> },
): Promise<void> {
  try {
    const res = await runOperation(ctx, l10n.t('Deploying {0} on fakecloud', req.name), false, (operationId) =>
      ctx.client.request('aws/createFunction', { server, ...req, operationId }),
    );
    vscode.window.setStatusBarMessage(l10n.t('$(check) {0} created on fakecloud ({1} files zipped)', res.name, res.files), 5000);
  } catch (err) {
    throw new CommandFailure(l10n.t('Deploy function {0}', req.name), err);
  }
}
