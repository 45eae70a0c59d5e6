// The relay to a cache's port inside its container or Pod: `nc` where the image has it (alpine, busybox), else
// bash's /dev/tcp (Debian-based official images have bash, not nc). Nothing listens on the user's machine. The
// script is fixed; the port is its one argument, never spliced into it. It says when it is ready: what is written
// before then may be lost (bash's relay drops input that comes before its connection is made).
import type { PipeSession } from '../../backends/backend';

export const RELAY_READY = 'fakecloud-relay-ready';
export const RELAY_START_MS = 10_000;

const RELAY_SCRIPT = [
  `if command -v nc >/dev/null 2>&1; then echo ${RELAY_READY} >&2; exec nc 127.0.0.1 "$1"; fi`,
  // The reader is stopped (and reaped) once the writer's input ends, so no process is left holding the connection.
  "if command -v bash >/dev/null 2>&1; then exec bash -c '" +
    `exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1; echo ${RELAY_READY} >&2; cat <&3 & r=$!; cat >&3; kill "$r" 2>/dev/null; wait "$r"` +
    '\' relay "$1"; fi',
  'echo "the image has neither nc nor bash to reach the cache through" >&2; exit 127',
].join('\n');

export function relayCommand(port: number): string[] {
  return ['sh', '-c', RELAY_SCRIPT, 'relay', String(port)];
}

/** Whether a relay's failure means the image cannot run one (no sh, nc or bash). */
export function noRelayIn(why: string): boolean {
  return /neither nc nor bash|not found|No such file|executable file/i.test(why);
}

export const NO_RELAY =
  'its image has no way to reach the cache from inside (it needs sh with nc or bash, as alpine, busybox and Debian images have)';

/** Starts a relay and resolves once it says it is ready; rejects with what it printed when it cannot start. */
export async function openRelay(execPipe: (cmd: string[]) => Promise<PipeSession>, port: number): Promise<PipeSession> {
  const pipe = await execPipe(relayCommand(port));
  await new Promise<void>((resolve, reject) => {
    let said = '';
    const done = () => {
      clearTimeout(timer);
      pipe.stderr.off('data', onData);
    };
    const onData = (d: Buffer) => {
      said = (said + d.toString('utf8')).slice(-2000);
      if (said.includes(RELAY_READY)) {
        done();
        resolve();
      }
    };
    const timer = setTimeout(() => {
      done();
      pipe.close();
      reject(new Error(`the relay in its container did not start within ${RELAY_START_MS / 1000} s${said ? `: ${said.trim()}` : ''}`));
    }, RELAY_START_MS);
    pipe.stderr.on('data', onData);
    void pipe.exited.then(
      (code) => {
        done();
        reject(new Error(said.trim() || `the relay in its container ended (exit code ${code})`));
      },
      (err: Error) => {
        done();
        reject(err);
      },
    );
  });
  return pipe;
}
