// Docker multiplexes stdout and stderr of a non-TTY container or exec into frames:
// 8-byte header [stream, 0, 0, 0, size(4, big-endian)] then the payload. A chunk
// can end inside a header or a payload. Pure: feed chunks, get (stream, bytes).
export type StdStream = 'stdout' | 'stderr';

export interface Frame {
  stream: StdStream;
  data: Buffer;
}

export class StreamDemuxer {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const frames: Frame[] = [];
    while (this.pending.length >= 8) {
      const type = this.pending[0];
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const data = this.pending.subarray(8, 8 + size);
      // 0 is stdin (echoed with some TTY-less setups), 1 stdout, 2 stderr.
      frames.push({ stream: type === 2 ? 'stderr' : 'stdout', data: Buffer.from(data) });
      this.pending = this.pending.subarray(8 + size);
    }
    return frames;
  }

  /** Bytes left over at the end of the stream (a truncated frame). */
  get leftover(): number {
    return this.pending.length;
  }
}
