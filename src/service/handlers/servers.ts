// fakecloud servers: look again now (Retry from the tree or the status bar).
import { handlers, noParams } from './handlerTable';

export const serverHandlers = handlers({
  'servers/check': {
    params: noParams,
    handle: async (ctx) => ({ servers: await ctx.servers.check() }),
  },
});
