// The real fakecloud server (installed from crates.io by scripts/install-fakecloud.sh), run by a suite on loopback,
// on a port and in a state directory of its own, on a Docker engine of the suite's own with a bridge: its containers
// are published on 127.0.0.1 only, as on a stock engine. The images it asks for cannot be pulled here; local
// builds that behave as those images do are loaded into that engine under their names.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freeLoopbackPort } from '../../src/service/runtime/readiness';
import { IMAGES, PrivateDockerd, stopProcess, waitFor } from './docker';

/** The version scripts/install-fakecloud.sh installs; the README and docs/testing.md name it. */
export const FAKECLOUD_VERSION = '0.51.0';

export function fakecloudBinary(): string {
  const tools = process.env.FAKECLOUD_TOOLS_DIR || path.join(os.homedir(), '.cache', 'fakecloud-explorer');
  return process.env.FAKECLOUD_BIN || path.join(tools, `fakecloud-${FAKECLOUD_VERSION}`, 'bin', 'fakecloud');
}

/** Call in a before(): skips without the server or a root-run engine, except under CI=true, where it fails. */
export function requireFakecloud(ctx: Mocha.Context): void {
  const missing = !fs.existsSync(fakecloudBinary())
    ? `no fakecloud server at ${fakecloudBinary()}; run scripts/setup-machine.sh (it installs ${FAKECLOUD_VERSION} from crates.io)`
    : !PrivateDockerd.available()
      ? 'a Docker engine of the suite’s own needs root and dockerd'
      : undefined;
  if (!missing) return;
  if (process.env.CI === 'true') throw new Error(missing);
  console.warn(`      skipped: ${missing}`);
  ctx.skip();
}

/** The local builds loaded into the suite's engine under the names the server (and a user) asks for. */
export const SERVER_IMAGES: Record<string, string[]> = {
  [IMAGES.redis]: ['redis:7-alpine'],
  [IMAGES.memcached]: ['memcached:1.6-alpine'],
  [IMAGES.lambdaNode]: ['public.ecr.aws/lambda/nodejs:20'],
  [IMAGES.instance]: ['amazonlinux:2023'],
};

export class FakecloudServer {
  private proc: ChildProcess | undefined;
  readonly dir: string;
  port = 0;

  constructor(
    readonly engine: PrivateDockerd,
    name: string,
  ) {
    this.dir = path.join(os.tmpdir(), `fcx-fakecloud-${name}-${process.pid}`);
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  get logPath(): string {
    return path.join(this.dir, 'fakecloud.log');
  }

  /** The last lines of its log, for a failure's message. */
  logTail(lines = 30): string {
    try {
      return fs.readFileSync(this.logPath, 'utf8').trim().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  async start(): Promise<void> {
    fs.mkdirSync(path.join(this.dir, 'home'), { recursive: true });
    this.port = this.port || (await freeLoopbackPort());
    const log = fs.openSync(this.logPath, 'a');
    this.proc = spawn(fakecloudBinary(), [], {
      cwd: this.dir,
      stdio: ['ignore', log, log],
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: path.join(this.dir, 'home'),
        DOCKER_HOST: this.engine.url,
        FAKECLOUD_ADDR: `127.0.0.1:${this.port}`,
        FAKECLOUD_LOG: 'info',
        FAKECLOUD_STORAGE_MODE: 'memory',
        FAKECLOUD_EC2_DEFAULT_IMAGE: 'amazonlinux:2023',
      },
    });
    fs.closeSync(log);
    const health = `${this.endpoint}/_fakecloud/health`;
    try {
      await waitFor(
        'the fakecloud server to answer its health route',
        async () => {
          if (this.proc?.exitCode !== null) throw new Error(`it exited (${String(this.proc?.exitCode)})`);
          const res = await fetch(health, { signal: AbortSignal.timeout(1_000) });
          return res.ok || undefined;
        },
        60_000,
        200,
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}\nlast lines of its log:\n${this.logTail()}`, { cause: err });
    }
  }

  /** SIGTERM, as a user stopping it; its containers stay on the engine the suite removes. */
  async stop(): Promise<void> {
    await stopProcess(this.proc);
    this.proc = undefined;
  }

  async destroy(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
