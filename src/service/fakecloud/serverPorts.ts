// Where a running fakecloud server listens, found from its pid (its containers' owner label says it): the TCP
// sockets its process holds that listen, read from /proc. So a server started on another port than the default is
// found without a setting. Only this machine's processes can be read, and only one's own user's.
import * as fs from 'node:fs';
import { listeningSockets } from '../runtime/functions/invokePort';
import { readBoundedSync } from '../../platform/boundedRead';

export interface PortReader {
  /** The targets of /proc/<pid>/fd/*, e.g. "socket:[12345]"; empty when not readable. */
  fdTargets(pid: number): string[];
  read(p: string): string | undefined;
}

export const procReader: PortReader = {
  fdTargets: (pid) => {
    try {
      return fs.readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
        try {
          return [fs.readlinkSync(`/proc/${pid}/fd/${fd}`)];
        } catch {
          return [];
        }
      });
    } catch {
      return [];
    }
  },
  read: (p) => {
    try {
      // /proc/<pid>/net/tcp of a busy server can be long; its first 8 MB are plenty.
      return readBoundedSync(p, 8 * 1024 * 1024).toString('utf8');
    } catch {
      return undefined;
    }
  },
};

/** The loopback endpoints a process listens on over TCP (IPv4 and IPv6), lowest port first. */
export function listeningEndpoints(pid: number, reader: PortReader = procReader): string[] {
  const inodes = new Set(reader.fdTargets(pid).flatMap((t) => /^socket:\[(\d+)\]$/.exec(t)?.[1] ?? []));
  if (inodes.size === 0) return [];
  const table = `${reader.read(`/proc/${pid}/net/tcp`) ?? ''}\n${reader.read(`/proc/${pid}/net/tcp6`) ?? ''}`;
  const ports = [
    ...new Set(
      listeningSockets(table)
        .filter((s) => inodes.has(s.inode))
        .map((s) => s.port),
    ),
  ].sort((a, b) => a - b);
  return ports.map((p) => `http://127.0.0.1:${p}`);
}
