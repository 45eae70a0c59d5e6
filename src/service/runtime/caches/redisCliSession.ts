// A long-lived `redis-cli` in the cache's container (exec, argv array, no shell,
// no TTY) that Run Redis Command sends lines to. A docker exec costs tens of
// milliseconds; a line on an open session costs well under one. Each command is
// followed by ECHO of a unique sentinel, whose answer marks where the command's ends.
// redis-cli runs under a tiny sh wrapper that first prints its pid (exec keeps the
// pid), so a command that overruns its time (a repeat count, a connect that hangs)
// is stopped in the container, not merely abandoned; an image without sh runs
// redis-cli bare and such a command is only abandoned.
import { randomBytes } from 'node:crypto';
import type { ContainerBackend, PipeSession } from '../../backends/backend';
import { quoteRedisLine } from './redisQuote';

/** A command that overran its time: stopped in the container where that can be done. */
export class CommandTimeout extends Error {}

export class RedisCliSession {
  private buffer = '';
  private stderr = '';
  private seq = 0;
  private readonly tag = randomBytes(6).toString('hex');
  private waiting: (() => void) | undefined;
  closed = false;
  /** redis-cli's pid inside the container, once the wrapper has said it. */
  private pid: number | undefined;
  private pidKnown: Promise<void> = Promise.resolve();

  private constructor(
    readonly containerId: string,
    private readonly pipe: PipeSession,
    private readonly exec: Pick<ContainerBackend, 'execPipe'>,
    wrapped: boolean,
  ) {
    if (wrapped) {
      let resolvePid!: () => void;
      this.pidKnown = new Promise((r) => (resolvePid = r));
      const first = (d: Buffer) => {
        this.buffer += d.toString('utf8');
        const nl = this.buffer.indexOf('\n');
        if (nl < 0) return;
        const pid = Number(this.buffer.slice(0, nl).trim());
        if (Number.isInteger(pid) && pid > 1) this.pid = pid;
        this.buffer = this.buffer.slice(nl + 1);
        pipe.stdout.off('data', first);
        pipe.stdout.on('data', (more: Buffer) => {
          this.buffer += more.toString('utf8');
          this.waiting?.();
        });
        resolvePid();
      };
      pipe.stdout.on('data', first);
      void pipe.exited.then(() => resolvePid());
    } else {
      pipe.stdout.on('data', (d: Buffer) => {
        this.buffer += d.toString('utf8');
        this.waiting?.();
      });
    }
    pipe.stderr.on('data', (d: Buffer) => {
      this.stderr += d.toString('utf8');
      this.waiting?.();
    });
    void pipe.exited.then(() => {
      this.closed = true;
      this.waiting?.();
    });
  }

  static async open(backend: Pick<ContainerBackend, 'execPipe'>, containerId: string, port: number): Promise<RedisCliSession> {
    // --no-raw: answers formatted as in the interactive CLI ("(integer) 3", "(nil)", "(error) …").
    const cli = ['redis-cli', '-p', String(port), '--no-raw'];
    try {
      // The script is fixed; the command comes as its arguments ("$@"), never as text to parse.
      const pipe = await backend.execPipe(containerId, ['sh', '-c', 'echo "$$"; exec "$@"', 'fcx-redis-cli', ...cli]);
      const session = new RedisCliSession(containerId, pipe, backend, true);
      await session.pidKnown;
      if (!session.closed || session.pid !== undefined) return session;
    } catch {
      // No sh in the image: redis-cli bare.
    }
    return new RedisCliSession(containerId, await backend.execPipe(containerId, cli), backend, false);
  }

  /** Stops redis-cli in the container (a command that overran its time); then closes the session. */
  async stop(): Promise<boolean> {
    const pid = this.pid;
    this.close();
    if (pid === undefined) return false;
    try {
      const kill = await this.exec.execPipe(this.containerId, [
        'sh',
        '-c',
        'kill -TERM "$1" 2>/dev/null || kill -KILL "$1"',
        'fcx-stop',
        String(pid),
      ]);
      await Promise.race([kill.exited, new Promise((r) => setTimeout(r, 5_000))]);
      kill.close();
      return true;
    } catch {
      return false;
    }
  }

  /** Runs one command; its answer, exactly as redis-cli formats it. */
  async run(args: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
    if (this.closed) throw new Error('the redis-cli session has ended');
    const sentinel = `__fcx_${this.tag}_${++this.seq}__`;
    const marker = `"${sentinel}"\n`;
    this.buffer = '';
    this.stderr = '';
    this.pipe.write(`${quoteRedisLine(args)}\nECHO ${sentinel}\n`);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        reject(new CommandTimeout(`no answer within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      this.waiting = () => {
        if (this.buffer.includes(marker) || this.closed) {
          clearTimeout(timer);
          this.waiting = undefined;
          if (this.closed && !this.buffer.includes(marker))
            reject(new Error(`redis-cli ended${this.stderr ? `: ${this.stderr.trim()}` : ''}`));
          else resolve();
        }
      };
      this.waiting();
    });
    // In its REPL redis-cli adds "(1.37s)" after a slow command: not part of the answer.
    const stdout = stripTiming(this.buffer.slice(0, this.buffer.indexOf(marker)));
    this.buffer = '';
    return { stdout, stderr: this.stderr };
  }

  close(): void {
    this.closed = true;
    this.pipe.close();
  }
}

/** Removes the elapsed-time line redis-cli prints after a command that took over half a second. */
export function stripTiming(text: string): string {
  return text.replace(/\(\d+(\.\d+)?s\)\n$/, '');
}

/**
 * One open session per cache, opened on first use, replaced when its container
 * changes or it ends, closed after a while unused, and closed at once when a
 * command fails or hangs (so the next command starts afresh).
 */
export class RedisCliSessions {
  private readonly open = new Map<string, { session: RedisCliSession; idle?: NodeJS.Timeout }>();

  constructor(private readonly idleMs = 60_000) {}

  /** `backend`: anything that runs a piped process in the container (Docker's exec, or a Pod's). */
  async run(
    backend: Pick<ContainerBackend, 'execPipe'>,
    key: string,
    containerId: string,
    port: number,
    args: string[],
    timeoutMs: number,
  ): Promise<{ stdout: string; stderr: string }> {
    let entry = this.open.get(key);
    if (entry && (entry.session.closed || entry.session.containerId !== containerId)) {
      this.close(key);
      entry = undefined;
    }
    if (!entry) {
      entry = { session: await RedisCliSession.open(backend, containerId, port) };
      this.open.set(key, entry);
    }
    clearTimeout(entry.idle);
    try {
      return await entry.session.run(args, timeoutMs);
    } catch (err) {
      if (err instanceof CommandTimeout) {
        this.open.delete(key);
        clearTimeout(entry.idle);
        const stopped = await entry.session.stop();
        throw new CommandTimeout(
          `${err.message}; ${stopped ? 'it was stopped in the container' : 'it could not be stopped in the container (no sh there) and may still run'}`,
        );
      }
      this.close(key);
      throw err;
    } finally {
      const current = this.open.get(key);
      if (current) {
        current.idle = setTimeout(() => this.close(key), this.idleMs);
        current.idle.unref?.();
      }
    }
  }

  close(key: string): void {
    const entry = this.open.get(key);
    if (!entry) return;
    clearTimeout(entry.idle);
    entry.session.close();
    this.open.delete(key);
  }

  closeAll(): void {
    for (const key of [...this.open.keys()]) this.close(key);
  }
}
