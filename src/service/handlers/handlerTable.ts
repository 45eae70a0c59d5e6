// The service's handlers, typed from the protocol's Methods table: each method's
// handler takes that method's params and returns its result (a wrong shape does not
// compile), and its params are checked at the edge by a schema whose output is that
// same params type. A table that misses a method does not compile either.
import { z } from 'zod';
import { RpcError } from '../../protocol/jsonRpcPeer';
import { ErrorCodes, type ClientNotifications, type MethodName, type Methods } from '../../protocol/rpc';

export type ClientNotificationName = keyof ClientNotifications;
import type { ClientSession } from '../clientSession';
import type { ServiceContext } from '../serviceContext';

export type MethodHandler<M extends MethodName> = (
  ctx: ServiceContext,
  session: ClientSession,
  params: Methods[M][0],
) => Promise<Methods[M][1]>;

export interface HandlerEntry<M extends MethodName> {
  params: z.ZodType<Methods[M][0]>;
  handle: MethodHandler<M>;
}

export type HandlerTable<K extends MethodName = MethodName> = { [M in K]: HandlerEntry<M> };

/** Declares a module's handlers: checked against the protocol, method by method. */
export function handlers<K extends MethodName>(table: HandlerTable<K>): HandlerTable<K> {
  return table;
}

/** A notification the client sends: its params checked by the schema, then handled; nothing is answered. */
export interface NotificationEntry<N extends ClientNotificationName> {
  params: z.ZodType<ClientNotifications[N]>;
  handle: (ctx: ServiceContext, session: ClientSession, params: ClientNotifications[N]) => void;
}

export type NotificationTable<K extends ClientNotificationName = ClientNotificationName> = { [N in K]: NotificationEntry<N> };

/** Declares a module's notification handlers: checked against the protocol, name by name. */
export function notificationHandlers<K extends ClientNotificationName>(table: NotificationTable<K>): NotificationTable<K> {
  return table;
}

/** Params that fail their schema: which field, and what is wrong with it. */
export function invalidParams(method: string, error: z.ZodError): RpcError {
  const issue = error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'the parameters';
  return new RpcError(ErrorCodes.InvalidParams, `${method}: ${where}: ${issue?.message ?? 'invalid'}`);
}

// Pieces the schemas share.
export const nonEmpty = z.string().min(1, 'must be a non-empty string');
export const resourceRef = z.object({ resourceId: nonEmpty });
export const operationId = nonEmpty.optional();
export const backendChoice = z.enum(['docker', 'kubernetes']).optional();
/** The stack that makes a resource: its name, and the key of its file's folder. */
export const stackRef = z.object({ name: nonEmpty.max(40), scope: z.string().regex(/^[0-9a-f]{12}$/) });
export const noParams = z.object({}).transform((): Record<string, never> => ({}));
export const wholeNumber = (min: number, max: number) => z.number().int().min(min).max(max);

/** A lifecycle action on one resource (stop, start, terminate…): its id in, `{ ok }` out, run as an operation. */
export function lifecycleAction(run: (ctx: ServiceContext, resourceId: string) => Promise<unknown>) {
  return {
    params: resourceRef,
    handle: async (ctx: ServiceContext, session: ClientSession, p: { resourceId: string }): Promise<{ ok: true }> => {
      await ctx.operations.run(session, undefined, () => run(ctx, p.resourceId));
      return { ok: true };
    },
  };
}
