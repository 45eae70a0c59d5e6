// Frames a payload as Docker multiplexes a non-TTY stream: [stream, 0, 0, 0, size] then the bytes.
import type { StdStream } from '../../src/service/backends/docker/streamDemux';

export function frame(stream: StdStream, data: string | Buffer): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  const header = Buffer.alloc(8);
  header[0] = stream === 'stderr' ? 2 : 1;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}
