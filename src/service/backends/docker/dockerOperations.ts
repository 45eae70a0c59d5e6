// The ContainerBackend on Docker: dockerode calls with timeouts, exec output
// demultiplexed, files in and out through the archive API, log streams followed.
import { PassThrough, Readable, type Duplex, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type Docker from 'dockerode';
import type {
  ContainerBackend,
  ContainerCreateSpec,
  ContainerDetails,
  InteractiveSession,
  LogChunk,
  LogFollower,
  PipeSession,
} from '../backend';
import { isNotFound, statusCode, type DockerApi } from './dockerApi';
import { StreamDemuxer } from './streamDemux';
import { extractFirstFile, singleFileTar } from './archives';

/** The exec's exit code once its stream has ended (Docker knows it only then); -1 if it cannot say. */
function exitCodeOnEnd(stream: Duplex, exec: Docker.Exec, onEnd?: () => void): Promise<number> {
  return new Promise<number>((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      onEnd?.();
      exec.inspect().then(
        (i) => resolve(i.ExitCode ?? 0),
        () => resolve(-1),
      );
    };
    stream.on('end', finish);
    stream.on('close', finish);
    stream.on('error', finish);
  });
}

export class DockerOperations implements ContainerBackend {
  readonly kind = 'docker' as const;

  constructor(private readonly api: DockerApi) {}

  private get docker(): Docker {
    return this.api.docker;
  }

