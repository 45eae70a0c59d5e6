// Making a cache cluster, an instance or a function on a fakecloud server through its AWS API (CreateCacheCluster,
// RunInstances, CreateFunction): the server makes the container, lists the resource, and acts on it from then on.
// The wizards ask what the API needs; what they share with the Docker wizards (user data, a code folder, a
// runtime) is asked by those wizards and handed in.
import * as vscode from 'vscode';
import { validateCacheName } from '../../protocol/cacheName';
import { CommandFailure, type CommandContext } from '../command';
import { runOperation } from '../runOperation';

const hostOf = (server: string) => server.replace(/^https?:\/\//, '');

export async function createCacheOnServer(ctx: CommandContext, server: string): Promise<void> {
  const engine = await vscode.window.showQuickPick(
    [
      { label: 'Redis', description: 'ElastiCache for Redis OSS', engine: 'redis' as const },
      { label: 'Valkey', description: 'ElastiCache for Valkey', engine: 'valkey' as const },
      { label: 'memcached', description: 'ElastiCache for Memcached', engine: 'memcached' as const },
    ],
    { title: `Create Cache on fakecloud ${hostOf(server)}: engine` },
  );
  if (!engine) return;
  const taken = new Set((ctx.view().aws ?? []).filter((a) => a.server === server && a.type === 'cache-cluster').map((a) => a.awsId));
  const id = await vscode.window.showInputBox({
    title: `Create ${engine.label} Cache on fakecloud ${hostOf(server)}: cache cluster id`,
    prompt: 'Letters, digits and hyphens; a letter first; at most 40 characters',
    placeHolder: 'orders-cache',
    validateInput: (v) => validateCacheName(v) ?? (taken.has(v) ? `The server already has a cluster "${v}".` : undefined),
  });
  if (!id) return;
  try {
    const res = await runOperation(ctx, `Creating cache cluster ${id} on fakecloud`, false, (operationId) =>
      ctx.client.request('aws/createCache', { server, id, engine: engine.engine, operationId }),
    );
    const endpoint = res.endpoint ? `${res.endpoint.host}:${res.endpoint.port}` : undefined;
    void vscode.window
      .showInformationMessage(
        `Cache cluster ${id} is ${res.status}${endpoint ? ` at ${endpoint}` : ''}.`,
        ...(endpoint ? ['Copy Endpoint'] : []),
      )
      .then((b) => (b && endpoint ? vscode.env.clipboard.writeText(endpoint) : undefined));
  } catch (err) {
    throw new CommandFailure(`Create cache cluster ${id}`, err);
  }
}

export async function launchOnServer(
  ctx: CommandContext,
  server: string,
  req: { name: string; userData?: string; tags?: Record<string, string> },
): Promise<void> {
  const imageId = await vscode.window.showInputBox({
    title: `Launch Instance on fakecloud ${hostOf(server)}: image (AMI id)`,
    prompt: 'The server maps it to its instance image',
    value: 'ami-0abcdef1234567890',
    validateInput: (v) => (v.trim() ? undefined : 'An image id is needed, e.g. ami-0abcdef1234567890'),
  });
  if (!imageId) return;
  try {
    const res = await runOperation(ctx, `Launching ${req.name || 'an instance'} on fakecloud`, false, (operationId) =>
      ctx.client.request('aws/runInstance', {
        server,
        imageId: imageId.trim(),
        ...(req.name ? { name: req.name } : {}),
        ...(req.userData ? { userData: req.userData } : {}),
        operationId,
      }),
    );
    vscode.window.setStatusBarMessage(`$(check) ${res.instanceId} ${res.state}`, 5000);
  } catch (err) {
    throw new CommandFailure(`Launch instance ${req.name}`, err);
  }
}

export async function deployOnServer(
  ctx: CommandContext,
  server: string,
  req: { name: string; runtime: string; handler: string; codePath: string; environment?: Record<string, string> },
): Promise<void> {
  try {
    const res = await runOperation(ctx, `Deploying ${req.name} on fakecloud`, false, (operationId) =>
      ctx.client.request('aws/createFunction', { server, ...req, operationId }),
    );
    vscode.window.setStatusBarMessage(`$(check) ${res.name} created on fakecloud (${res.files} files zipped)`, 5000);
  } catch (err) {
    throw new CommandFailure(`Deploy function ${req.name}`, err);
  }
}
