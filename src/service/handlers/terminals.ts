// Interactive sessions on a TTY inside a container (redis-cli, memcached's text
// protocol, later shells): output pushed, input taken as notifications, resized
// with the terminal, closed with the client.
import { StringDecoder } from 'node:string_decoder';
import { PassThrough } from 'node:stream';
import type { InteractiveSession, PipeSession } from '../backends/backend';
import { z } from 'zod';
import { shellCommand } from '../runtime/shell';
import { resourceAccess } from '../runtime/resourceAccess';
import { UserError } from '../runtime/userError';
import { handlers, nonEmpty, notificationHandlers, resourceRef, wholeNumber } from './handlerTable';

import type { ClientSession } from '../clientSession';
import { l10n } from '../../protocol/l10n';

/** Open sessions, with the client that owns each: only it may type into it. */
const sessions = new Map<string, { term: InteractiveSession; owner: ClientSession }>();

const size = wholeNumber(1, 1000);

export const terminalHandlers = handlers({
  'terminal/open': {
    params: resourceRef.extend({ kind: z.enum(['cache-cli', 'shell']), cols: size, rows: size, sessionId: nonEmpty }),
    handle: async (ctx, session, params) => {
      const { resourceId, cols, rows, kind, sessionId } = params;
      const { containerId, cmd, title, tty } =
        kind === 'shell' ? shellCommand(ctx.model.get(resourceId)) : ctx.caches.cliCommand(resourceId);
      const r = ctx.model.get(resourceId);
      if (!r) throw new UserError(l10n.t('that resource is gone (it is no longer in the model)'));
      // The command names the container the runtime chose; the access reaches it where it runs.
      const access = resourceAccess({ ...r, containerId }, ctx.backends);
      const term: InteractiveSession = tty ? await access.execInteractive(cmd, { cols, rows }) : pipeAsSession(await access.execPipe(cmd));
      if (sessions.has(sessionId)) throw new Error('that terminal session id is in use');
      sessions.set(sessionId, { term, owner: session });
      // A character split across two chunks must not turn into two replacement characters.
      const decoder = new StringDecoder('utf8');
      term.output.on('data', (d: Buffer) => session.peer.notify('terminal/output', { sessionId, data: decoder.write(d) }));
      const forget = session.own(`terminal:${sessionId}`, () => term.close());
      void term.exited.then((exitCode) => {
        sessions.delete(sessionId);
        forget();
        session.peer.notify('terminal/exited', { sessionId, exitCode });
      });
      return { sessionId, title, lineMode: !tty };
    },
  },

  'terminal/resize': {
    params: z.object({ sessionId: nonEmpty, cols: size, rows: size }),
    handle: async (_ctx, session, params) => {
      const s = sessions.get(params.sessionId);
      if (s?.owner === session) await s.term.resize(params.cols, params.rows);
      return { ok: true };
    },
  },

  'terminal/close': {
    params: z.object({ sessionId: nonEmpty }),
    handle: async (_ctx, session, params) => {
      session.release(`terminal:${params.sessionId}`);
      return { ok: true };
    },
  },
});

export const terminalNotifications = notificationHandlers({
  'terminal/input': {
    params: z.object({ sessionId: z.string(), data: z.string() }),
    handle: (_ctx, session, p) => {
      const s = sessions.get(p.sessionId);
      if (s?.owner === session) s.term.write(p.data);
    },
  },
});

/** A process without a TTY, seen as a terminal session: both streams to the screen, no size. */
function pipeAsSession(pipe: PipeSession): InteractiveSession {
  const output = new PassThrough();
  pipe.stdout.on('data', (d: Buffer) => output.write(d));
  pipe.stderr.on('data', (d: Buffer) => output.write(d));
  return {
    output,
    write: (d) => pipe.write(typeof d === 'string' ? d : d.toString('utf8')),
    resize: async () => undefined,
    close: () => pipe.close(),
    exited: pipe.exited,
  };
}
