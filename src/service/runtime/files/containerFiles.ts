// A container's files on Docker: bytes in and out through the engine's archive API (a tar either way, which also
// works on a stopped container), listing and the rest through an exec of the container's own tools.
import * as posix from 'node:path/posix';
import { Readable, type Writable } from 'node:stream';
import type { FileEntry } from '../../../protocol/files';
import { l10n } from '../../../protocol/l10n';
import type { ContainerBackend } from '../../backends/backend';
import { singleFileTar } from '../../backends/docker/archives';
import { containerPath, splitPath } from './filePaths';
import { ExecFileOps, FileError, type ExecResult, type ResourceFiles } from './resourceFiles';
import type { UploadTarget } from './uploads';

export class ContainerFiles implements ResourceFiles {
  private readonly ops: ExecFileOps;
  readonly target: UploadTarget;

  constructor(
    private readonly docker: ContainerBackend,
    private readonly id: string,
  ) {
    this.ops = new ExecFileOps((cmd) => docker.execPipe(id, cmd));
    this.target = { backend: 'docker', id };
  }

  run(cmd: string[], timeoutMs?: number): Promise<ExecResult> {
    return this.ops.run(cmd, timeoutMs);
  }

  list(dir: string): Promise<FileEntry[]> {
    return this.ops.list(dir);
  }

  stat(p: string): Promise<FileEntry | undefined> {
    return this.ops.stat(p);
  }

  /** The archive API gives a link as a link: its target's real path is read first. */
  private async real(p: string): Promise<string> {
    const r = await this.ops.run(['readlink', '-f', '--', p]);
    const real = r.stdout.trim();
    if (r.code !== 0 || !real.startsWith('/'))
      throw new FileError(
        'FileNotFound',
        l10n.t('{0}: its link leads nowhere ({1})', p, (r.stderr || r.stdout).trim() || `exit ${r.code}`),
      );
    return real;
  }

  async readFile(p: string, sink: Writable): Promise<number> {
    const st = await this.ops.stat(p);
    return this.docker.getFile(this.id, st?.link ? await this.real(p) : containerPath(p), sink);
  }

  async writeFile(p: string, data: Buffer, like: FileEntry | undefined): Promise<void> {
    const target = like?.link ? await this.real(p) : containerPath(p);
    const { dir, name } = splitPath(target);
    const tar = singleFileTar(name, data.length, Readable.from([data]), {
      mode: like?.mode ?? 0o644,
      uid: like?.uid ?? 0,
      gid: like?.gid ?? 0,
    });
    await this.docker.putArchive(this.id, dir, tar);
  }

  async readArchive(p: string, sink: Writable): Promise<void> {
    await this.docker.getArchive(this.id, containerPath(p), sink);
  }

  writeArchive(dir: string, source: Readable): Promise<void> {
    return this.docker.putArchive(this.id, containerPath(dir), source);
  }

  remove(p: string, recursive: boolean): Promise<void> {
    return this.ops.remove(p, recursive);
  }

  mkdir(p: string): Promise<void> {
    return this.ops.mkdir(p);
  }

  rename(from: string, to: string): Promise<void> {
    return this.ops.rename(from, posix.normalize(to));
  }
}
