// The container engine a fakecloud server on this machine uses, so that is the engine watched: a server told to use
// Podman (FAKECLOUD_CONTAINER_CLI=podman) while Docker also runs makes its containers where the default socket would
// never show them. Read from the server's process (its command name and environment under /proc); the file reads
// are injected, so every branch is unit-tested.
import * as path from 'node:path';
import type { ResolvedDockerHost } from '../backends/docker/dockerHost';

export interface ProcReader {
  /** Process ids under /proc. */
  pids(): number[];
  read(p: string): string | undefined;
  exists(p: string): boolean;
}

/** A server by its program's name: `fakecloud` or `fakecloud-server`, as built or installed. */
const SERVER_PROGRAM = /^fakecloud(-server)?$/;

function envOf(raw: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const kv of raw.split('\0')) {
    const i = kv.indexOf('=');
    if (i > 0) env[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return env;
}

/** The engine one server process uses, when it is not the default Docker socket. */
export function engineOfServer(
  pid: number,
  env: Record<string, string>,
  uid: number,
  exists: (p: string) => boolean,
): ResolvedDockerHost | undefined {
  const cli = (env.FAKECLOUD_CONTAINER_CLI ?? 'docker').trim();
  const who = `the fakecloud server (pid ${pid})`;
  if (path.basename(cli) === 'podman') {
    const host = env.CONTAINER_HOST?.trim();
    if (host) return { url: host, source: `${who}: FAKECLOUD_CONTAINER_CLI=podman, CONTAINER_HOST` };
    const socket =
      uid === 0 ? '/run/podman/podman.sock' : path.posix.join(env.XDG_RUNTIME_DIR || `/run/user/${uid}`, 'podman', 'podman.sock');
    return exists(socket) ? { url: `unix://${socket}`, source: `${who}: FAKECLOUD_CONTAINER_CLI=podman` } : undefined;
  }
  const host = env.DOCKER_HOST?.trim();
  if (host) return { url: host.startsWith('/') ? `unix://${host}` : host, source: `${who}: its DOCKER_HOST` };
  return undefined;
}

/** The engine of the fakecloud servers running here, when one uses another than the default (the first found). */
export function findServerEngine(proc: ProcReader): ResolvedDockerHost | undefined {
  for (const pid of proc.pids()) {
    const cmdline = proc.read(`/proc/${pid}/cmdline`);
    const argv0 = cmdline?.split('\0')[0];
    if (!argv0 || !SERVER_PROGRAM.test(path.basename(argv0))) continue;
    const env = proc.read(`/proc/${pid}/environ`);
    if (env === undefined) continue; // another user's process: not ours to read, nor our engine
    const uid = Number(/^Uid:\s+(\d+)/m.exec(proc.read(`/proc/${pid}/status`) ?? '')?.[1] ?? NaN);
    const engine = engineOfServer(pid, envOf(env), Number.isNaN(uid) ? -1 : uid, (p) => proc.exists(p));
    if (engine) return engine;
  }
  return undefined;
}
