// The local half of Download and Upload: a tar from a container unpacked into a folder of this machine, and local
// files and folders packed into a tar for one. Downloads land in a hidden folder first and are renamed into place
// when whole, so a failed or cancelled one leaves nothing behind.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import * as tar from 'tar-stream';
import { l10n } from '../../../protocol/l10n';
import type { ArchiveEntry } from '../../backends/docker/archives';
import { UserError } from '../userError';
import { FileError } from './resourceFiles';
import { safeFileName } from '../../../protocol/fileNames';

export interface CopyCount {
  files: number;
  bytes: number;
  /** Links, devices and entries whose names would leave the folder: not written. */
  skipped: number;
  /** Names this machine cannot take as they are (a newline, a "\\", a reserved name): written under a safe one. */
  renamed?: number;
}

/**
 * A name in a tar as a relative path that stays inside its folder, each part a safe file name of this machine
 * ("a\nb" → "a_b"); undefined when it would leave the folder.
 */
export function safeRelative(name: string, platform: string = process.platform): { rel: string; renamed: boolean } | undefined {
  const n = path.posix.normalize(name.replace(/^(\.\/)+/, ''));
  if (!n || n === '.' || n === './') return { rel: '', renamed: false };
  if (path.posix.isAbsolute(n) || n === '..' || n.startsWith('../') || n.includes('\0')) return undefined;
  const parts = n.replace(/\/$/, '').split('/');
  const safe = parts.map((p) => safeFileName(p, platform));
  return { rel: safe.join('/'), renamed: safe.some((p, i) => p !== parts[i]) };
}

/** Unpacks a tar into dir (which exists and is empty): regular files and folders only. */
export function extractInto(
  dir: string,
  onFile: (count: CopyCount) => void,
): { sink: PassThrough; done: Promise<CopyCount>; stop: () => Promise<void> } {
  const extract = tar.extract();
  // A Node stream for the caller; tar-stream's own is fed from it.
  const sink = new PassThrough();
  sink.pipe(extract);
  sink.on('error', (err) => extract.destroy(err));
  const count: CopyCount = { files: 0, bytes: 0, skipped: 0 };
  // The entry being written: a stop waits for it, so nothing is written after the caller removes the folder.
  let current: Promise<void> = Promise.resolve();
  let stopped = false;
  const done = new Promise<CopyCount>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const safe = safeRelative(header.name);
      const skip = () => {
        count.skipped++;
        stream.on('end', () => next());
        stream.resume();
      };
      if (stopped) return next(new Error('stopped'));
      if (safe === undefined || (header.type !== 'file' && header.type !== 'directory')) return skip();
      if (safe.renamed) count.renamed = (count.renamed ?? 0) + 1;
      const abs = path.join(dir, safe.rel);
      const mode = (header.mode ?? 0o644) & 0o777;
      if (header.type === 'directory') {
        current = fs.promises.mkdir(abs, { recursive: true, mode: mode | 0o700 }).then(() => undefined);
        current.then(
          () => {
            stream.on('end', () => next());
            stream.resume();
          },
          (err: Error) => next(err),
        );
        return;
      }
      current = (async () => {
        await fs.promises.mkdir(path.dirname(abs), { recursive: true });
        // wx: never through something already there (the folder is new). Two names made the same safe one: the
        // second is left out rather than written over the first.
        const fh = await fs.promises.open(abs, 'wx', mode | 0o600).catch((err: NodeJS.ErrnoException) => {
          if (err.code === 'EEXIST' && safe.renamed) return undefined;
          throw err;
        });
        if (!fh) {
          count.skipped++;
          await new Promise<void>((resolve, reject) => {
            stream.on('end', () => resolve());
            stream.on('error', reject);
            stream.resume();
          });
          return;
        }
        try {
          for await (const chunk of stream as AsyncIterable<Buffer>) await fh.write(chunk);
        } finally {
          await fh.close();
        }
        if (header.mtime) await fs.promises.utimes(abs, header.mtime, header.mtime).catch(() => undefined);
        count.files++;
        count.bytes += header.size ?? 0;
        onFile(count);
      })();
      current.then(
        () => next(),
        (err: Error) => next(err),
      );
    });
    extract.on('finish', () => resolve(count));
    extract.on('error', reject);
  });
  done.catch(() => undefined);
  const stop = async () => {
    stopped = true;
    sink.destroy(new Error('stopped'));
    await current.catch(() => undefined);
  };
  return { sink, done, stop };
}

/** A hidden folder beside the target, renamed into place by `commit`, removed by `discard`. */
export async function landingFor(
  target: string,
  overwrite: boolean,
): Promise<{ tmp: string; commit: () => Promise<void>; discard: () => Promise<void> }> {
  const exists = await fs.promises.lstat(target).then(
    () => true,
    () => false,
  );
  if (exists && !overwrite) throw new FileError('FileExists', l10n.t('{0} already exists', target));
  const parent = path.dirname(target);
  const st = await fs.promises.stat(parent).catch(() => undefined);
  if (!st?.isDirectory()) throw new UserError(l10n.t('{0} is not a folder on this machine', parent));
  const tmp = path.join(parent, `.${path.basename(target)}.download-${crypto.randomBytes(4).toString('hex')}`);
  return {
    tmp,
    commit: async () => {
      if (exists) await fs.promises.rm(target, { recursive: true, force: true });
      await fs.promises.rename(tmp, target);
    },
    discard: () => fs.promises.rm(tmp, { recursive: true, force: true }),
  };
}

/** Local files and folders as tar entries, each under its own name; links kept as links. */
export async function localEntries(sources: string[]): Promise<{ entries: ArchiveEntry[]; files: number; bytes: number }> {
  const entries: ArchiveEntry[] = [];
  let files = 0;
  let bytes = 0;
  const add = async (abs: string, rel: string): Promise<void> => {
    const s = await fs.promises.lstat(abs);
    const mtime = Math.floor(s.mtimeMs / 1000);
    if (s.isDirectory()) {
      entries.push({ rel, abs, type: 'directory', size: 0, mode: s.mode & 0o7777, mtime });
      for (const name of (await fs.promises.readdir(abs)).sort()) await add(path.join(abs, name), `${rel}/${name}`);
    } else if (s.isFile()) {
      files++;
      bytes += s.size;
      entries.push({ rel, abs, type: 'file', size: s.size, mode: s.mode & 0o7777, mtime });
    } else if (s.isSymbolicLink()) {
      entries.push({ rel, abs, type: 'symlink', size: 0, mode: 0o777, mtime, link: await fs.promises.readlink(abs) });
    }
    // Sockets, pipes and devices are not copied.
  };
  for (const src of sources) {
    if (!path.isAbsolute(src)) throw new UserError(l10n.t('{0} is not an absolute path', src));
    const st = await fs.promises.lstat(src).catch(() => undefined);
    if (!st) throw new FileError('FileNotFound', l10n.t('{0} does not exist', src));
    await add(src, path.basename(src));
  }
  return { entries, files, bytes };
}
