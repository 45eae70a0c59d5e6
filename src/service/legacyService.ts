// An older service may still be running from the runtime directory earlier versions
// used. It keeps the state this service is about to take over, so it is asked to stop
// (the same shutdown request a newer client sends) before anything is moved.
import * as net from 'node:net';
import * as path from 'node:path';
import { JsonRpcPeer } from '../protocol/jsonRpcPeer';
import { PROTOCOL_VERSION } from '../protocol/rpc';
import { checkPrivateDir, checkPrivateSocket, readPrivateFile } from '../platform/privateFiles';
import { isAlive, lockHolder } from './runtimeDir';

/** The pid of a service still running from `dir`, if any. */
export function legacyServicePid(dir: string): number | undefined {
  const pid = lockHolder(path.join(dir, 'service.pid'));
  return pid !== undefined && pid !== process.pid ? pid : undefined;
}

function shutdownOver(socketPath: string, token: string, reason: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection(socketPath);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer on ${socketPath} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.once('connect', () => {
      const peer = new JsonRpcPeer(
        socket,
        () => Promise.reject(new Error('no requests')),
        () => undefined,
        timeoutMs,
      );
      // An older protocol refuses the hello; SIGTERM is the way then.
      peer
        .request('hello', { token, protocolVersion: PROTOCOL_VERSION, clientName: 'newer service', clientVersion: '', clientBuild: '' })
        .then(() => peer.request('shutdown', { reason }))
        .then(
          () => {
            clearTimeout(timer);
            peer.close();
            resolve();
          },
          (err: Error) => {
            clearTimeout(timer);
            peer.close();
            reject(err);
          },
        );
    });
  });
}

/**
 * Stops the service running from `dir` (when it is ours): a shutdown request, and
 * SIGTERM if it does not answer. Resolves with what was done; throws when it is
 * still running after `waitMs`.
 */
export async function stopLegacyService(dir: string, reason: string, waitMs = 10_000): Promise<string | undefined> {
  // Only a directory of ours is trusted enough to read a pid, a token or a socket from: one someone
  // else made (in a shared temp folder) is no older service of ours, and is ignored.
  try {
    checkPrivateDir(dir);
  } catch {
    return undefined;
  }
  const pid = legacyServicePid(dir);
  if (pid === undefined) return undefined;
  let how = 'asked it to shut down';
  try {
    const socketPath = path.join(dir, 'service.sock');
    if (!checkPrivateSocket(socketPath)) throw new Error('it has no socket');
    await shutdownOver(socketPath, readPrivateFile(path.join(dir, 'token')).trim(), reason, 5_000);
  } catch {
    how = 'sent it SIGTERM';
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // gone already
    }
  }
  const deadline = Date.now() + waitMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (isAlive(pid))
    throw new Error(
      `an older Fakecloud service (pid ${pid}) still runs from ${dir} and did not stop (${how}); stop it (kill ${pid}) and reload the window`,
    );
  return `an older service (pid ${pid}) was running from ${dir}: ${how}, and it stopped`;
}
