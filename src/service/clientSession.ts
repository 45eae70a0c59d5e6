// One connected client: authenticated by its first request, with what it has
// subscribed to and whether it shows a view.
import { timingSafeEqual } from 'node:crypto';
import type { Socket } from 'node:net';
import { JsonRpcPeer, RpcError } from '../protocol/jsonRpcPeer';
import { ErrorCodes, PROTOCOL_VERSION, type HelloParams } from '../protocol/rpc';

export type SessionHandler = (session: ClientSession, method: string, params: unknown) => Promise<unknown>;

export class ClientSession {
  readonly peer: JsonRpcPeer;
  authenticated = false;
  name = 'unknown client';
  viewVisible = false;
  modelSubscribed = false;
  logSubscribed = false;
  private readonly helloTimer: NodeJS.Timeout;

  constructor(
    socket: Socket,
    private readonly token: string,
    handler: SessionHandler,
    helloTimeoutMs = 5_000,
  ) {
    this.peer = new JsonRpcPeer(
      socket,
      async (method, params) => {
        if (!this.authenticated) {
          if (method !== 'hello') {
            this.closeSoon();
            throw new RpcError(ErrorCodes.Unauthorized, 'say hello with the token first');
          }
          this.authenticate(params);
        }
        return handler(this, method, params);
      },
      () => {
        // Clients send no notifications we act on.
      },
    );
    // A connection that never says hello is dropped.
    this.helloTimer = setTimeout(() => {
      if (!this.authenticated) this.peer.close(new Error('no hello'));
    }, helloTimeoutMs);
    this.peer.onClose(() => clearTimeout(this.helloTimer));
  }

  private authenticate(params: unknown): void {
    const p = (params ?? {}) as Partial<HelloParams>;
    const given = Buffer.from(typeof p.token === 'string' ? p.token : '');
    const want = Buffer.from(this.token);
    if (given.length !== want.length || !timingSafeEqual(given, want)) {
      this.closeSoon();
      throw new RpcError(ErrorCodes.Unauthorized, 'invalid token');
    }
    if (p.protocolVersion !== PROTOCOL_VERSION) {
      this.closeSoon();
      throw new RpcError(ErrorCodes.ProtocolMismatch, `protocol ${String(p.protocolVersion)} is not ${PROTOCOL_VERSION}`);
    }
    this.authenticated = true;
    this.name = typeof p.clientName === 'string' ? p.clientName : this.name;
    clearTimeout(this.helloTimer);
  }

  /** Close after the error reply has been written. */
  private closeSoon(): void {
    setTimeout(() => this.peer.close(new Error('unauthorized')), 50);
  }
}
