// A long-lived `redis-cli` in the cache's container (exec, argv array, no shell,
// no TTY) that Run Redis Command sends lines to. A docker exec costs tens of
// milliseconds; a line on an open session costs well under one. Each command is
// followed by ECHO of a unique sentinel, whose answer marks where the command's ends.
import { randomBytes } from 'node:crypto';
import type { ContainerBackend, PipeSession } from '../backends/backend';
import { quoteRedisLine } from './redisQuote';

export class RedisCliSession {
  private buffer = '';
  private stderr = '';
  private seq = 0;
  private readonly tag = randomBytes(6).toString('hex');
  private waiting: (() => void) | undefined;
  closed = false;

  private constructor(
    readonly containerId: string,
    private readonly pipe: PipeSession,
  ) {
    pipe.stdout.on('data', (d: Buffer) => {
      this.buffer += d.toString('utf8');
      this.waiting?.();
    });
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
    const pipe = await backend.execPipe(containerId, ['redis-cli', '-p', String(port), '--no-raw']);
    return new RedisCliSession(containerId, pipe);
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
        reject(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      this.waiting = () => {
        if (this.buffer.includes(marker) || this.closed) {
          clearTimeout(timer);
          this.waiting = undefined;
          if (this.closed && !this.buffer.includes(marker)) reject(new Error(`redis-cli ended${this.stderr ? `: ${this.stderr.trim()}` : ''}`));
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
  async run(backend: Pick<ContainerBackend, 'execPipe'>, key: string, containerId: string, port: number, args: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
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
