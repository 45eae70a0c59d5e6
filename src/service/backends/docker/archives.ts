// Tar for Docker's archive API, through tar-stream: one file streamed in (an RDB
// staged before Redis starts), a folder of code written to a file, and the first
// regular file streamed out (a snapshot's dump.rdb), so a 200 MB snapshot never
// sits in memory. Long paths and link targets go into PAX headers.
import { once } from 'node:events';
import * as fs from 'node:fs';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import * as tar from 'tar-stream';
import { streamBounded } from '../../../platform/boundedRead';

/** A tar entry being written, or any other writable: written to, with 'drain' when it asks to wait. */
interface ChunkSink {
  write(chunk: Buffer): boolean;
  on(event: 'drain', listener: () => void): unknown;
  /** Node streams say when they were destroyed (a cancelled copy): no 'drain' comes then. */
  destroyed?: boolean;
}

/** Writes the chunks into the sink, waiting when it asks to; how many bytes. */
async function fill(sink: ChunkSink, source: AsyncIterable<Buffer>): Promise<number> {
  let sent = 0;
  for await (const chunk of source) {
    sent += chunk.length;
    if (sink.destroyed) throw new Error('the destination was closed');
    if (!sink.write(chunk)) {
      const emitter = sink as unknown as NodeJS.EventEmitter;
      // Whichever comes first; the other's listener is removed, so a long copy does not pile them up.
      const settled = new AbortController();
      try {
        await Promise.race([
          once(emitter, 'drain', { signal: settled.signal }),
          once(emitter, 'close', { signal: settled.signal }).then(() => {
            throw new Error('the destination was closed');
          }),
        ]);
      } finally {
        settled.abort();
      }
    }
  }
  return sent;
}

/** A finished entry: resolves once tar-stream has taken all of it, or rejects with why not. */
function entryDone(): { callback: (err?: Error | null) => void; done: Promise<void> } {
  let callback!: (err?: Error | null) => void;
  const done = new Promise<void>((resolve, reject) => (callback = (err) => (err ? reject(err) : resolve())));
  // Awaited on the happy path; on a failure the first error is the one reported.
  done.catch(() => undefined);
  return { callback, done };
}

/** A tar holding one file of `size` bytes read from `source`; it fails when the source gives a different size. */
export function singleFileTar(
  name: string,
  size: number,
  source: AsyncIterable<Buffer>,
  owner: { mode?: number; uid?: number; gid?: number } = {},
): Readable {
  const pack = tar.pack();
  // The caller reads a Node stream; a failure is reported on it, not on tar-stream's own.
  const out = new PassThrough();
  pack.pipe(out);
  const { callback, done } = entryDone();
  const entry = pack.entry({ name, size, mode: owner.mode ?? 0o644, uid: owner.uid ?? 0, gid: owner.gid ?? 0 }, callback);
  void (async () => {
    try {
      const sent = await fill(entry, source);
      if (sent !== size) throw new Error(`${name} changed while it was copied (${sent} of ${size} bytes)`);
      entry.end(undefined);
      await done;
      pack.finalize();
    } catch (err) {
      out.destroy(err as Error);
      pack.destroy();
    }
  })();
  return out;
}

export interface ArchiveEntry {
  /** Relative to the archive's root, with forward slashes. */
  rel: string;
  abs: string;
  type: 'file' | 'directory' | 'symlink';
  size: number;
  mode: number;
  /** Seconds since the epoch. */
  mtime: number;
  link?: string;
}

/**
 * Writes the entries as a tar to `dest`, its bytes of file content the result.
 * A file whose size changed since it was listed is refused: its header says how much follows.
 */
export async function writeTarFile(entries: ArchiveEntry[], dest: string): Promise<number> {
  const pack = tar.pack();
  const out = fs.createWriteStream(dest, { mode: 0o600 });
  const written = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    pack.on('error', reject);
  });
  pack.pipe(out);
  let total = 0;
  try {
    for (const e of entries) {
      const mtime = new Date(e.mtime * 1000);
      const { callback, done } = entryDone();
      if (e.type === 'directory') pack.entry({ name: `${e.rel}/`, type: 'directory', mode: e.mode, mtime }, callback);
      else if (e.type === 'symlink') pack.entry({ name: e.rel, type: 'symlink', linkname: e.link ?? '', mode: 0o777, mtime }, callback);
      else {
        const entry = pack.entry({ name: e.rel, size: e.size, mode: e.mode, mtime }, callback);
        // At most the size its header says: a file listed as 0 bytes (a /proc file) is never read without end.
        const sent = await fill(entry, streamBounded(e.abs, e.size));
        if (sent !== e.size) throw new Error(`${e.rel} changed while it was read; deploy again`);
        entry.end(undefined);
        total += sent;
      }
      await done;
    }
    pack.finalize();
    await written;
  } catch (err) {
    pack.destroy();
    out.destroy();
    await fs.promises.rm(dest, { force: true });
    throw err;
  }
  return total;
}

/**
 * Streams the first regular file of a tar into `sink` (ended when done); its
 * name and size. PAX and GNU long-name headers before it are read as tar-stream
 * reads them; anything after it is skipped.
 */
export async function extractFirstFile(archive: Readable, sink: Writable, what = 'the archive'): Promise<{ name: string; size: number }> {
  const extract = tar.extract();
  let found: { name: string; size: number } | undefined;
  let copied = 0;
  const finished = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      if (found || header.type !== 'file') {
        stream.on('end', () => next());
        stream.resume();
        return;
      }
      found = { name: header.name, size: header.size ?? 0 };
      void fill(sink, stream as AsyncIterable<Buffer>).then(
        (n) => {
          copied = n;
          next();
        },
        (err: Error) => {
          // The sink failed (a cancelled copy closed it): said at once, not when tar-stream gets round to it.
          reject(err);
          next(err);
        },
      );
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  archive.on('error', (err: Error) => extract.destroy(err));
  archive.pipe(extract);
  try {
    await finished;
  } catch (err) {
    // The engine's response is dropped too: left unread it would hold one of its connections.
    archive.destroy();
    throw err;
  }
  await new Promise<void>((resolve, reject) => {
    sink.on('error', reject);
    sink.end(resolve);
  });
  if (!found) throw new Error(`${what} is not a regular file`);
  if (copied !== found.size) throw new Error(`${what} was cut short (${copied} of ${found.size} bytes)`);
  return found;
}
