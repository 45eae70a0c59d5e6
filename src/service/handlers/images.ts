// Images on the Docker engine, for pickers: what is here, so nothing is offered that needs a pull unsaid.
import { z } from 'zod';
import { handlers, nonEmpty } from './handlerTable';

export const imageHandlers = handlers({
  'images/local': {
    params: z.object({ repository: nonEmpty.optional(), refs: z.array(nonEmpty).max(200).optional() }),
    handle: async (ctx, _session, p) => {
      const docker = ctx.backends.docker();
      const images = p.repository ? await docker.localImages(p.repository) : [];
      const present: string[] = [];
      for (const ref of p.refs ?? []) if (await docker.imageExists(ref)) present.push(ref);
      return { images, present };
    },
  },
});
