// Real-Docker test support: require a daemon (fail under CI=true, skip elsewhere),
// create containers exactly as a fakecloud server does, and clean up after.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import Docker from 'dockerode';

export const execFileP = promisify(execFile);
export const TEST_LABEL = 'fakecloud-explorer-test';
export const IMAGES = {
  busybox: 'fakecloud-test/busybox:latest',
  redis: 'fakecloud-test/redis:7',
  /** Redis as Debian-based images have it: bash, no nc. */
  redisNoNc: 'fakecloud-test/redis-nonc:7',
  memcached: 'fakecloud-test/memcached:1.6',
  instance: 'fakecloud-test/instance:latest',
  lambdaNode: 'fakecloud-test/lambda-nodejs:20',
};

/**
 * The engine the suites use: one of the test run's own (scripts/run-tests.mjs starts it, with the test images, in a
 * network namespace of the run's own), so nothing else on the machine — a developer's own fakecloud server and its
 * containers — is seen by a test; the machine's engine where the run could not have one of its own.
 */
export const TEST_DOCKER_SOCKET = process.env.FAKECLOUD_TEST_DOCKER_SOCKET || '/var/run/docker.sock';
export const TEST_DOCKER_URL = `unix://${TEST_DOCKER_SOCKET}`;

export const docker = new Docker({ socketPath: TEST_DOCKER_SOCKET, timeout: 30_000 });

/** Call in a before(): skips the suite without Docker, except under CI=true, where it fails. */
export async function requireDocker(ctx: Mocha.Context): Promise<void> {
  try {
    await docker.ping();
  } catch (err) {
    const why = `no Docker daemon at ${TEST_DOCKER_SOCKET} (${(err as Error).message}); run scripts/setup-machine.sh`;
    if (process.env.CI === 'true') throw new Error(why, { cause: err });
    console.warn(`      skipped: ${why}`);
    ctx.skip();
  }
  for (const image of Object.values(IMAGES)) {
    try {
      await docker.getImage(image).inspect();
    } catch {
      throw new Error(`test image ${image} is missing; run test/support/build-test-images.sh`);
    }
  }
}

/** A unique run id, so parallel or leftover runs never collide. */
export const RUN = `r${process.pid}${Date.now().toString(36)}`;

export interface FakecloudContainerSpec {
  /** e.g. { 'fakecloud-elasticache': 'my-cache' } */
  labels: Record<string, string>;
  image: string;
  cmd?: string[];
  entrypoint?: string[];
  /** host:container bind mounts. */
  binds?: string[];
  /** NAME=value entries. */
  env?: string[];
  /** The fakecloud server pid for fakecloud-instance; omit for our own containers. */
  serverPid?: number;
  start?: boolean;
}

/**
 * Creates a container as fakecloud does: no name (Docker picks one), its labels,
 * fakecloud-instance=fakecloud-<pid>; host networking here (no bridge on these machines).
 */
export async function createFakecloudContainer(spec: FakecloudContainerSpec): Promise<Docker.Container> {
  const labels: Record<string, string> = { ...spec.labels, [TEST_LABEL]: RUN };
  if (spec.serverPid !== undefined) labels['fakecloud-instance'] = `fakecloud-${spec.serverPid}`;
  const opts: Docker.ContainerCreateOptions = {
    Image: spec.image,
    Labels: labels,
    HostConfig: { NetworkMode: 'host', ...(spec.binds ? { Binds: spec.binds } : {}) },
  };
  if (spec.cmd) opts.Cmd = spec.cmd;
  if (spec.env) opts.Env = spec.env;
  if (spec.entrypoint) opts.Entrypoint = spec.entrypoint;
  const c = await docker.createContainer(opts);
  if (spec.start !== false) await c.start();
  return c;
}

