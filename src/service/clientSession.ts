// One connected client: authenticated by its first request, with what it has
// subscribed to and whether it shows a view.
import { timingSafeEqual } from 'node:crypto';
import type { Socket } from 'node:net';
import { JsonRpcPeer, RpcError } from '../protocol/jsonRpcPeer';
import { ErrorCodes, MAX_REQUEST_BYTES, PROTOCOL_VERSION, type HelloParams } from '../protocol/rpc';
import { l10n } from '../protocol/l10n';
import { languageName } from './support/languages';

/** Before hello: one short line, a few in all. */
export const UNAUTHENTICATED_LIMITS = { maxLineBytes: 8 * 1024, maxTotalBytes: 16 * 1024 };
/** After: MAX_REQUEST_BYTES, which clients keep to. */
export const AUTHENTICATED_LIMITS = { maxLineBytes: MAX_REQUEST_BYTES };

export type SessionHandler = (session: ClientSession, method: string, params: unknown) => Promise<unknown>;
export type SessionNotificationHandler = (session: ClientSession, method: string, params: unknown) => void;

let sessions = 0;

export class ClientSession {
  /** Tells this window apart from others while the service runs. */
  readonly id = ++sessions;
  readonly peer: JsonRpcPeer;
  authenticated = false;
  name = 'unknown client';
  /** The window's display language, for the words the service sends it. */
  language = 'en';
  viewVisible = false;
  modelSubscribed = false;
  logSubscribed = false;
  private readonly helloTimer: NodeJS.Timeout;
  /** What this client opened (log follows, terminals): closed with it. */
  private readonly cleanups = new Map<string, () => void>();

  constructor(
    socket: Socket,
    private readonly token: string,
    handler: SessionHandler,
    onNotification: SessionNotificationHandler,
    helloTimeoutMs = 5_000,
  ) {
    this.peer = new JsonRpcPeer(
      socket,
      async (method, params) => {
        if (!this.authenticated) {
          if (method !== 'hello') {
            this.closeSoon();
            throw new RpcError(ErrorCodes.Unauthorized, l10n.t('say hello with the token first'));
          }
          this.authenticate(params);
        }
        return handler(this, method, params);
      },
      (method, params) => {
        if (this.authenticated) onNotification(this, method, params);
      },
    );
    // Until it has said hello a client may send only a little: a hello is a few hundred bytes.
    this.peer.setInputLimits(UNAUTHENTICATED_LIMITS);
    // A connection that never says hello is dropped.
    this.helloTimer = setTimeout(() => {
      if (!this.authenticated) this.peer.close(new Error('no hello'));
    }, helloTimeoutMs);
    this.peer.onClose(() => {
      clearTimeout(this.helloTimer);
      for (const c of this.cleanups.values()) c();
      this.cleanups.clear();
    });
  }

  /** Registers something to close when the client goes away; returns a function that forgets it. */
  own(key: string, cleanup: () => void): () => void {
    this.cleanups.set(key, cleanup);
    return () => this.cleanups.delete(key);
  }

  release(key: string): void {
    const c = this.cleanups.get(key);
    this.cleanups.delete(key);
    c?.();
  }

  private authenticate(params: unknown): void {
    const p = (params ?? {}) as Partial<HelloParams>;
    const given = Buffer.from(typeof p.token === 'string' ? p.token : '');
    const want = Buffer.from(this.token);
    if (given.length !== want.length || !timingSafeEqual(given, want)) {
      this.closeSoon();
      throw new RpcError(ErrorCodes.Unauthorized, l10n.t('invalid token'));
    }
    if (p.protocolVersion !== PROTOCOL_VERSION) {
      this.closeSoon();
      throw new RpcError(ErrorCodes.ProtocolMismatch, l10n.t('protocol {0} is not {1}', String(p.protocolVersion), PROTOCOL_VERSION));
    }
    this.authenticated = true;
    this.peer.setInputLimits(AUTHENTICATED_LIMITS);
    this.name = typeof p.clientName === 'string' ? p.clientName : this.name;
    this.language = languageName(p.language) ?? 'en';
    clearTimeout(this.helloTimer);
  }

  /** Close after the error reply has been written. */
  private closeSoon(): void {
    setTimeout(() => this.peer.close(new Error('unauthorized')), 50);
  }
}
