// JSON-RPC 2.0 over a duplex byte stream, one message per line. Both the client
// and the service use it. Every request has a timeout.
import type { Duplex } from 'node:stream';
import { LineFramer } from './lineFramer';
import { ErrorCodes } from './rpc';

export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

interface RequestMessage {
  jsonrpc: '2.0';
  id: number;
  method: string;
  params?: unknown;
}
interface NotificationMessage {
  jsonrpc: '2.0';
  method: string;
  params?: unknown;
}
interface ResponseMessage {
  jsonrpc: '2.0';
  id: number | null;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}
type Message = RequestMessage | NotificationMessage | ResponseMessage;

export type RequestHandler = (method: string, params: unknown) => Promise<unknown>;
export type NotificationHandler = (method: string, params: unknown) => void;

interface Pending {
  method: string;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

export class JsonRpcPeer {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly framer = new LineFramer();
  private closedWith: Error | undefined;
  private readonly closeListeners: ((err: Error) => void)[] = [];

  constructor(
    private readonly stream: Duplex,
    private readonly onRequest: RequestHandler,
    private readonly onNotification: NotificationHandler,
    private readonly defaultTimeoutMs = 15_000,
  ) {
    stream.on('data', (chunk: Buffer) => this.receive(chunk));
    stream.on('error', (err) => this.close(err));
    stream.on('close', () => this.close(new Error('connection closed')));
  }

  get isClosed(): boolean {
    return this.closedWith !== undefined;
  }

  onClose(listener: (err: Error) => void): void {
    if (this.closedWith) listener(this.closedWith);
    else this.closeListeners.push(listener);
  }

  request<R>(method: string, params: unknown, timeoutMs = this.defaultTimeoutMs): Promise<R> {
    if (this.closedWith) return Promise.reject(new RpcError(ErrorCodes.Internal, `${method}: ${this.closedWith.message}`));
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RpcError(ErrorCodes.Timeout, `${method} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject, timer });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    if (!this.closedWith) this.send({ jsonrpc: '2.0', method, params });
  }

  close(err: Error = new Error('connection closed')): void {
    if (this.closedWith) return;
    this.closedWith = err;
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new RpcError(ErrorCodes.Internal, `${p.method}: ${err.message}`));
    }
    this.pending.clear();
    this.stream.destroy();
    for (const l of this.closeListeners.splice(0)) l(err);
  }

  private send(message: Message): void {
    this.stream.write(JSON.stringify(message) + '\n');
  }

  private receive(chunk: Buffer): void {
    let lines: string[];
    try {
      lines = this.framer.push(chunk);
    } catch (err) {
      this.close(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    for (const line of lines) {
      let message: Message;
      try {
        message = JSON.parse(line) as Message;
      } catch {
        this.send({ jsonrpc: '2.0', id: null, error: { code: ErrorCodes.ParseError, message: 'invalid JSON' } });
        continue;
      }
      this.dispatch(message);
    }
  }

  private dispatch(message: Message): void {
    if ('method' in message && typeof message.method === 'string') {
      if ('id' in message && typeof message.id === 'number') {
        const id = message.id;
        this.onRequest(message.method, message.params).then(
          (result) => this.send({ jsonrpc: '2.0', id, result: result ?? null }),
          (err: unknown) => {
            const e = err instanceof RpcError ? err : new RpcError(ErrorCodes.Internal, err instanceof Error ? err.message : String(err));
            if (!this.closedWith) this.send({ jsonrpc: '2.0', id, error: { code: e.code, message: e.message, data: e.data } });
          },
        );
      } else {
        this.onNotification(message.method, message.params);
      }
      return;
    }
    const response = message as ResponseMessage;
    if (typeof response.id !== 'number') return;
    const p = this.pending.get(response.id);
    if (!p) return; // timed out already
    this.pending.delete(response.id);
    clearTimeout(p.timer);
    if (response.error) p.reject(new RpcError(response.error.code, response.error.message, response.error.data));
    else p.resolve(response.result);
  }
}