export async function removeTestContainers(dockerApi: Docker = docker): Promise<void> {
  // Nothing to clean up where there is no daemon (a skipped suite).
  const list = await dockerApi.listContainers({ all: true, filters: JSON.stringify({ label: [`${TEST_LABEL}=${RUN}`] }) }).catch(() => []);
  await Promise.all(
    list.map((c) =>
      dockerApi
        .getContainer(c.Id)
        .remove({ force: true, v: true })
        .catch(() => undefined),
    ),
  );
}

/** The docker CLI, as a user runs it outside VS Code. */
export async function dockerCli(args: string[], host?: string): Promise<string> {
  const env = { ...process.env };
  if (host) env.DOCKER_HOST = host;
  const { stdout } = await execFileP('docker', args, { env, timeout: 30_000 });
  return stdout.trim();
}

export async function waitFor<T>(
  what: string,
  fn: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 5_000,
  everyMs = 10,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** SIGTERM, then SIGKILL after `graceMs`: a child process of the test's, once it has exited. */
export async function stopProcess(p: ChildProcess | undefined, graceMs = 15_000): Promise<void> {
  if (!p || p.exitCode !== null) return;
  const exited = new Promise<void>((r) => p.once('exit', () => r()));
  p.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, graceMs))]);
  if (p.exitCode === null) p.kill('SIGKILL');
}

/**
 * A Docker daemon of the test's own, on its own socket and data root, that the
 * test may stop and start without touching the machine's daemon.
 */
export class PrivateDockerd {
  readonly root: string;
  readonly socket: string;
  private proc: ChildProcess | undefined;
  private containerd: ChildProcess | undefined;

  /**
   * `ownContainerd`: run containerd as a process of its own that outlives dockerd, as a
   * system's containerd service does; a SIGKILLed dockerd then comes back at once,
   * reattaching to it (with dockerd's own child containerd, a restart after a kill
   * can wait on shims the killed one left).
   */
  constructor(
    name: string,
    private readonly opts: { ownContainerd?: boolean; bridge?: boolean } = {},
  ) {
    this.root = path.join('/tmp', `fcx-dockerd-${name}-${process.pid}`);
    this.socket = path.join(this.root, 'docker.sock');
  }

  /** The bridge this engine's containers sit on (`bridge: true`), made before it starts and removed after it stops. */
  bridge: { name: string; gateway: string } | undefined;

  /**
   * Makes a bridge of the test's own (dockerd makes no docker0 on these machines) on a /24 of 172.31.0.0/16 that no
   * interface here uses yet. Interface names are at most 15 characters.
   */
  private async makeBridge(): Promise<{ name: string; gateway: string }> {
    const name = `fcx${process.pid.toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`.slice(0, 15);
    const used = (await execFileP('ip', ['-o', '-4', 'addr', 'show'])).stdout;
    for (let third = 200; third < 250; third++) {
      const gateway = `172.31.${third}.1`;
      if (used.includes(`172.31.${third}.`)) continue;
      await execFileP('ip', ['link', 'add', name, 'type', 'bridge']);
      try {
        await execFileP('ip', ['addr', 'add', `${gateway}/24`, 'dev', name]);
        await execFileP('ip', ['link', 'set', name, 'up']);
      } catch (err) {
        await execFileP('ip', ['link', 'del', name]).catch(() => undefined);
        throw err;
      }
      return { name, gateway };
    }
    throw new Error('no free /24 in 172.31.200.0–172.31.249.0 for a test bridge');
  }

  private get containerdSocket(): string {
    return path.join(this.root, 'containerd', 'containerd.sock');
  }

