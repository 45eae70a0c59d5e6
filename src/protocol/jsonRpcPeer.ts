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

/** JSON-RPC 2.0 allows numbers and strings as request ids; ours are numbers, a peer's may be either. */
type Id = number | string;

interface RequestMessage {
  jsonrpc: '2.0';
  id: Id;
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
  id: Id | null;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}
type Message = RequestMessage | NotificationMessage | ResponseMessage;

/** How much a peer may send: per line, and in all (undefined: no total), checked as bytes arrive. */
export interface InputLimits {
  maxLineBytes: number;
  maxTotalBytes?: number;
}

export type RequestHandler = (method: string, params: unknown) => Promise<unknown>;
export type NotificationHandler = (method: string, params: unknown) => void;

interface Pending {
  method: string;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export class JsonRpcPeer {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly framer = new LineFramer();
  private limits: InputLimits = { maxLineBytes: 64 * 1024 * 1024 };
  /** The longest request the other side takes: a longer one is refused here, never sent. */
  private maxRequestBytes = Infinity;
  private received = 0;
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

  /** Limits what the other side may send from now on (a client before and after it says hello). */
  setInputLimits(limits: InputLimits): void {
    this.limits = limits;
    this.received = 0;
    this.framer.setMaxLineLength(limits.maxLineBytes);
  }

  /** What the other side takes in one request line: a longer request fails at once with a clear error. */
  setRequestLimit(bytes: number): void {
    this.maxRequestBytes = bytes;
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
    const line = `${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`;
    const bytes = Buffer.byteLength(line);
    if (bytes > this.maxRequestBytes)
      return Promise.reject(
        new RpcError(
          ErrorCodes.InvalidParams,
          `${method}: the request is ${mb(bytes)}, more than the ${mb(this.maxRequestBytes)} the service takes in one request; nothing was sent`,
        ),
      );
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RpcError(ErrorCodes.Timeout, `${method} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject, timer });
      this.stream.write(line);
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
    if (this.closedWith) return;
    this.received += chunk.length;
    if (this.limits.maxTotalBytes !== undefined && this.received > this.limits.maxTotalBytes) {
      this.close(new Error(`sent more than ${this.limits.maxTotalBytes} bytes before it may`));
      return;
    }
    let lines: string[];
    try {
      lines = this.framer.push(chunk);
    } catch (err) {
      this.close(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    for (const line of lines) {
      // A request answered with an error that closes the peer stops the rest of the chunk.
      if (this.closedWith) return;
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        this.send({ jsonrpc: '2.0', id: null, error: { code: ErrorCodes.ParseError, message: 'invalid JSON' } });
        continue;
      }
      this.dispatch(message);
    }
  }

  private dispatch(raw: unknown): void {
    // null, 1, "x", [] …: not a request, a notification or a response.
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      this.send({
        jsonrpc: '2.0',
        id: null,
        error: {
          code: ErrorCodes.InvalidRequest,
          message: Array.isArray(raw) ? 'batches are not supported' : 'a message must be a JSON object',
        },
      });
      return;
    }
    const message = raw as Partial<RequestMessage & ResponseMessage>;
    const hasId = Object.prototype.hasOwnProperty.call(message, 'id');
    const id = message.id;
    const validId = typeof id === 'number' || typeof id === 'string';
    if ('method' in message) {
      if (typeof message.method !== 'string' || (hasId && !validId)) {
        this.send({
          jsonrpc: '2.0',
          id: validId ? id : null,
          error: { code: ErrorCodes.InvalidRequest, message: 'a request needs a string method and a number or string id' },
        });
        return;
      }
      if (!hasId) {
        this.onNotification(message.method, message.params);
        return;
      }
      const reqId = id as Id;
      this.onRequest(message.method, message.params).then(
        (result) => this.send({ jsonrpc: '2.0', id: reqId, result: result ?? null }),
        (err: unknown) => {
          const e = err instanceof RpcError ? err : new RpcError(ErrorCodes.Internal, err instanceof Error ? err.message : String(err));
          if (!this.closedWith) this.send({ jsonrpc: '2.0', id: reqId, error: { code: e.code, message: e.message, data: e.data } });
        },
      );
      return;
    }
    // A response: only ours (numeric ids) are waited for.
    if (typeof id !== 'number') return;
    const p = this.pending.get(id);
    if (!p) return; // timed out already
    this.pending.delete(id);
    clearTimeout(p.timer);
    if (message.error) p.reject(new RpcError(message.error.code, message.error.message, message.error.data));
    else p.resolve(message.result);
  }
}
