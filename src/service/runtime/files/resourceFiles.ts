// A resource's file system, one implementation per way of running it: a container on Docker (the archive API
// moves the bytes) and a Pod (exec with tar). Both list, stat, delete, make folders and rename through an exec of
// the POSIX tools every image with a shell has; that part is shared here.
import type { Readable, Writable } from 'node:stream';
import type { FileEntry, FileErrorCode } from '../../../protocol/files';
import { l10n } from '../../../protocol/l10n';
import type { PipeSession } from '../../backends/backend';
import { UserError } from '../userError';
import { containerPath, listCommand, listMark, parseListing, parseStat, statCommand } from './filePaths';
import type { UploadTarget } from './uploads';

/** A failed file operation with the error VS Code's file system expects (not found, exists…). */
export class FileError extends UserError {
  constructor(
    readonly code: FileErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface ResourceFiles {
  list(dir: string): Promise<FileEntry[]>;
  /** undefined: nothing there. */
  stat(p: string): Promise<FileEntry | undefined>;
  /** Streams one regular file into sink (ended when done); its size. */
  readFile(p: string, sink: Writable): Promise<number>;
  /** Writes one file whole, keeping the mode and owner it had (new files: 0644, the container's user). */
  writeFile(p: string, data: Buffer, like: FileEntry | undefined): Promise<void>;
  /** A tar of the path (a file, or a folder's contents relative to it) into sink. */
  readArchive(p: string, sink: Writable): Promise<void>;
  /** Extracts a tar file (size bytes, from source) into a folder. */
  writeArchive(dir: string, source: Readable, size: number): Promise<void>;
  remove(p: string, recursive: boolean): Promise<void>;
  mkdir(p: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Runs a command there (through sh where needed), to its end or the deadline. */
  run(cmd: string[], timeoutMs?: number): Promise<ExecResult>;
  /** Where it runs, as an unfinished upload records it. */
  readonly target: UploadTarget;
}

/** What an exec printed, and how it ended. */
export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

const MAX_OUTPUT = 16 * 1024 * 1024;

/** Runs a command to its end (or the deadline), collecting at most 16 MB of its output. */
export async function execRun(
  exec: (cmd: string[]) => Promise<PipeSession>,
  cmd: string[],
  timeoutMs: number,
  input?: Buffer,
): Promise<ExecResult> {
  const session = await exec(cmd);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let size = 0;
  const take = (into: Buffer[]) => (d: Buffer) => {
    size += d.length;
    if (size <= MAX_OUTPUT) into.push(d);
    else session.close();
  };
  session.stdout.on('data', take(out));
  session.stderr.on('data', take(err));
  if (input) session.write(input);
  let timer: NodeJS.Timeout | undefined;
  try {
    const code = await Promise.race([
      session.exited,
      new Promise<number>((_, reject) => {
        timer = setTimeout(() => {
          session.close();
          reject(new Error(l10n.t('{0} did not finish within {1} s', cmd[0], timeoutMs / 1000)));
        }, timeoutMs);
      }),
    ]);
    if (size > MAX_OUTPUT) throw new Error(l10n.t('{0} printed more than {1} MB', cmd[0], MAX_OUTPUT / 1024 / 1024));
    return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
  } finally {
    clearTimeout(timer);
  }
}

/** The error a failed POSIX tool means, by its message (GNU and BusyBox word them alike). */
export function fileErrorOf(p: string, r: ExecResult, what: string): FileError {
  const text = (r.stderr || r.stdout).trim();
  if (/no such file|not found|cannot stat|can't stat/i.test(text))
    return new FileError('FileNotFound', l10n.t('{0}: no such file or folder', p));
  if (/file exists/i.test(text)) return new FileError('FileExists', l10n.t('{0} already exists', p));
  if (/permission denied|read-only file system|operation not permitted/i.test(text))
    return new FileError('NoPermissions', l10n.t('{0}: {1}', p, text.split('\n')[0]));
  if (/not a directory/i.test(text)) return new FileError('FileNotADirectory', l10n.t('{0} is not a folder', p));
  if (/is a directory/i.test(text)) return new FileError('FileIsADirectory', l10n.t('{0} is a folder', p));
  if (r.code === 127 || /executable file not found|exec failed|no such file or directory.*sh/i.test(text))
    return new FileError('Unavailable', l10n.t('{0}: the container has no {1} to do it with', what, 'sh'));
  return new FileError('Unavailable', l10n.t('{0} failed ({1}): {2}', what, r.code, text.split('\n')[0] || l10n.t('no output')));
}

const SHORT_MS = 30_000;

/**
 * A tool run through sh: BusyBox images often have an applet (readlink, stat) that sh finds but that has no file
 * in $PATH for the engine's exec to start. The arguments stay arguments ("$@"), never parsed by the shell.
 */
export function viaShell(cmd: string[]): string[] {
  return cmd[0] === 'sh' ? cmd : ['sh', '-c', '"$@"', 'sh', ...cmd];
}

/** The exec half both ways of running share: list, stat, delete, mkdir, rename. */
export class ExecFileOps {
  constructor(private readonly exec: (cmd: string[]) => Promise<PipeSession>) {}

  run(cmd: string[], timeoutMs = SHORT_MS, input?: Buffer): Promise<ExecResult> {
    return execRun(this.exec, viaShell(cmd), timeoutMs, input).catch((err: Error) => {
      // An image without a shell (distroless, scratch) cannot be browsed; say so rather than an exec error.
      if (/executable file not found|no such file or directory/i.test(err.message))
        throw new FileError('Unavailable', l10n.t('the container has no shell (sh) to list its files with'));
      throw err;
    });
  }

  async list(dir: string): Promise<FileEntry[]> {
    const d = containerPath(dir);
    const mark = listMark();
    const r = await this.run(listCommand(d, mark));
    if (r.code === 127 || r.code === 126) throw fileErrorOf(d, r, l10n.t('list {0}', d));
    const out = parseListing(r.stdout, mark);
    if (out.state === 'ok') return out.entries;
    if (out.state === 'missing') throw new FileError('FileNotFound', l10n.t('{0}: no such folder', d));
    if (out.state === 'notdir') throw new FileError('FileNotADirectory', l10n.t('{0} is not a folder', d));
    throw new FileError('NoPermissions', l10n.t('{0}: permission denied', d));
  }

  async stat(p: string): Promise<FileEntry | undefined> {
    const path = containerPath(p);
    const r = await this.run(statCommand(path));
    if (r.code !== 0) throw fileErrorOf(path, r, l10n.t('stat {0}', path));
    return parseStat(path, r.stdout);
  }

  async remove(p: string, recursive: boolean): Promise<void> {
    const path = containerPath(p);
    if (path === '/') throw new FileError('NoPermissions', l10n.t('the root folder is not deleted'));
    const st = await this.stat(path);
    if (!st) throw new FileError('FileNotFound', l10n.t('{0}: no such file or folder', path));
    const cmd =
      st.kind === 'directory' && !st.link ? (recursive ? ['rm', '-rf', '--', path] : ['rmdir', '--', path]) : ['rm', '-f', '--', path];
    const r = await this.run(cmd, 120_000);
    if (r.code !== 0) throw fileErrorOf(path, r, l10n.t('delete {0}', path));
  }

  async mkdir(p: string): Promise<void> {
    const path = containerPath(p);
    const r = await this.run(['mkdir', '--', path]);
    if (r.code !== 0) throw fileErrorOf(path, r, l10n.t('create the folder {0}', path));
  }

  async rename(from: string, to: string): Promise<void> {
    const a = containerPath(from);
    const b = containerPath(to);
    const r = await this.run(['mv', '--', a, b], 120_000);
    if (r.code !== 0) throw fileErrorOf(a, r, l10n.t('rename {0}', a));
  }
}
