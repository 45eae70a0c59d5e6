// A binary-safe connection to a cache's Redis, made through its container or Pod: a relay in the container (nc, or
// bash's /dev/tcp) carries raw RESP to the engine's port, so nothing listens on the user's machine and it works wherever exec does (Docker, a
// Pod, a remote engine). Requests go out in order and replies are matched in order; each has a deadline, after which
// the connection is closed (a late reply must never answer the next request).
import type { PipeSession } from '../../backends/backend';
import { UserError } from '../userError';
import { NO_RELAY, noRelayIn, openRelay } from './relay';
import { encodeCommand, RespError, RespParser, RespProtocolError, type RespValue } from './respCodec';
import { l10n } from '../../../protocol/l10n';

export const PIPE_TIMEOUT_MS = 15_000;

interface Waiting {
  resolve: (v: RespValue) => void;
  reject: (e: Error) => void;
}

export class RedisPipe {
  private readonly parser = new RespParser();
  private readonly queue: Waiting[] = [];
  private stderr = '';
  private ended: string | undefined;
  /** What arrives unasked (a subscription's messages): for whoever listens, else dropped. */
  onPush: ((v: RespValue) => void) | undefined;
  /** Called once when the connection ends, with why. */
  onEnd: ((why: string) => void) | undefined;

  private constructor(
    private readonly pipe: PipeSession,
    private readonly name: string,
  ) {
    pipe.stdout.on('data', (d: Buffer) => {
      let replies: RespValue[];
      try {
        replies = this.parser.push(d);
      } catch (err) {
        this.fail(err instanceof RespProtocolError ? err.message : String(err));
        return;
      }
      for (const r of replies) {
        const w = this.queue.shift();
        if (w) w.resolve(r);
        else this.onPush?.(r);
      }
    });
    pipe.stderr.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString('utf8')).slice(-2000);
    });
    void pipe.exited.then(
      (code) => this.fail(this.stderr.trim() || `the relay in its container ended (exit code ${code}); is the cache still running?`),
      (err: Error) => this.fail(err.message),
    );
  }

  /** Opens the relay to the engine's port inside the container (relay.ts: nc, else bash). */
  static async open(execPipe: (cmd: string[]) => Promise<PipeSession>, port: number, name: string): Promise<RedisPipe> {
    let pipe: PipeSession;
    try {
      pipe = await openRelay(execPipe, port);
    } catch (err) {
      const why = (err as Error).message;
      throw new UserError(noRelayIn(why) ? `${name}: ${NO_RELAY}: ${why}` : `${name}: ${why}`);
    }
    const p = new RedisPipe(pipe, name);
    // The first answer proves the relay reaches Redis.
    try {
      const pong = await p.call(['PING'], 5_000);
      if (pong !== 'PONG') throw new UserError(l10n.t('{0} answered {1} to PING', name, JSON.stringify(pong)));
    } catch (err) {
      p.close();
      throw err;
    }
    return p;
  }

  get closed(): boolean {
    return this.ended !== undefined;
  }

  call(args: readonly (string | Buffer)[], timeoutMs = PIPE_TIMEOUT_MS): Promise<RespValue> {
    return this.pipeline([args], timeoutMs).then((r) => r[0]);
  }

  /** Sends every command at once and answers all replies, in order (an error reply is a value, not a throw). */
  pipeline(commands: readonly (readonly (string | Buffer)[])[], timeoutMs = PIPE_TIMEOUT_MS): Promise<RespValue[]> {
    if (this.ended) return Promise.reject(new UserError(`${this.name}: ${this.ended}`));
    if (commands.length === 0) return Promise.resolve([]);
    const replies = commands.map(
      () =>
        new Promise<RespValue>((resolve, reject) => {
          this.queue.push({ resolve, reject });
        }),
    );
    this.pipe.write(Buffer.concat(commands.map((c) => encodeCommand(c))));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.fail(`no answer within ${timeoutMs / 1000} s`);
        reject(new UserError(l10n.t('{0}: no answer within {1} s', this.name, timeoutMs / 1000)));
      }, timeoutMs);
    });
    return Promise.race([Promise.all(replies), deadline]).finally(() => clearTimeout(timer));
  }

  close(): void {
    this.fail('closed');
    this.pipe.close();
  }

  private fail(why: string): void {
    if (this.ended) return;
    this.ended = why;
    const err = new UserError(`${this.name}: ${why}`);
    for (const w of this.queue.splice(0)) w.reject(err);
    this.onEnd?.(why);
  }
}

/** An error reply as a thrown error in Redis's words; any other reply as it is. */
export function ok(v: RespValue, what: string): RespValue {
  if (v instanceof RespError) throw new UserError(`${what}: ${v.message}`);
  return v;
}
