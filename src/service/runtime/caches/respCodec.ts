// RESP, Redis's wire protocol, binary-safe: commands encoded as arrays of bulk strings, replies parsed from a stream
// that may split them anywhere. What the key browser speaks to a cache through a relay in its container. Pure.

export type RespValue = string | number | Buffer | null | RespError | RespValue[];

/** An error reply ("-WRONGTYPE Operation against a key…"). */
export class RespError {
  constructor(readonly message: string) {}
}

export function encodeCommand(args: readonly (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = typeof a === 'string' ? Buffer.from(a, 'utf8') : a;
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/** Thrown when the stream is not RESP (the relay printed something else): the connection cannot go on. */
export class RespProtocolError extends Error {}

/** Parses replies as chunks arrive; `push` returns every reply completed by the chunk. */
export class RespParser {
  private buf: Buffer = Buffer.alloc(0);
  /** Chunks come in while a large bulk string is awaited: joined once it can be whole, not at every chunk. */
  private held: Buffer[] = [];
  private heldBytes = 0;
  /** How many bytes the reply being read needs at least (from a bulk string's length), or 0 when not known. */
  private needed = 0;

  push(chunk: Buffer): RespValue[] {
    if (this.needed && this.buf.length + this.heldBytes + chunk.length < this.needed) {
      this.held.push(chunk);
      this.heldBytes += chunk.length;
      return [];
    }
    this.buf = this.buf.length || this.held.length ? Buffer.concat([this.buf, ...this.held, chunk]) : chunk;
    this.held = [];
    this.heldBytes = 0;
    const out: RespValue[] = [];
    for (;;) {
      this.needed = 0;
      const r = this.parse(0);
      if (!r) break;
      out.push(r.value);
      this.buf = this.buf.subarray(r.end);
    }
    return out;
  }

  /** Bytes held for a reply not yet complete. */
  get pending(): number {
    return this.buf.length + this.heldBytes;
  }

  private line(at: number): { text: string; next: number } | undefined {
    const cr = this.buf.indexOf('\r\n', at);
    if (cr < 0) return undefined;
    return { text: this.buf.toString('utf8', at, cr), next: cr + 2 };
  }

  private parse(at: number): { value: RespValue; end: number } | undefined {
    if (at >= this.buf.length) return undefined;
    const kind = String.fromCharCode(this.buf[at]);
    const l = this.line(at + 1);
    if (!l) return undefined;
    switch (kind) {
      case '+':
        return { value: l.text, end: l.next };
      case '-':
        return { value: new RespError(l.text), end: l.next };
      case ':':
        return { value: Number(l.text), end: l.next };
      case '$': {
        const n = Number(l.text);
        if (n < 0) return { value: null, end: l.next };
        if (this.buf.length < l.next + n + 2) {
          this.needed = l.next + n + 2;
          return undefined;
        }
        return { value: Buffer.from(this.buf.subarray(l.next, l.next + n)), end: l.next + n + 2 };
      }
      case '*': {
        const n = Number(l.text);
        if (n < 0) return { value: null, end: l.next };
        const items: RespValue[] = [];
        let end = l.next;
        for (let i = 0; i < n; i++) {
          const item = this.parse(end);
          if (!item) return undefined;
          items.push(item.value);
          end = item.end;
        }
        return { value: items, end };
      }
      default:
        throw new RespProtocolError(
          `not a Redis reply: ${JSON.stringify(this.buf.toString('utf8', at, Math.min(this.buf.length, at + 80)))}`,
        );
    }
  }
}

/** A reply as text (a bulk string decoded as UTF-8), or undefined when it is not one. */
export function replyText(v: RespValue): string | undefined {
  if (typeof v === 'string') return v;
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  return undefined;
}

/** `INFO keyspace` → keys per database ("db0:keys=12,expires=0,avg_ttl=0"). */
export function parseKeyspace(info: string): { db: number; keys: number; expires: number }[] {
  const out: { db: number; keys: number; expires: number }[] = [];
  for (const line of info.split(/\r?\n/)) {
    const m = /^db(\d+):keys=(\d+),expires=(\d+)/.exec(line.trim());
    if (m) out.push({ db: Number(m[1]), keys: Number(m[2]), expires: Number(m[3]) });
  }
  return out;
}
