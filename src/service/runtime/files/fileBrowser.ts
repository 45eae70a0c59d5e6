// What the Files view and the fakecloud-files: file system ask of a resource's files: each request checked (the
// resource runs, the path is absolute, what must or must not exist does or does not) before anything is changed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as posix from 'node:path/posix';
import { PassThrough } from 'node:stream';
import { MAX_OPEN_BYTES, type FileEntry } from '../../../protocol/files';
import { l10n } from '../../../protocol/l10n';
import { sizeText } from '../../../protocol/text';
import type { Resource } from '../../../protocol/model';
import type { LiveModel } from '../../model/liveModel';
import { writeTarFile } from '../../backends/docker/archives';
import { failpointHalfway } from '../../support/failpoints';
import type { OperationContext } from '../images';
import type { Backends } from '../resourceAccess';
import { UserError } from '../userError';
import { containerPath, splitPath } from './filePaths';
import { filesFor } from './filesFor';
import { extractInto, landingFor, localEntries, type CopyCount } from './localCopies';
import { commitCommand, discardCommand, stagingName, type Uploads } from './uploads';
import { safeFileName } from '../../../protocol/fileNames';
import { FileError, type ResourceFiles } from './resourceFiles';

/**
 * Where a download of `name` goes in the folder the user chose: the name (a label's, a container's) made a safe
 * file name, joined to the folder as it really is (links resolved), so it cannot land anywhere else.
 */
export async function targetIn(destDir: string, name: string): Promise<string> {
  let real: string;
  try {
    real = await fs.promises.realpath(destDir);
  } catch {
    throw new UserError(l10n.t('{0} is not a folder on this machine', destDir));
  }
  const target = path.join(real, safeFileName(name));
  if (path.dirname(target) !== real) throw new UserError(l10n.t('{0} would leave {1}', name, destDir));
  return target;
}

export class FileBrowser {
  constructor(
    private readonly model: LiveModel,
    private readonly backends: Backends,
    private readonly uploads: Uploads,
  ) {}

  private files(resourceId: string): { r: Resource; files: ResourceFiles } {
    const r = this.model.get(resourceId);
    if (!r) throw new UserError(l10n.t('that resource is gone'));
    if (r.state !== 'running')
      throw new UserError(l10n.t('{0} is not running: its files can be browsed while it runs', r.displayName ?? r.name));
    return { r, files: filesFor(r, this.backends) };
  }

  list(resourceId: string, dir: string): Promise<FileEntry[]> {
    return this.files(resourceId).files.list(dir);
  }

  async stat(resourceId: string, p: string): Promise<FileEntry> {
    const st = await this.files(resourceId).files.stat(p);
    if (!st) throw new FileError('FileNotFound', l10n.t('{0}: no such file or folder', p));
    return st;
  }

  /** A whole file, for an editor: up to MAX_OPEN_BYTES. */
  async read(resourceId: string, p: string): Promise<Buffer> {
    const { files } = this.files(resourceId);
    const st = await files.stat(p);
    if (!st) throw new FileError('FileNotFound', l10n.t('{0}: no such file or folder', p));
    if (st.kind === 'directory') throw new FileError('FileIsADirectory', l10n.t('{0} is a folder', p));
    if (st.kind !== 'file') throw new FileError('Unavailable', l10n.t('{0} is not a regular file (a device, socket or pipe)', p));
    if (st.size > MAX_OPEN_BYTES)
      throw new FileError(
        'Unavailable',
        l10n.t(
          '{0} is {1}: files over {2} are not opened in an editor; Download… copies any size',
          p,
          sizeText(st.size),
          sizeText(MAX_OPEN_BYTES),
        ),
      );
    const chunks: Buffer[] = [];
    let got = 0;
    const sink = new PassThrough();
    sink.on('data', (c: Buffer) => {
      got += c.length;
      // It grew meanwhile: stop taking more than an editor is given.
      if (got <= MAX_OPEN_BYTES) chunks.push(c);
    });
    await files.readFile(p, sink);
    if (got > MAX_OPEN_BYTES)
      throw new FileError('Unavailable', l10n.t('{0} grew past {1} while it was read', p, sizeText(MAX_OPEN_BYTES)));
    return Buffer.concat(chunks);
  }

