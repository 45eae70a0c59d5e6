// Splits a byte stream into newline-terminated lines. Pure: feed chunks, get lines.
// Used for the RPC socket and for Docker's events stream, where a chunk may hold
// several lines or a part of one (even a part of a multi-byte character).
//
// Works on bytes and looks for the newline only in what is new, so a long line costs
// time in proportion to its length (not its square); a newline byte never occurs
// inside a UTF-8 sequence, so each line is decoded whole.

export class LineFramer {
  private pieces: Buffer[] = [];
  private pending = 0;

  /** @param maxLineLength a line longer than this is an error, so a peer cannot grow our memory without bound. */
  constructor(private maxLineLength = 64 * 1024 * 1024) {}

  /** A new limit for the lines from now on (a peer that has authenticated may send more). */
  setMaxLineLength(bytes: number): void {
    this.maxLineLength = bytes;
  }

  /** Returns the complete lines in `chunk` (plus what was buffered); keeps the rest. */
  push(chunk: string | Buffer): string[] {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    const lines: string[] = [];
    for (;;) {
      const nl = buf.indexOf(10);
      if (nl < 0) break;
      const head = buf.subarray(0, nl);
      const bytes = this.pending === 0 ? head : Buffer.concat([...this.pieces, head], this.pending + head.length);
      this.pieces = [];
      this.pending = 0;
      if (bytes.length > this.maxLineLength) throw new Error(`line longer than ${this.maxLineLength} bytes`);
      const line = bytes.toString('utf8').replace(/\r$/, '');
      if (line.trim() !== '') lines.push(line);
      buf = buf.subarray(nl + 1);
    }
    if (buf.length > 0) {
      this.pending += buf.length;
      if (this.pending > this.maxLineLength) {
        this.pieces = [];
        this.pending = 0;
        throw new Error(`line longer than ${this.maxLineLength} bytes`);
      }
      // A copy: the caller may reuse its buffer.
      this.pieces.push(Buffer.from(buf));
    }
    return lines;
  }

  /** What is left over when the stream ends (a last line without a newline). */
  flush(): string | undefined {
    const rest = Buffer.concat(this.pieces, this.pending).toString('utf8').trim();
    this.pieces = [];
    this.pending = 0;
    return rest === '' ? undefined : rest;
  }
}
