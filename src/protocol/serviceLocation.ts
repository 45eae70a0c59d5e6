// Where the service listens and keeps its token. Pure: computed from the platform,
// environment and user, so the client and the service always agree.
import * as os from 'node:os';
import * as path from 'node:path';

export interface LocationInputs {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  uid: number;
  username: string;
  tmpdir: string;
  homedir: string;
}

export interface ServiceLocation {
  /** Per-user directory, mode 0700, holding the token, the log and (on Unix) the socket. */
  dir: string;
  /** Unix domain socket path, or a named pipe on Windows. */
  socketPath: string;
  tokenPath: string;
  lockPath: string;
  logPath: string;
  /** Desired-state store for resources the service owns. */
  stateDir: string;
}

export function serviceLocation(i: LocationInputs): ServiceLocation {
  let dir: string;
  let socketPath: string;
  if (i.env.FAKECLOUD_EXPLORER_RUNTIME_DIR) {
    // Tests and daemon users pick their own directory.
    dir = i.env.FAKECLOUD_EXPLORER_RUNTIME_DIR;
  } else if (i.platform === 'win32') {
    dir = path.win32.join(i.env.LOCALAPPDATA ?? path.win32.join(i.homedir, 'AppData', 'Local'), 'fakecloud-explorer');
  } else if (i.env.XDG_RUNTIME_DIR) {
    dir = path.posix.join(i.env.XDG_RUNTIME_DIR, 'fakecloud-explorer');
  } else {
    dir = path.posix.join(i.tmpdir, `fakecloud-explorer-${i.uid}`);
  }
  if (i.platform === 'win32') {
    // Named pipes have no file permissions: the token (in the user's profile) guards them.
    const safeUser = i.username.replace(/[^A-Za-z0-9_.-]/g, '_');
    socketPath = `\\\\.\\pipe\\fakecloud-explorer-${safeUser}`;
  } else {
    socketPath = path.posix.join(dir, 'service.sock');
  }
  const join = i.platform === 'win32' ? path.win32.join : path.posix.join;
  return {
    dir,
    socketPath,
    tokenPath: join(dir, 'token'),
    lockPath: join(dir, 'service.pid'),
    logPath: join(dir, 'service.log'),
    stateDir: i.env.FAKECLOUD_EXPLORER_STATE_DIR ?? join(dir, 'state'),
  };
}

/** The location for the current process. */
export function currentServiceLocation(): ServiceLocation {
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  return serviceLocation({
    platform: process.platform,
    env: process.env,
    uid,
    username: os.userInfo().username,
    tmpdir: os.tmpdir(),
    homedir: os.homedir(),
  });
}
