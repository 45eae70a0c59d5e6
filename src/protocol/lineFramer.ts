// Splits a byte stream into newline-terminated lines. Pure: feed chunks, get lines.
// Used for the RPC socket and for Docker's events stream, where a chunk may hold
// several lines or a part of one (even a part of a multi-byte character).
import { StringDecoder } from 'node:string_decoder';

export class LineFramer {
  private buffered = '';
  private readonly decoder = new StringDecoder('utf8');

  /** @param maxLineLength a line longer than this is an error, so a peer cannot grow our memory without bound. */
  constructor(private readonly maxLineLength = 64 * 1024 * 1024) {}

  /** Returns the complete lines in `chunk` (plus what was buffered); keeps the rest. */
  push(chunk: string | Buffer): string[] {
    this.buffered += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const lines: string[] = [];
    let start = 0;
    for (;;) {
      const nl = this.buffered.indexOf('\n', start);
      if (nl < 0) break;
      const line = this.buffered.slice(start, nl).replace(/\r$/, '');
      if (line.trim() !== '') lines.push(line);
      start = nl + 1;
    }
    this.buffered = this.buffered.slice(start);
    if (this.buffered.length > this.maxLineLength) {
      this.buffered = '';
      throw new Error(`line longer than ${this.maxLineLength} bytes`);
    }
    return lines;
  }

  /** What is left over when the stream ends (a last line without a newline). */
  flush(): string | undefined {
    const rest = (this.buffered + this.decoder.end()).trim();
    this.buffered = '';
    return rest === '' ? undefined : rest;
  }
}
