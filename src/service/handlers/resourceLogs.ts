// Follow a resource's logs: the last lines, then new ones pushed as they come,
// until the client stops, disconnects, or the container goes away.
import { RpcError } from '../../protocol/jsonRpcPeer';
import { ErrorCodes } from '../../protocol/rpc';
import type { Handler } from '../serviceContext';
import { num, str } from './params';

export const resourceLogHandlers: Record<string, Handler> = {
  async 'logs/follow'(ctx, session, params) {
    const resourceId = str(params, 'resourceId');
    const tail = num(params, 'tail', 0, 100_000);
    const r = ctx.model.get(resourceId);
    if (!r) throw new RpcError(ErrorCodes.InvalidParams, 'that resource is gone');
    const subscriptionId = str(params, 'subscriptionId');
    const follower = await ctx.docker.backend().followLogs(r.containerId, tail, (c) =>
      session.peer.notify('logs/chunk', { subscriptionId, stream: c.stream, text: c.text }),
    );
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
    const chunks = await ctx.docker.backend().readLogs(r.containerId, { tail: num(params, 'tail', 1, 100_000) });
    const text = chunks.map((c) => c.text).join('');
    const max = 64 * 1024;
    return text.length > max ? { text: text.slice(text.length - max), truncated: true } : { text, truncated: false };
  },

  async 'logs/stop'(_ctx, session, params) {
    session.release(`logs:${str(params, 'subscriptionId')}`);
    return { ok: true };
  },
};