  private async startContainerd(): Promise<void> {
    if (this.containerd && this.containerd.exitCode === null) return;
    const dir = path.join(this.root, 'containerd');
    fs.mkdirSync(dir, { recursive: true });
    const config = path.join(dir, 'config.toml');
    fs.writeFileSync(
      config,
      [
        'version = 2',
        `root = "${dir}/root"`,
        `state = "${dir}/state"`,
        'disabled_plugins = ["io.containerd.grpc.v1.cri"]',
        '[grpc]',
        `  address = "${this.containerdSocket}"`,
        '',
      ].join('\n'),
    );
    const log = fs.openSync(path.join(this.root, 'containerd.log'), 'a');
    this.containerd = spawn('containerd', ['--config', config], { stdio: ['ignore', log, log] });
    await waitFor('containerd to listen', () => fs.existsSync(this.containerdSocket) || undefined, 30_000, 50);
  }

  get url(): string {
    return `unix://${this.socket}`;
  }

  static available(): boolean {
    return process.getuid?.() === 0 && fs.existsSync('/usr/sbin/dockerd');
  }

  async start(): Promise<void> {
    fs.mkdirSync(this.root, { recursive: true });
    if (this.opts.ownContainerd) await this.startContainerd();
    if (this.opts.bridge && !this.bridge) this.bridge = await this.makeBridge();
    const log = fs.openSync(path.join(this.root, 'dockerd.log'), 'a');
    // On a bridge, ports are published on 127.0.0.1 only (`--ip`), through docker-proxy: no iptables rules at all.
    const network = this.bridge ? ['-b', this.bridge.name, '--ip', '127.0.0.1'] : ['--bridge=none'];
    this.proc = spawn(
      'dockerd',
      [
        '--storage-driver=vfs',
        ...network,
        '--iptables=false',
        '--ip-masq=false',
        '--shutdown-timeout',
        '1',
        '--data-root',
        path.join(this.root, 'data'),
        '--exec-root',
        path.join(this.root, 'exec'),
        '--pidfile',
        path.join(this.root, 'dockerd.pid'),
        '-H',
        this.url,
        ...(this.opts.ownContainerd ? ['--containerd', this.containerdSocket] : []),
      ],
      { stdio: ['ignore', log, log] },
    );
    const d = new Docker({ socketPath: this.socket, timeout: 2_000 });
    try {
      await waitFor('the private dockerd to answer', () => d.ping().then(() => true), 30_000, 100);
    } catch (err) {
      const tail = fs.readFileSync(path.join(this.root, 'dockerd.log'), 'utf8').trim().split('\n').slice(-8).join('\n');
      throw new Error(`${(err as Error).message}\nlast lines of its log:\n${tail}`, { cause: err });
    }
  }

  /** A dockerode client for this daemon. */
  client(): Docker {
    return new Docker({ socketPath: this.socket, timeout: 30_000 });
  }

  /**
   * Copies images from the machine's daemon (a private one starts with none); `as` tags them here under other names
   * too (the names a fakecloud server asks for, which only this engine of the test's own gets).
   */
  async loadImages(images: string[], as: Record<string, string[]> = {}): Promise<void> {
    const priv = this.client();
    for (const image of images) {
      const tar = await docker.getImage(image).get();
      const res = await priv.loadImage(tar);
      await new Promise<void>((resolve, reject) => priv.modem.followProgress(res, (err) => (err ? reject(err) : resolve())));
      for (const name of as[image] ?? []) {
        const colon = name.lastIndexOf(':');
        await priv.getImage(image).tag({ repo: name.slice(0, colon), tag: name.slice(colon + 1) });
      }
    }
  }

  /** SIGSTOP: the engine hangs, answering nothing, as a machine under a stall does; `thaw` lets it go on. */
  freeze(): void {
    if (this.proc?.pid) process.kill(this.proc.pid, 'SIGSTOP');
  }

  thaw(): void {
    if (this.proc?.pid) process.kill(this.proc.pid, 'SIGCONT');
  }

  /** SIGKILL, as a crash: no shutdown of its containers, no cleanup. Resolves once it has exited. */
  async kill(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise<void>((r) => p.once('exit', () => r()));
    p.kill('SIGKILL');
    await exited;
    this.proc = undefined;
  }

  async stop(): Promise<void> {
    await stopProcess(this.proc);
    this.proc = undefined;
  }

