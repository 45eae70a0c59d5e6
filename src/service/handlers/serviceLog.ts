// The service log: recent lines, then each new line pushed.
import type { Handler } from '../serviceContext';

export const serviceLogHandlers: Record<string, Handler> = {
  async 'log/subscribe'(ctx, session) {
    session.logSubscribed = true;
    return { lines: ctx.log.recent() };
  },
};
