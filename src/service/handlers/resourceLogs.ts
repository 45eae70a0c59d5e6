// Follow a resource's logs: the last lines, then new ones pushed as they come,
// until the client stops, disconnects, or the container goes away.
import { RpcError } from '../../protocol/jsonRpcPeer';
import { ErrorCodes } from '../../protocol/rpc';
import type { Handler } from '../serviceContext';
import { num, str } from './params';
import type { LogChunk } from '../backends/backend';
import { mainContainer } from '../backends/kubernetes/podSpecs';

export const resourceLogHandlers: Record<string, Handler> = {
  async 'logs/follow'(ctx, session, params) {
    const resourceId = str(params, 'resourceId');
    const tail = num(params, 'tail', 0, 100_000);
    const r = ctx.model.get(resourceId);
    if (!r) throw new RpcError(ErrorCodes.InvalidParams, 'that resource is gone');
    const subscriptionId = str(params, 'subscriptionId');
    const onChunk = (c: LogChunk) => session.peer.notify('logs/chunk', { subscriptionId, stream: c.stream, text: c.text });
    if (r.backend === 'kubernetes' && !r.containerId)
      throw new RpcError(ErrorCodes.InvalidParams, `${r.displayName ?? r.name} has no Pod while it is stopped`);
    const follower =
      r.backend === 'kubernetes'
        ? await ctx.kubernetes.pods().followLogs(r.containerId, mainContainer(r.kind), tail, onChunk)
        : await ctx.docker.backend().followLogs(r.containerId, tail, onChunk);
    const forget = session.own(`logs:${subscriptionId}`, () => follower.stop());
    void follower.ended.then((reason) => {
      forget();
      session.peer.notify('logs/ended', { subscriptionId, reason });
    });
    return { subscriptionId };
  },

  /** Console Output: the log so far, capped as EC2's GetConsoleOutput is (the last 64 KB). */
  async 'logs/read'(ctx, _session, params) {
    const r = ctx.model.get(str(params, 'resourceId'));
    if (!r) throw new RpcError(ErrorCodes.InvalidParams, 'that resource is gone');
    const tail = num(params, 'tail', 1, 100_000);
    if (r.backend === 'kubernetes' && !r.containerId) return { text: '', truncated: false };
    const text =
      r.backend === 'kubernetes'
        ? await ctx.kubernetes.pods().readLogs(r.containerId, mainContainer(r.kind), { tail })
        : (await ctx.docker.backend().readLogs(r.containerId, { tail })).map((c) => c.text).join('');
    const max = 64 * 1024;
    return text.length > max ? { text: text.slice(text.length - max), truncated: true } : { text, truncated: false };
  },

  async 'logs/stop'(_ctx, session, params) {
    session.release(`logs:${str(params, 'subscriptionId')}`);
    return { ok: true };
  },
};
