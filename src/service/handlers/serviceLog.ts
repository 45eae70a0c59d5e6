// The service log: recent lines, then each new line pushed.
import { handlers, noParams } from './handlerTable';

export const serviceLogHandlers = handlers({
  'log/subscribe': {
    params: noParams,
    handle: async (ctx, session) => {
      session.logSubscribed = true;
      return { lines: ctx.log.recent() };
    },
  },
});