  async write(resourceId: string, p: string, data: Buffer, create: boolean, overwrite: boolean): Promise<void> {
    if (data.length > MAX_OPEN_BYTES)
      throw new FileError('Unavailable', l10n.t('at most {0} is saved from an editor', sizeText(MAX_OPEN_BYTES)));
    const { files } = this.files(resourceId);
    const target = containerPath(p);
    const st = await files.stat(target);
    if (st?.kind === 'directory') throw new FileError('FileIsADirectory', l10n.t('{0} is a folder', target));
    if (st && !overwrite) throw new FileError('FileExists', l10n.t('{0} already exists', target));
    if (!st && !create) throw new FileError('FileNotFound', l10n.t('{0}: no such file', target));
    let like = st;
    if (!st) {
      const parent = await files.stat(splitPath(target).dir);
      if (parent?.kind !== 'directory') throw new FileError('FileNotFound', l10n.t('{0}: no such folder', splitPath(target).dir));
      // A new file belongs to whoever owns its folder, as if they had made it.
      like = { ...parent, mode: 0o644, link: undefined };
    }
    await files.writeFile(target, data, like);
  }

  async remove(resourceId: string, p: string, recursive: boolean): Promise<void> {
    await this.files(resourceId).files.remove(p, recursive);
  }

  async mkdir(resourceId: string, p: string): Promise<void> {
    const { files } = this.files(resourceId);
    const target = containerPath(p);
    if (await files.stat(target)) throw new FileError('FileExists', l10n.t('{0} already exists', target));
    const parent = await files.stat(splitPath(target).dir);
    if (parent?.kind !== 'directory') throw new FileError('FileNotFound', l10n.t('{0}: no such folder', splitPath(target).dir));
    await files.mkdir(target);
  }

  async rename(resourceId: string, from: string, to: string, overwrite: boolean): Promise<void> {
    const { files } = this.files(resourceId);
    const a = containerPath(from);
    const b = containerPath(to);
    if (!(await files.stat(a))) throw new FileError('FileNotFound', l10n.t('{0}: no such file or folder', a));
    const there = await files.stat(b);
    if (there && !overwrite) throw new FileError('FileExists', l10n.t('{0} already exists', b));
    if (there) await files.remove(b, true);
    await files.rename(a, b);
  }

  /** A file or folder of the resource copied to a folder of this machine, whole or not at all. */
  async download(
    resourceId: string,
    p: string,
    destDir: string,
    overwrite: boolean,
    op: OperationContext,
  ): Promise<CopyCount & { target: string }> {
    const { r, files } = this.files(resourceId);
    const source = containerPath(p);
    if (!path.isAbsolute(destDir)) throw new UserError(l10n.t('{0} is not an absolute path', destDir));
    const st = await files.stat(source);
    if (!st) throw new FileError('FileNotFound', l10n.t('{0}: no such file or folder', source));
    if (st.kind === 'other') throw new FileError('Unavailable', l10n.t('{0} is not a regular file (a device, socket or pipe)', source));
    const target = await targetIn(destDir, source === '/' ? r.name : posix.basename(source));
    const landing = await landingFor(target, overwrite);
    // Cancel stops the copy where it is; what was written goes with the hidden folder.
    let stop: (() => Promise<void>) | undefined;
    const abort = new Promise<never>((_, reject) => {
      const cancelled = () => reject(new UserError(l10n.t('cancelled')));
      if (op.signal?.aborted) cancelled();
      op.signal?.addEventListener('abort', cancelled, { once: true });
    });
    abort.catch(() => undefined);
    try {
      let count: CopyCount;
      if (st.kind === 'file') {
        op.progress(l10n.t('Copying {0} ({1})…', source, sizeText(st.size)));
        // Made before the copy starts, so nothing can create it after a cancel has removed it.
        const fh = await fs.promises.open(landing.tmp, 'wx', (st.mode & 0o777) | 0o600);
        const out = fs.createWriteStream('', { fd: fh });
        stop = async () => {
          out.destroy(new Error(l10n.t('cancelled')));
          await fh.close().catch(() => undefined);
        };
        const size = await Promise.race([files.readFile(source, out), abort]);
        count = { files: 1, bytes: size, skipped: 0 };
      } else {
        await fs.promises.mkdir(landing.tmp);
        op.progress(l10n.t('Copying {0}…', source));
        let said = 0;
        const x = extractInto(landing.tmp, (c) => {
          if (Date.now() - said < 500) return;
          said = Date.now();
          op.progress(l10n.t('Copying {0}: {1} files, {2}', source, c.files, sizeText(c.bytes)));
        });
        stop = x.stop;
        await Promise.race([files.readArchive(source, x.sink), abort]);
        count = await Promise.race([x.done, abort]);
      }
      op.pastNoReturn?.();
      await landing.commit();
      return { ...count, target };
    } catch (err) {
      await stop?.();
      await landing.discard();
      throw err;
    }
  }

