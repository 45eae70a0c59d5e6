// Instance operations: thin — read the parameters, run the runtime (inside an operation where it is long).
import type { InstanceLaunchParams } from '../../protocol/instances';
import { RpcError } from '../../protocol/jsonRpcPeer';
import { ErrorCodes } from '../../protocol/rpc';
import type { Handler } from '../serviceContext';
import { optStr, str } from './params';
import { repairKey } from '../reconcile/planner';

function launchParams(params: unknown): InstanceLaunchParams {
  const p = (params ?? {}) as Record<string, unknown>;
  const out: InstanceLaunchParams = { name: str(params, 'name') };
  if (p.backend !== undefined) {
    if (p.backend !== 'docker' && p.backend !== 'kubernetes')
      throw new RpcError(ErrorCodes.InvalidParams, 'backend must be "docker" or "kubernetes"');
    out.backend = p.backend;
  }
  if (p.tags !== undefined) {
    if (typeof p.tags !== 'object' || p.tags === null || Array.isArray(p.tags))
      throw new RpcError(ErrorCodes.InvalidParams, 'tags must be an object of key → value');
    out.tags = p.tags as Record<string, string>;
  }
  const ud = p.userData as { text?: unknown; base64?: unknown } | undefined;
  if (ud !== undefined) {
    if (typeof ud?.text === 'string') out.userData = { text: ud.text };
    else if (typeof ud?.base64 === 'string') out.userData = { base64: ud.base64 };
    else throw new RpcError(ErrorCodes.InvalidParams, 'userData must be { text } or { base64 }');
  }
  return out;
}

/** The user acted on it: a fresh start for its crash-loop count. */
function forgive(ctx: Parameters<Handler>[0], resourceId: string): void {
  const name = ctx.model.get(resourceId)?.name;
  if (name) ctx.reconciler.forgive(repairKey('instance', name));
}

export const instanceHandlers: Record<string, Handler> = {
  async 'instance/launch'(ctx, session, params) {
    const req = launchParams(params);
    return ctx.operations.run(session, optStr(params, 'operationId'), (op) => ctx.instances.launch(req, op));
  },

  async 'instance/stop'(ctx, session, params) {
    const id = str(params, 'resourceId');
    await ctx.operations.run(session, undefined, () => ctx.instances.stop(id));
    return { ok: true };
  },

  async 'instance/start'(ctx, session, params) {
    const id = str(params, 'resourceId');
    forgive(ctx, id);
    await ctx.operations.run(session, undefined, () => ctx.instances.start(id));
    return { ok: true };
  },

  async 'instance/reboot'(ctx, session, params) {
    const id = str(params, 'resourceId');
    forgive(ctx, id);
    await ctx.operations.run(session, undefined, () => ctx.instances.reboot(id));
    return { ok: true };
  },

  async 'instance/terminate'(ctx, session, params) {
    const id = str(params, 'resourceId');
    await ctx.operations.run(session, undefined, () => ctx.instances.terminate(id));
    return { ok: true };
  },
};
