// Interactive sessions on a TTY inside a container (redis-cli, memcached's text
// protocol, later shells): output pushed, input taken as notifications, resized
// with the terminal, closed with the client.
import { StringDecoder } from 'node:string_decoder';
import type { InteractiveSession } from '../backends/backend';
import type { Handler, NotificationHandler } from '../serviceContext';
import { num, str } from './params';

import type { ClientSession } from '../clientSession';

/** Open sessions, with the client that owns each: only it may type into it. */
const sessions = new Map<string, { term: InteractiveSession; owner: ClientSession }>();

export const terminalHandlers: Record<string, Handler> = {
  async 'terminal/open'(ctx, session, params) {
    const resourceId = str(params, 'resourceId');
    const cols = num(params, 'cols', 1, 1000);
    const rows = num(params, 'rows', 1, 1000);
    const { containerId, cmd, title } = ctx.caches.cliCommand(resourceId);
    const term = await ctx.docker.backend().execInteractive(containerId, cmd, { cols, rows });
    const sessionId = str(params, 'sessionId');
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
    return { sessionId, title };
  },

  async 'terminal/resize'(_ctx, session, params) {
    const s = sessions.get(str(params, 'sessionId'));
    if (s?.owner === session) await s.term.resize(num(params, 'cols', 1, 1000), num(params, 'rows', 1, 1000));
    return { ok: true };
  },

  async 'terminal/close'(_ctx, session, params) {
    session.release(`terminal:${str(params, 'sessionId')}`);
    return { ok: true };
  },
};

export const terminalNotifications: Record<string, NotificationHandler> = {
  'terminal/input'(_ctx, session, params) {
    const p = params as { sessionId?: unknown; data?: unknown };
    if (typeof p?.sessionId !== 'string' || typeof p.data !== 'string') return;
    const s = sessions.get(p.sessionId);
    if (s?.owner === session) s.term.write(p.data);
  },
};
