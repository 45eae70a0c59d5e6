// Where a host-networked function's runtime interface emulator (RIE) takes invocations. On the host's network there
// is no published port to read, and the RIE's default 8080 may be another program of the host's (an editor, a dev
// server): the port comes from the RIE's own flag, else from the sockets its container's processes listen on.
import { UserError } from '../userError';
import { flagPort, RIE_API_FLAG, RIE_FLAG } from '../../model/labels';
import { RIE_PORT } from './functionSpec';
import { l10n } from '../../../protocol/l10n';

/** Listening TCP sockets in the text of /proc/net/tcp and /proc/net/tcp6: local port and socket inode. Pure. */
export function listeningSockets(procNetTcp: string): { port: number; inode: string }[] {
  const out: { port: number; inode: string }[] = [];
  for (const line of procNetTcp.split('\n')) {
    const f = line.trim().split(/\s+/);
    // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode; 0A is LISTEN.
    if (f.length < 10 || f[3] !== '0A') continue;
    const port = parseInt(f[1].split(':')[1] ?? '', 16);
    if (port > 0) out.push({ port, inode: f[9] });
  }
  return out;
}

/** Socket inodes in `ls -l /proc/<pid>/fd` output ("… -> socket:[12345]"). Pure. */
export function socketInodes(lsOutput: string): Set<string> {
  return new Set([...lsOutput.matchAll(/socket:\[(\d+)\]/g)].map((m) => m[1]));
}

/**
 * Which of the ports the container's own processes listen on takes invocations: the RIE's flag when it is one of
 * them, else 8080, else the only one that is not the runtime API's. Pure.
 */
export function pickInvokePort(name: string, listening: number[], argv: string[]): number {
  const told = flagPort(argv, RIE_FLAG);
  if (told !== undefined && listening.includes(told)) return told;
  if (told === undefined && listening.includes(RIE_PORT)) return RIE_PORT;
  const api = flagPort(argv, RIE_API_FLAG) ?? 9001;
  const others = [...new Set(listening)].filter((p) => p !== api);
  if (told === undefined && others.length === 1) return others[0];
  const where = told !== undefined ? `its emulator was told port ${told}, but nothing there listens` : 'its emulator was given no port';
  throw new UserError(
    l10n.t(
      "{0} runs on the host's network and {1}; {2}. Is the runtime interface emulator running in it?",
      name,
      where,
      others.length
        ? `its processes listen on ${others.join(', ')}, and none is surely the invoke API`
        : 'nothing in its container listens',
    ),
  );
}

/** The container's own listening ports, read inside it with plain commands (no shell). */
export async function ownListeningPorts(exec: (cmd: string[]) => Promise<string>): Promise<number[]> {
  const pids = (await exec(['ls', '/proc'])).split(/\s+/).filter((p) => /^\d+$/.test(p));
  if (pids.length === 0) return [];
  const inodes = socketInodes(await exec(['ls', '-l', ...pids.map((p) => `/proc/${p}/fd`)]));
  const sockets = listeningSockets(await exec(['cat', '/proc/net/tcp', '/proc/net/tcp6']));
  return sockets.filter((s) => inodes.has(s.inode)).map((s) => s.port);
}
