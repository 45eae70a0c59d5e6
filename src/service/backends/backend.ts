// Containers on a Docker engine, as the Docker runners of each kind use them
// (runtime/<kind>s/container*.ts); implemented with dockerode in
// docker/dockerOperations.ts. Pods have their own interface (podBackend.ts), and
// what both offer alike (logs, exec) reaches a runtime through runtime/resourceAccess.ts.
import type { Readable, Writable } from 'node:stream';
import type { BackendKind } from '../../protocol/model';

export interface ContainerCreateSpec {
  name?: string;
  image: string;
  /** Replaces the image's entrypoint; [] clears it. */
  entrypoint?: string[];
  cmd?: string[];
  env?: string[];
  labels: Record<string, string>;
  networkMode: 'bridge' | 'host';
  mounts: { volume: string; target: string }[];
  /** bridge: publish these container ports on a host port (a random one unless given). */
  publish: { containerPort: number; hostIp: string; hostPort?: number }[];
  tty?: boolean;
  workingDir?: string;
  hostname?: string;
}

export interface ContainerDetails {
  id: string;
  name: string;
  image: string;
  running: boolean;
  status: string;
  exitCode: number;
  /** Times the engine restarted it by its restart policy. */
  restartCount?: number;
  /** Its memory limit in bytes; 0 for none. */
  memoryLimit?: number;
  tty: boolean;
  labels: Record<string, string>;
  /** containerPort/tcp → host port, for published ports. */
  ports: Record<number, number>;
  volumes: string[];
  /** How it was made, where the backend tells (Docker): what adopting an orphan rebuilds its spec from. */
  config?: ContainerConfig;
}

export interface ContainerConfig {
  cmd: string[];
  entrypoint: string[];
  env: string[];
  networkMode: string;
  /** ISO time. */
  created: string;
}

export interface InteractiveSession {
  /** Raw output (a TTY merges stdout and stderr). */
  output: Readable;
  write(data: string | Buffer): void;
  resize(cols: number, rows: number): Promise<void>;
  close(): void;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number>;
}

/** A process with stdin and demultiplexed stdout/stderr, no TTY. */
export interface PipeSession {
  stdout: Readable;
  stderr: Readable;
  write(data: string | Buffer): void;
  close(): void;
  exited: Promise<number>;
}

export interface LogChunk {
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface LogFollower {
  stop(): void;
  /** Resolves when the stream ends (the container is gone, or stop()). */
  ended: Promise<string>;
}

export interface ContainerBackend {
  readonly kind: BackendKind;
  imageExists(ref: string): Promise<boolean>;
  /** Tagged images whose repository is this one (any registry, any tag), newest first. */
  localImages(repository: string): Promise<{ ref: string; created: number; size: number }[]>;
  /** The environment an image gives its containers (undefined when the image is gone). */
  imageEnv(ref: string): Promise<string[] | undefined>;
  pullImage(ref: string, onProgress: (line: string) => void, signal?: AbortSignal): Promise<void>;
  volumeExists(name: string): Promise<boolean>;
  createVolume(name: string, labels: Record<string, string>): Promise<void>;
  removeVolume(name: string): Promise<void>;
  createContainer(spec: ContainerCreateSpec): Promise<string>;
  startContainer(id: string): Promise<void>;
  restartContainer(id: string, timeoutSeconds: number): Promise<void>;
  stopContainer(id: string, timeoutSeconds: number): Promise<void>;
  removeContainer(id: string): Promise<void>;
  inspectContainer(id: string): Promise<ContainerDetails | undefined>;
  /** The engine's inspect document as it gives it. */
  inspectRaw(id: string): Promise<unknown>;
  execInteractive(id: string, cmd: string[], size: { cols: number; rows: number }): Promise<InteractiveSession>;
  execPipe(id: string, cmd: string[]): Promise<PipeSession>;
  followLogs(id: string, tail: number, onChunk: (c: LogChunk) => void): Promise<LogFollower>;
  /** Docker's stats stream: one message a second, each handed over as parsed JSON, until stopped. */
  streamStats(id: string, onStats: (s: unknown) => void): Promise<LogFollower>;
  /** Copies a file into a directory of a (created or running) container. */
  putFile(id: string, dir: string, name: string, source: Readable, size: number): Promise<void>;
  /** Extracts a tar stream into a directory of a (created or running) container. */
  putArchive(id: string, dir: string, tar: Readable): Promise<void>;
  /**
   * The log so far (no follow): the last `tail` lines, or those since a time; each line
   * prefixed with its timestamp when asked. `tty` known saves an inspect.
   */
  readLogs(id: string, opts: { tail?: number; sinceMs?: number; timestamps?: boolean; tty?: boolean }): Promise<LogChunk[]>;
  /** Streams the contents of a directory of a container out as a tar (entries relative to it) into `sink`; resolves with its bytes. */
  getArchive(id: string, dir: string, sink: Writable): Promise<number>;
  /** Streams one regular file out of a container into `sink` (ended when done); resolves with its size. */
  getFile(id: string, filePath: string, sink: Writable): Promise<number>;
}