  async imageExists(ref: string): Promise<boolean> {
    try {
      await this.api.call(`inspect image ${ref}`, () => this.docker.getImage(ref).inspect());
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  async localImages(repository: string): Promise<{ ref: string; created: number; size: number }[]> {
    const all = await this.api.call('list images', () => this.docker.listImages());
    const repoOf = (tag: string) => {
      const colon = tag.lastIndexOf(':');
      return colon > tag.lastIndexOf('/') ? tag.slice(0, colon) : tag;
    };
    // "redis" matches redis:7 and docker.io/library/redis:7; "my.registry/team/redis" only itself.
    const wanted = (tag: string) => {
      const repo = repoOf(tag);
      return repo === repository || repo === `docker.io/library/${repository}` || repo === `library/${repository}`;
    };
    return all
      .flatMap((i) =>
        (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>' && wanted(t)).map((ref) => ({ ref, created: i.Created, size: i.Size })),
      )
      .sort((a, b) => b.created - a.created || a.ref.localeCompare(b.ref));
  }

  async imageEnv(ref: string): Promise<string[] | undefined> {
    try {
      const info = await this.api.call(`inspect image ${ref}`, () => this.docker.getImage(ref).inspect());
      return info.Config?.Env ?? [];
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async pullImage(ref: string, onProgress: (line: string) => void, signal?: AbortSignal): Promise<void> {
    const stream = await this.api.call(`pull ${ref}`, () => this.api.streaming.pull(ref), 60_000);
    signal?.addEventListener('abort', () => (stream as Readable).destroy(new Error('pull cancelled')));
    // Errors arrive inside the 200 stream: followProgress reports them.
    await new Promise<void>((resolve, reject) => {
      this.api.streaming.modem.followProgress(
        stream,
        (err: Error | null) => (err ? reject(new Error(`pull ${ref}: ${err.message}`)) : resolve()),
        (ev: { status?: string; progress?: string; id?: string }) => onProgress([ev.id, ev.status, ev.progress].filter(Boolean).join(' ')),
      );
    });
  }

  async volumeExists(name: string): Promise<boolean> {
    try {
      await this.api.call(`inspect volume ${name}`, () => this.docker.getVolume(name).inspect());
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  async createVolume(name: string, labels: Record<string, string>): Promise<void> {
    await this.api.call(`create volume ${name}`, () => this.docker.createVolume({ Name: name, Labels: labels }));
  }

  async removeVolume(name: string): Promise<void> {
    try {
      await this.api.call(`remove volume ${name}`, () => this.docker.getVolume(name).remove());
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  async createContainer(spec: ContainerCreateSpec): Promise<string> {
    const exposed: Record<string, object> = {};
    const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
    for (const p of spec.publish) {
      exposed[`${p.containerPort}/tcp`] = {};
      bindings[`${p.containerPort}/tcp`] = [{ HostIp: p.hostIp, HostPort: p.hostPort ? String(p.hostPort) : '' }];
    }
    const opts: Docker.ContainerCreateOptions = {
      Image: spec.image,
      Labels: spec.labels,
      Tty: spec.tty ?? false,
      ExposedPorts: exposed,
      HostConfig: {
        NetworkMode: spec.networkMode,
        PortBindings: bindings,
        Mounts: spec.mounts.map((m) => ({ Type: 'volume' as const, Source: m.volume, Target: m.target })),
      },
    };
    if (spec.name) opts.name = spec.name;
    if (spec.cmd) opts.Cmd = spec.cmd;
    if (spec.entrypoint) opts.Entrypoint = spec.entrypoint;
    if (spec.hostname) opts.Hostname = spec.hostname;
    if (spec.env) opts.Env = spec.env;
    if (spec.workingDir) opts.WorkingDir = spec.workingDir;
    const c = await this.api.call(`create container ${spec.name ?? ''}`.trim(), () => this.docker.createContainer(opts));
    return c.id;
  }

  async startContainer(id: string): Promise<void> {
    await this.tolerate304(`start ${id.slice(0, 12)}`, () => this.docker.getContainer(id).start());
  }

  async restartContainer(id: string, timeoutSeconds: number): Promise<void> {
    await this.api.call(
      `restart ${id.slice(0, 12)}`,
      () => this.docker.getContainer(id).restart({ t: timeoutSeconds }),
      (timeoutSeconds + 30) * 1000,
    );
  }

  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    await this.tolerate304(
      `stop ${id.slice(0, 12)}`,
      () => this.docker.getContainer(id).stop({ t: timeoutSeconds }),
      (timeoutSeconds + 30) * 1000,
    );
  }

  async removeContainer(id: string): Promise<void> {
    try {
      // Never its volumes: data is removed on purpose, by name, or not at all.
      await this.api.call(`remove ${id.slice(0, 12)}`, () => this.docker.getContainer(id).remove({ force: true, v: false }), 60_000);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** Docker answers 304 for "already started/stopped": that is success. */
  private async tolerate304(what: string, fn: () => Promise<unknown>, timeoutMs?: number): Promise<void> {
    try {
      await this.api.call(what, fn, timeoutMs);
    } catch (err) {
      if (statusCode(err) !== 304) throw err;
    }
  }

  async inspectContainer(id: string): Promise<ContainerDetails | undefined> {
    let info: Docker.ContainerInspectInfo;
    try {
      info = await this.api.call(`inspect ${id.slice(0, 12)}`, () => this.docker.getContainer(id).inspect());
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    const ports: Record<number, number> = {};
    for (const [key, binds] of Object.entries(info.NetworkSettings?.Ports ?? {})) {
      const hostPort = Number(binds?.[0]?.HostPort);
      if (hostPort > 0) ports[parseInt(key, 10)] = hostPort;
    }
    return {
      id: info.Id,
      name: info.Name.replace(/^\//, ''),
      image: info.Config.Image,
      running: info.State.Running,
      status: info.State.Status,
      exitCode: info.State.ExitCode,
      restartCount: info.RestartCount,
      memoryLimit: info.HostConfig?.Memory ?? 0,
      tty: info.Config.Tty,
      labels: info.Config.Labels ?? {},
      ports,
      volumes: (info.Mounts ?? []).filter((m) => m.Type === 'volume' && m.Name).map((m) => m.Name as string),
      config: {
        cmd: asStrings(info.Config.Cmd),
        entrypoint: asStrings(info.Config.Entrypoint),
        env: info.Config.Env ?? [],
        networkMode: info.HostConfig?.NetworkMode ?? '',
        created: info.Created,
      },
    };
  }

  async inspectRaw(id: string): Promise<unknown> {
    return this.api.call(`inspect ${id.slice(0, 12)}`, () => this.docker.getContainer(id).inspect());
  }

  async execInteractive(id: string, cmd: string[], size: { cols: number; rows: number }): Promise<InteractiveSession> {
    const exec = await this.api.call(`exec ${cmd[0]} in ${id.slice(0, 12)}`, () =>
      this.api.streaming
        .getContainer(id)
        .exec({ Cmd: cmd, AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: true, Env: ['TERM=xterm-256color'] }),
    );
    const stream = await this.api.call<Duplex>('start exec', () => exec.start({ hijack: true, stdin: true, Tty: true }));
    const output = new PassThrough();
    stream.pipe(output);
    const exited = exitCodeOnEnd(stream, exec);
    const resize = async (cols: number, rows: number) => {
      await this.api.call('resize exec', () => exec.resize({ h: rows, w: cols })).catch(() => undefined);
    };
    await resize(size.cols, size.rows);
    return {
      output,
      write: (data) => {
        stream.write(data);
      },
      resize,
      // Destroying the hijacked socket ends the session; redis-cli/sh get a hangup.
      close: () => stream.destroy(),
      exited,
    };
  }

  async execPipe(id: string, cmd: string[]): Promise<PipeSession> {
    const exec = await this.api.call(`exec ${cmd[0]} in ${id.slice(0, 12)}`, () =>
      this.api.streaming.getContainer(id).exec({ Cmd: cmd, AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: false }),
    );
    const stream = await this.api.call<Duplex>('start exec', () => exec.start({ hijack: true, stdin: true }));
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const demux = new StreamDemuxer();
    stream.on('data', (chunk: Buffer) => {
      for (const f of demux.push(chunk)) (f.stream === 'stderr' ? stderr : stdout).write(f.data);
    });
    const exited = exitCodeOnEnd(stream, exec, () => {
      stdout.end();
      stderr.end();
    });
    return { stdout, stderr, write: (data) => void stream.write(data), close: () => stream.destroy(), exited };
  }

  async followLogs(id: string, tail: number, onChunk: (c: LogChunk) => void): Promise<LogFollower> {
    const details = await this.inspectContainer(id);
    if (!details) throw new Error(`container ${id.slice(0, 12)} does not exist`);
    const stream = (await this.api.call(`logs ${id.slice(0, 12)}`, () =>
      this.api.streaming.getContainer(id).logs({ follow: true, stdout: true, stderr: true, tail }),
    )) as unknown as Readable;
    const demux = details.tty ? undefined : new StreamDemuxer();
    stream.on('data', (chunk: Buffer) => {
      if (!demux) onChunk({ stream: 'stdout', text: chunk.toString('utf8') });
      else for (const f of demux.push(chunk)) onChunk({ stream: f.stream, text: f.data.toString('utf8') });
    });
    let stopped = false;
    const ended = new Promise<string>((resolve) => {
      stream.on('end', () => resolve(stopped ? 'stopped' : 'the log stream ended'));
      stream.on('close', () => resolve(stopped ? 'stopped' : 'the log stream ended'));
      stream.on('error', (e: Error) => resolve(stopped ? 'stopped' : `the log stream failed: ${e.message}`));
    });
    return {
      stop: () => {
        stopped = true;
        stream.destroy();
      },
      ended,
    };
  }

  async streamStats(id: string, onStats: (s: unknown) => void): Promise<LogFollower> {
    const stream = (await this.api.call(`stats ${id.slice(0, 12)}`, () =>
      this.api.streaming.getContainer(id).stats({ stream: true }),
    )) as unknown as Readable;
    // One JSON document per line.
    let partial = '';
    stream.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const l of lines) {
        if (!l.trim()) continue;
        try {
          onStats(JSON.parse(l));
        } catch {
          // A torn line can only come from a broken stream, which ends below.
        }
      }
    });
    let stopped = false;
    const ended = new Promise<string>((resolve) => {
      stream.on('end', () => resolve(stopped ? 'stopped' : 'the stats stream ended'));
      stream.on('close', () => resolve(stopped ? 'stopped' : 'the stats stream ended'));
      stream.on('error', (e: Error) => resolve(stopped ? 'stopped' : `the stats stream failed: ${e.message}`));
    });
    return {
      stop: () => {
        stopped = true;
        stream.destroy();
      },
      ended,
    };
  }

  async putFile(id: string, dir: string, name: string, source: Readable, size: number): Promise<void> {
    const tar = singleFileTar(name, size, source);
    await this.api.call(
      `copy ${name} into ${id.slice(0, 12)}:${dir}`,
      () => this.docker.getContainer(id).putArchive(tar, { path: dir }),
      300_000,
    );
  }

  async putArchive(id: string, dir: string, tar: Readable): Promise<void> {
    await this.api.call(`copy into ${id.slice(0, 12)}:${dir}`, () => this.docker.getContainer(id).putArchive(tar, { path: dir }), 300_000);
  }

  async readLogs(id: string, opts: { tail?: number; sinceMs?: number; timestamps?: boolean; tty?: boolean }): Promise<LogChunk[]> {
    let tty = opts.tty;
    if (tty === undefined) {
      const details = await this.inspectContainer(id);
      if (!details) throw new Error(`container ${id.slice(0, 12)} does not exist`);
      tty = details.tty;
    }
    const q: { follow: false; stdout: true; stderr: true; timestamps: boolean; tail?: number; since?: number } = {
      follow: false,
      stdout: true,
      stderr: true,
      timestamps: opts.timestamps ?? false,
    };
    if (opts.tail !== undefined) q.tail = opts.tail;
    // Whole seconds: callers that need finer cuts ask for timestamps and filter.
    if (opts.sinceMs !== undefined) q.since = Math.floor(opts.sinceMs / 1000);
    const raw = await this.api.call(`logs ${id.slice(0, 12)}`, () => this.docker.getContainer(id).logs(q));
    const buf = Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw));
    if (tty) return [{ stream: 'stdout', text: buf.toString('utf8') }];
    return new StreamDemuxer().push(buf).map((f) => ({ stream: f.stream, text: f.data.toString('utf8') }));
  }

  async getArchive(id: string, dir: string, sink: Writable): Promise<number> {
    const run = async () => {
      // "dir/." asks for the directory's contents, not the directory itself.
      const stream = (await this.api.streaming
        .getContainer(id)
        .getArchive({ path: `${dir.replace(/\/+$/, '')}/.` })) as unknown as Readable;
      let bytes = 0;
      stream.on('data', (c: Buffer) => (bytes += c.length));
      await pipeline(stream, sink);
      return bytes;
    };
    return this.api.call(`copy ${dir} out of ${id.slice(0, 12)}`, run, 300_000);
  }

  async getFile(id: string, filePath: string, sink: Writable): Promise<number> {
    const run = async () => {
      const stream = (await this.api.streaming.getContainer(id).getArchive({ path: filePath })) as unknown as Readable;
      return (await extractFirstFile(stream, sink, filePath)).size;
    };
    return this.api.call(`copy ${filePath} out of ${id.slice(0, 12)}`, run, 300_000);
  }
}

/** Docker gives Cmd and Entrypoint as a list, a string, or null. */
function asStrings(v: string | string[] | null | undefined): string[] {
  if (Array.isArray(v)) return v;
  return typeof v === 'string' && v !== '' ? [v] : [];
}
