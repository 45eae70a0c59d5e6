// Function operations: thin — read the parameters, run the runtime (inside an operation where it is long).
import type { FunctionDeployParams } from '../../protocol/functions';
import { RpcError } from '../../protocol/jsonRpcPeer';
import { ErrorCodes } from '../../protocol/rpc';
import type { Handler } from '../serviceContext';
import { optStr, str } from './params';
import { repairKey } from '../reconcile/planner';

function deployParams(params: unknown): FunctionDeployParams {
  const p = (params ?? {}) as Record<string, unknown>;
  const out: FunctionDeployParams = {
    name: str(params, 'name'),
    runtime: str(params, 'runtime'),
    handler: str(params, 'handler'),
    codePath: str(params, 'codePath'),
  };
  if (p.backend !== undefined) {
    if (p.backend !== 'docker' && p.backend !== 'kubernetes')
      throw new RpcError(ErrorCodes.InvalidParams, 'backend must be "docker" or "kubernetes"');
    out.backend = p.backend;
  }
  if (p.environment !== undefined) {
    if (typeof p.environment !== 'object' || p.environment === null || Array.isArray(p.environment))
      throw new RpcError(ErrorCodes.InvalidParams, 'environment must be an object of name → value');
    out.environment = p.environment as Record<string, string>;
  }
  return out;
}

export const functionHandlers: Record<string, Handler> = {
  async 'function/deploy'(ctx, session, params) {
    const req = deployParams(params);
    return ctx.operations.run(session, optStr(params, 'operationId'), (op) => ctx.functions.deploy(req, op));
  },

  async 'function/redeploy'(ctx, session, params) {
    const id = str(params, 'resourceId');
    const name = ctx.model.get(id)?.name;
    if (name) ctx.reconciler.forgive(repairKey('function', name));
    const codePath = optStr(params, 'codePath');
    return ctx.operations.run(session, optStr(params, 'operationId'), (op) => ctx.functions.redeploy(id, op, codePath));
  },

  async 'function/invoke'(ctx, _session, params) {
    // An empty payload is {}: not a missing parameter.
    const payload = (params as { payload?: unknown })?.payload;
    if (typeof payload !== 'string') throw new RpcError(ErrorCodes.InvalidParams, 'payload must be a string of JSON');
    return ctx.functions.invoke(str(params, 'resourceId'), payload);
  },

  async 'function/stop'(ctx, session, params) {
    const id = str(params, 'resourceId');
    await ctx.operations.run(session, undefined, () => ctx.functions.stop(id));
    return { ok: true };
  },

  async 'function/start'(ctx, session, params) {
    const id = str(params, 'resourceId');
    const name = ctx.model.get(id)?.name;
    if (name) ctx.reconciler.forgive(repairKey('function', name));
    return ctx.operations.run(session, optStr(params, 'operationId'), (op) => ctx.functions.start(id, op));
  },

  async 'function/delete'(ctx, session, params) {
    const id = str(params, 'resourceId');
    await ctx.operations.run(session, undefined, () => ctx.functions.delete(id));
    return { ok: true };
  },
};
