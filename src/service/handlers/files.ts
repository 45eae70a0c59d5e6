// A running resource's files: list, read, write, delete, make folders, rename; Download and Upload as operations
// with progress and Cancel. A FileError travels as data.fileError, for the window's file system to raise the error
// VS Code expects (a save to a path that appeared meanwhile, a folder that is gone).
import { z } from 'zod';
import { RpcError } from '../../protocol/jsonRpcPeer';
import { l10n } from '../../protocol/l10n';
import { ErrorCodes } from '../../protocol/rpc';
import { FileError } from '../runtime/files/resourceFiles';
import type { ServiceContext } from '../serviceContext';
import type { ClientSession } from '../clientSession';
import type { OperationContext } from '../runtime/images';
import { handlers, nonEmpty, operationId, resourceRef } from './handlerTable';

const at = resourceRef.extend({ path: nonEmpty.max(4096) });

async function fileCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof FileError) throw new RpcError(ErrorCodes.Internal, err.message, { fileError: err.code });
    throw err;
  }
}

const browser = (ctx: ServiceContext) => ctx.files;

/** A copy in or out: an operation every window sees, with progress and Cancel, under the resource's name. */
function copyOperation<T>(
  ctx: ServiceContext,
  session: ClientSession,
  resourceId: string,
  operationId: string | undefined,
  title: (name: string) => string,
  run: (op: OperationContext) => Promise<T>,
): Promise<T> {
  const r = ctx.model.get(resourceId);
  const name = r?.displayName ?? r?.name ?? resourceId;
  return fileCall(() => ctx.operations.run(session, operationId, run, { title: title(name), resourceId, resourceName: name }));
}

export const fileHandlers = handlers({
  'files/list': {
    params: at,
    handle: (ctx, _s, p) => fileCall(async () => ({ entries: await browser(ctx).list(p.resourceId, p.path) })),
  },
  'files/stat': {
    params: at,
    handle: (ctx, _s, p) => fileCall(() => browser(ctx).stat(p.resourceId, p.path)),
  },
  'files/read': {
    params: at,
    handle: (ctx, _s, p) => fileCall(async () => ({ base64: (await browser(ctx).read(p.resourceId, p.path)).toString('base64') })),
  },
  'files/write': {
    params: at.extend({ base64: z.string().max(16 * 1024 * 1024), create: z.boolean(), overwrite: z.boolean() }),
    handle: (ctx, _s, p) =>
      fileCall(async () => {
        await browser(ctx).write(p.resourceId, p.path, Buffer.from(p.base64, 'base64'), p.create, p.overwrite);
        return { ok: true as const };
      }),
  },
  'files/delete': {
    params: at.extend({ recursive: z.boolean() }),
    handle: (ctx, _s, p) =>
      fileCall(async () => {
        await browser(ctx).remove(p.resourceId, p.path, p.recursive);
        return { ok: true as const };
      }),
  },
  'files/mkdir': {
    params: at,
    handle: (ctx, _s, p) =>
      fileCall(async () => {
        await browser(ctx).mkdir(p.resourceId, p.path);
        return { ok: true as const };
      }),
  },
  'files/rename': {
    params: resourceRef.extend({ from: nonEmpty.max(4096), to: nonEmpty.max(4096), overwrite: z.boolean() }),
    handle: (ctx, _s, p) =>
      fileCall(async () => {
        await browser(ctx).rename(p.resourceId, p.from, p.to, p.overwrite);
        return { ok: true as const };
      }),
  },
  'files/download': {
    params: at.extend({ dest: nonEmpty.max(4096), overwrite: z.boolean(), operationId }),
    handle: (ctx, session, p) =>
      copyOperation(
        ctx,
        session,
        p.resourceId,
        p.operationId,
        (name) => l10n.t('Downloading {0} from {1}', p.path, name),
        (op) => browser(ctx).download(p.resourceId, p.path, p.dest, p.overwrite, op),
      ),
  },
  'files/upload': {
    params: at.extend({ sources: z.array(nonEmpty.max(4096)).min(1).max(1000), overwrite: z.boolean(), operationId }),
    handle: (ctx, session, p) =>
      copyOperation(
        ctx,
        session,
        p.resourceId,
        p.operationId,
        (name) => l10n.t('Uploading to {0} in {1}', p.path, name),
        (op) => browser(ctx).upload(p.resourceId, p.sources, p.path, p.overwrite, op),
      ),
  },
});
