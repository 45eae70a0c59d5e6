// A resource's logs and inspect document. Logs: the last lines, then new ones pushed as they come,
// until the client stops, disconnects, or the container goes away.
import { RpcError } from '../../protocol/jsonRpcPeer';
import { ErrorCodes } from '../../protocol/rpc';
import { z } from 'zod';
import { handlers, nonEmpty, resourceRef, wholeNumber } from './handlerTable';
import type { LogChunk } from '../backends/backend';
import { resourceAccess } from '../runtime/resourceAccess';
import { maskInspect } from '../runtime/inspectMask';
import { l10n } from '../../protocol/l10n';

export const resourceLogHandlers = handlers({
  'logs/follow': {
    params: resourceRef.extend({ tail: wholeNumber(0, 100_000), subscriptionId: nonEmpty }),
    handle: async (ctx, session, params) => {
      const { tail, subscriptionId } = params;
      const r = ctx.model.get(params.resourceId);
      if (!r) throw new RpcError(ErrorCodes.InvalidParams, l10n.t('that resource is gone'));
      const onChunk = (c: LogChunk) => session.peer.notify('logs/chunk', { subscriptionId, stream: c.stream, text: c.text });
      const follower = await resourceAccess(r, ctx.backends).followLogs(tail, onChunk);
      const forget = session.own(`logs:${subscriptionId}`, () => follower.stop());
      void follower.ended.then((reason) => {
        forget();
        session.peer.notify('logs/ended', { subscriptionId, reason });
      });
      return { subscriptionId };
    },
  },

  /** Console Output: the log so far, capped as EC2's GetConsoleOutput is (the last 64 KB). */
  'logs/read': {
    params: resourceRef.extend({ tail: wholeNumber(1, 100_000) }),
    handle: async (ctx, _session, params) => {
      const r = ctx.model.get(params.resourceId);
      if (!r) throw new RpcError(ErrorCodes.InvalidParams, l10n.t('that resource is gone'));
      const { tail } = params;
      const text = await resourceAccess(r, ctx.backends).readLogs(tail);
      const max = 64 * 1024;
      return text.length > max ? { text: text.slice(text.length - max), truncated: true } : { text, truncated: false };
    },
  },

  'resource/inspect': {
    params: resourceRef.extend({ reveal: z.boolean().optional() }),
    handle: async (ctx, _session, params) => {
      const r = ctx.model.get(params.resourceId);
      if (!r) throw new RpcError(ErrorCodes.InvalidParams, l10n.t('that resource is gone'));
      const { kind, object } = await resourceAccess(r, ctx.backends).inspect();
      const { object: shown, masked } = params.reveal ? { object, masked: 0 } : maskInspect(object);
      return { kind, json: `${JSON.stringify(shown, null, 2)}\n`, masked };
    },
  },

  'logs/stop': {
    params: z.object({ subscriptionId: nonEmpty }),
    handle: async (_ctx, session, params) => {
      session.release(`logs:${params.subscriptionId}`);
      return { ok: true };
    },
  },
});