  async destroy(): Promise<void> {
    await this.stop();
    await stopProcess(this.containerd, 10_000);
    // Shims of its containers outlive containerd: theirs only (by their socket address).
    await execFileP('pkill', ['-9', '-f', `containerd-shim.*${this.root}/`]).catch(() => undefined);
    // dockerd leaves mounts (netns, overlay roots) under its exec root: unmount, deepest first.
    const mounts = fs
      .readFileSync('/proc/mounts', 'utf8')
      .split('\n')
      .map((l) => l.split(' ')[1])
      .filter((m): m is string => !!m && m.startsWith(this.root + '/'))
      .sort((a, b) => b.length - a.length);
    for (const m of mounts) await execFileP('umount', ['-l', m]).catch(() => undefined);
    fs.rmSync(this.root, { recursive: true, force: true });
    if (this.bridge) {
      await execFileP('ip', ['link', 'del', this.bridge.name]).catch(() => undefined);
      this.bridge = undefined;
    }
  }
}

/** Removes every container and volume whose name carries `part` (a run's id), volumes after containers. */
export async function removeNamed(part: string): Promise<void> {
  for (const ctr of await docker.listContainers({ all: true, filters: JSON.stringify({ name: [part] }) }).catch(() => [])) {
    await docker
      .getContainer(ctr.Id)
      .remove({ force: true })
      .catch(() => undefined);
  }
  for (const v of ((await docker.listVolumes().catch(() => ({ Volumes: [] }))).Volumes ?? []).filter((x) => x.Name.includes(part))) {
    await docker
      .getVolume(v.Name)
      .remove()
      .catch(() => undefined);
  }
}

/** Containers whose Name tag (an instance's fakecloud-explorer.name label) contains `part`. */
export async function removeByNameTag(part: string): Promise<void> {
  const list = await docker.listContainers({ all: true, filters: JSON.stringify({ label: ['fakecloud-explorer.name'] }) }).catch(() => []);
  for (const ctr of list.filter((x) => (x.Labels['fakecloud-explorer.name'] ?? '').includes(part))) {
    await docker
      .getContainer(ctr.Id)
      .remove({ force: true })
      .catch(() => undefined);
  }
}

/** An image with one file and nothing to run (no sh): for failures at start. */
export async function importEmptyImage(tag: string): Promise<void> {
  const { singleFileTar } = await import('../../src/service/backends/docker/archives');
  const { Readable } = await import('node:stream');
  const content = Buffer.from('nothing to run here\n');
  const tar: Buffer[] = [];
  for await (const c of singleFileTar('README', content.length, Readable.from([content]))) tar.push(c as Buffer);
  const [repo, t] = tag.split(':');
  await new Promise<void>((resolve, reject) => {
    void docker.importImage(Readable.from(tar) as never, { repo, tag: t ?? 'latest' }).then((stream) => {
      stream.on('end', resolve).on('error', reject).resume();
    }, reject);
  });
}

/** The kill and die events of a cache's containers ("kill 15", "die 0"), as the engine reports them. */
export async function containerEvents(cacheName: string): Promise<{ list: string[]; stop: () => void }> {
  const list: string[] = [];
  const stream = (await docker.getEvents({
    filters: JSON.stringify({ type: ['container'], event: ['kill', 'die'], label: [`fakecloud-elasticache=${cacheName}`] }),
  })) as NodeJS.ReadableStream & { destroy: () => void };
  let rest = '';
  stream.on('data', (d: Buffer) => {
    const lines = (rest + d.toString()).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines.filter(Boolean)) {
      const e = JSON.parse(line) as { Action: string; Actor: { Attributes: Record<string, string> } };
      const a = e.Actor.Attributes;
      list.push([e.Action, a.signal ?? a.exitCode].filter(Boolean).join(' '));
    }
  });
  return { list, stop: () => stream.destroy() };
}
