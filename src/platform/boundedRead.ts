// Reading a file a user named (a stack file, its user data, a snapshot, code to deploy), whatever it turns out to
// be: on the thread pool, never on the event loop, and never more than a limit, whatever `stat` says (a /proc file
// says 0 and reads without end; a FIFO blocks an open; a file can grow while it is read).
import * as fs from 'node:fs';
import { Transform, type Readable } from 'node:stream';

export class ReadLimitError extends Error {}

/** Open flags for reading something that may not be a regular file: a FIFO does not block the open. */
const READ_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/**
 * At most `max` bytes of a regular file, read off the event loop: `max` + 1 are asked for, so a longer file (or one
 * that keeps answering) is an error that says the limit rather than a read without end.
 */
export async function readBounded(file: string, max: number): Promise<Buffer> {
  const fh = await fs.promises.open(file, READ_FLAGS);
  try {
    // What was opened is what counts, not what the path pointed at a moment before.
    if (!(await fh.stat()).isFile()) throw new ReadLimitError('not a regular file');
    const buf = Buffer.alloc(max + 1);
    let got = 0;
    while (got < buf.length) {
      const { bytesRead } = await fh.read(buf, got, buf.length - got, null);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    if (got > max) throw new ReadLimitError(`more than ${max} bytes`);
    return buf.subarray(0, got);
  } finally {
    await fh.close();
  }
}

/** A file's text, at most `max` bytes of it (see readBounded). */
export async function readTextBounded(file: string, max: number): Promise<string> {
  return (await readBounded(file, max)).toString('utf8');
}

/**
 * A stream of a file whose size was taken beforehand: at most that many bytes, and an error ("changed while it was
 * read") if the file holds more by now, whatever stat said (a /proc file listed as 0 bytes fails at its first byte
 * instead of streaming without end). One byte past the size is read to tell.
 */
export function streamBounded(file: string, size: number): Readable {
  let seen = 0;
  const check = new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > size) done(new ReadLimitError(`${file} changed while it was read (more than its ${size} bytes)`));
      else done(null, chunk);
    },
  });
  const source = fs.createReadStream(file, { start: 0, end: Math.max(0, size), highWaterMark: 256 * 1024 });
  source.on('error', (err) => check.destroy(err));
  return source.pipe(check);
}

/**
 * The same bound, for the few small files read where no await can be (the engine's config and certificates, a
 * server's /proc entries): at most `max` bytes, refused beyond, never blocked on a FIFO.
 */
export function readBoundedSync(file: string, max: number): Buffer {
  const fd = fs.openSync(file, READ_FLAGS);
  try {
    if (!fs.fstatSync(fd).isFile()) throw new ReadLimitError('not a regular file');
    const buf = Buffer.alloc(max + 1);
    let got = 0;
    while (got < buf.length) {
      const n = fs.readSync(fd, buf, got, buf.length - got, null);
      if (n === 0) break;
      got += n;
    }
    if (got > max) throw new ReadLimitError(`more than ${max} bytes`);
    return buf.subarray(0, got);
  } finally {
    fs.closeSync(fd);
  }
}
