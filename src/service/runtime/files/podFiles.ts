// A Pod's files: everything through exec in its main container, bytes as tar on the exec's streams (kubectl cp
// does the same), so the image needs sh and tar, as kubectl cp's does.
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FileEntry } from '../../../protocol/files';
import { l10n } from '../../../protocol/l10n';
import type { Resource } from '../../../protocol/model';
import type { PipeSession } from '../../backends/backend';
import { extractFirstFile } from '../../backends/docker/archives';
import { mainContainer } from '../../backends/kubernetes/podSpecs';
import type { PodBackend } from '../../backends/podBackend';
import { UserError } from '../userError';
import { containerPath, splitPath } from './filePaths';
import { ExecFileOps, fileErrorOf, viaShell, type ExecResult, type ResourceFiles } from './resourceFiles';
import type { UploadTarget } from './uploads';

const COPY_MS = 300_000;

export class PodFiles implements ResourceFiles {
  private readonly ops: ExecFileOps;
  readonly target: UploadTarget;

  constructor(
    private readonly pods: PodBackend,
    private readonly r: Resource,
  ) {
    this.ops = new ExecFileOps((cmd) => this.exec(cmd));
    this.target = { backend: 'kubernetes', id: r.containerId, container: mainContainer(r.kind) };
  }

  run(cmd: string[], timeoutMs?: number): Promise<ExecResult> {
    return this.ops.run(cmd, timeoutMs);
  }

  private exec(cmd: string[]): Promise<PipeSession> {
    if (!this.r.containerId) throw new UserError(l10n.t('{0} has no Pod while it is stopped', this.r.displayName ?? this.r.name));
    return this.pods.execPipe(this.r.containerId, mainContainer(this.r.kind), cmd);
  }

  list(dir: string): Promise<FileEntry[]> {
    return this.ops.list(dir);
  }

  stat(p: string): Promise<FileEntry | undefined> {
    return this.ops.stat(p);
  }

  /** Runs a command whose stdout is a stream for `consume`; fails with its stderr when it exits non-zero. */
  private async streamOut(cmd: string[], what: string, consume: (stdout: Readable) => Promise<unknown>): Promise<void> {
    const s = await this.exec(viaShell(cmd));
    let stderr = '';
    s.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let timer: NodeJS.Timeout | undefined;
    try {
      const [, code] = await Promise.race([
        Promise.all([consume(s.stdout), s.exited]),
        new Promise<never>(
          (_, reject) =>
            (timer = setTimeout(() => reject(new Error(l10n.t('{0} did not finish within {1} s', what, COPY_MS / 1000))), COPY_MS)),
        ),
      ]);
      if (code !== 0) throw fileErrorOf(cmd[cmd.length - 1], { code, stdout: '', stderr }, what);
    } catch (err) {
      s.close();
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  async readFile(p: string, sink: Writable): Promise<number> {
    const { dir, name } = splitPath(p);
    let size = 0;
    // -h: a link is read as the file it leads to.
    await this.streamOut(['tar', '-c', '-h', '-f', '-', '-C', dir, '--', name], l10n.t('read {0}', p), async (out) => {
      size = (await extractFirstFile(out, sink, p)).size;
    });
    return size;
  }

  async writeFile(p: string, data: Buffer): Promise<void> {
    // Written in place (through a link, keeping the file's mode and owner); head stops at the size, as stdin has no end.
    const path = containerPath(p);
    const r = await this.ops.run(['sh', '-c', 'head -c "$1" > "$2"', 'sh', String(data.length), path], COPY_MS, data);
    if (r.code !== 0) throw fileErrorOf(path, r, l10n.t('write {0}', path));
  }

  async readArchive(p: string, sink: Writable): Promise<void> {
    await this.streamOut(['tar', '-c', '-f', '-', '-C', containerPath(p), '.'], l10n.t('read {0}', p), (out) => pipeline(out, sink));
  }

  async writeArchive(dir: string, source: Readable, size: number): Promise<void> {
    const d = containerPath(dir);
    const s = await this.exec(['sh', '-c', 'head -c "$1" | tar -x -f - -C "$2"', 'sh', String(size), d]);
    let stderr = '';
    s.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    s.stdout.resume();
    let timer: NodeJS.Timeout | undefined;
    try {
      for await (const chunk of source) s.write(chunk as Buffer);
      const code = await Promise.race([
        s.exited,
        new Promise<never>(
          (_, reject) => (timer = setTimeout(() => reject(new Error(l10n.t('the copy did not finish within 5 minutes'))), COPY_MS)),
        ),
      ]);
      if (code !== 0) throw fileErrorOf(d, { code, stdout: '', stderr }, l10n.t('copy into {0}', d));
    } catch (err) {
      s.close();
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  remove(p: string, recursive: boolean): Promise<void> {
    return this.ops.remove(p, recursive);
  }

  mkdir(p: string): Promise<void> {
    return this.ops.mkdir(p);
  }

  rename(from: string, to: string): Promise<void> {
    return this.ops.rename(from, to);
  }
}