  /**
   * Local files and folders copied into a folder of the resource, each under its own name: unpacked into a staging
   * folder there, then renamed into place whole, so what was there is replaced only by a finished copy.
   */
  async upload(
    resourceId: string,
    sources: string[],
    dir: string,
    overwrite: boolean,
    op: OperationContext,
  ): Promise<{ files: number; bytes: number }> {
    const { files } = this.files(resourceId);
    const target = containerPath(dir);
    const st = await files.stat(target);
    if (st?.kind !== 'directory') throw new FileError('FileNotADirectory', l10n.t('{0} is not a folder', target));
    const names = sources.map((s) => path.basename(s));
    if (!overwrite) {
      const there = new Set((await files.list(target)).map((e) => e.name));
      const clash = names.filter((n) => there.has(n));
      if (clash.length) throw new FileError('FileExists', l10n.t('{0} already has {1}', target, clash.join(', ')));
    }
    op.progress(l10n.t('Packing {0}…', names.join(', ')));
    const { entries, files: count, bytes } = await localEntries(sources);
    const staging = stagingName();
    const stagingPath = posix.join(target, staging);
    const job = await this.uploads.begin(files.target, target, stagingPath);
    // Whether the container holds nothing of this upload's any more (put in place, or undone).
    let settled = false;
    try {
      const mtime = Math.floor(Date.now() / 1000);
      await writeTarFile(
        [
          { rel: staging, abs: '', type: 'directory', size: 0, mode: 0o700, mtime },
          ...entries.map((e) => ({ ...e, rel: `${staging}/${e.rel}` })),
        ],
        job.tar,
      );
      const size = (await fs.promises.stat(job.tar)).size;
      if (op.signal?.aborted) throw new UserError(l10n.t('cancelled'));
      op.progress(l10n.t('Copying {0} files ({1}) into {2}…', count, sizeText(bytes), target));
      const source = fs.createReadStream(job.tar, { highWaterMark: 256 * 1024 });
      await files.writeArchive(target, failpointHalfway('upload:copying', source, size), size);
      if (op.signal?.aborted) throw new UserError(l10n.t('cancelled'));
      // From here the copy is whole: the names are put in place.
      op.pastNoReturn?.();
      const done = await files.run(commitCommand(target, stagingPath, overwrite, names), 120_000);
      if (done.code === 3)
        throw new FileError('FileExists', l10n.t('{0} already has {1}', target, done.stderr.replace(/^exists: /, '').trim()));
      if (done.code !== 0)
        throw new UserError(l10n.t('could not put {0} in place in {1}: {2}', names.join(', '), target, done.stderr.trim()));
      settled = true;
      return { files: count, bytes };
    } catch (err) {
      // What was there stays; the staging folder goes (or, with the engine gone, when it answers again).
      settled = await files
        .run(discardCommand(target, stagingPath), 120_000)
        .then((r) => r.code === 0)
        .catch(() => false);
      throw err;
    } finally {
      if (settled) await job.finished();
      else await job.leftInContainer();
    }
  }
}
