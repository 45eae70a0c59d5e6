// Where the service listens and where it keeps what must last. Pure: computed from
// the platform, environment and user, so the client and the service always agree.
//
// Two directories with different lifetimes:
// - the runtime directory holds only what may vanish at logout or reboot: the
//   socket, the token, the pid lock and the service's log;
// - the state directory holds what must last (desired state, stored function code,
//   update journals) in the platform's place for application state.
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
  /** Per-user runtime directory, mode 0700, holding the token, the log, the lock and (on Unix) the socket. */
  dir: string;
  /** Unix domain socket path, or a named pipe on Windows. */
  socketPath: string;
  tokenPath: string;
  lockPath: string;
  logPath: string;
  /** Desired state, stored code and journals: the platform's durable place for state, 0700. */
  stateDir: string;
  /** Where earlier versions kept the state (inside a runtime directory): moved into stateDir once. */
  legacyStateDirs: string[];
  /** Runtime directories of earlier versions, where an older service may still be running. */
  legacyRuntimeDirs: string[];
}

/** Unix socket paths are limited (104 bytes on macOS, 108 on Linux, terminator included). */
export const MAX_SOCKET_PATH = 100;

const APP = 'fakecloud-explorer';

/** An XDG base directory variable counts only when absolute, as the specification says. */
function xdg(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name];
  return v && path.posix.isAbsolute(v) ? v : undefined;
}

/** The platform's durable place for our state. */
export function platformStateDir(i: LocationInputs): string {
  if (i.platform === 'win32') {
    return path.win32.join(i.env.LOCALAPPDATA ?? path.win32.join(i.homedir, 'AppData', 'Local'), APP, 'state');
  }
  if (i.platform === 'darwin') return path.posix.join(i.homedir, 'Library', 'Application Support', APP);
  return path.posix.join(xdg(i.env, 'XDG_STATE_HOME') ?? path.posix.join(i.homedir, '.local', 'state'), APP);
}

/** The runtime directory before state moved out of it (also the fallback for a too-long socket path). */
function tmpRuntimeDir(i: LocationInputs): string {
  return path.posix.join(i.tmpdir, `${APP}-${i.uid}`);
}

function runtimeDir(i: LocationInputs): string {
  if (i.env.FAKECLOUD_EXPLORER_RUNTIME_DIR) return i.env.FAKECLOUD_EXPLORER_RUNTIME_DIR;
  if (i.platform === 'win32') return path.win32.join(i.env.LOCALAPPDATA ?? path.win32.join(i.homedir, 'AppData', 'Local'), APP);
  const xdgRuntime = xdg(i.env, 'XDG_RUNTIME_DIR');
  if (xdgRuntime) return path.posix.join(xdgRuntime, APP);
  // macOS gives each user a private temporary folder (0700, under /var/folders).
  if (i.platform === 'darwin') return tmpRuntimeDir(i);
  // Without XDG_RUNTIME_DIR a shared /tmp path is predictable: another local user could
  // create it first. A directory under the user's home cannot be made by anyone else.
  const home = path.posix.join(xdg(i.env, 'XDG_CACHE_HOME') ?? path.posix.join(i.homedir, '.cache'), APP, 'run');
  if (path.posix.join(home, 'service.sock').length <= MAX_SOCKET_PATH) return home;
  // A home too deep for a socket path: the shared temp folder, which both sides then
  // accept only when it, its socket and its token belong to the user and no one else.
  return tmpRuntimeDir(i);
}

export function serviceLocation(i: LocationInputs): ServiceLocation {
  const dir = runtimeDir(i);
  const win = i.platform === 'win32';
  const join = (...parts: string[]) => (win ? path.win32.join(...parts) : path.posix.join(...parts));
  let socketPath: string;
  if (win) {
    // Named pipes have no file permissions: the token (in the user's profile) guards them.
    const safeUser = i.username.replace(/[^A-Za-z0-9_.-]/g, '_');
    socketPath = `\\\\.\\pipe\\${APP}-${safeUser}`;
  } else {
    socketPath = path.posix.join(dir, 'service.sock');
  }
  const stateDir = i.env.FAKECLOUD_EXPLORER_STATE_DIR || platformStateDir(i);

  const legacyRuntimeDirs: string[] = [];
  const legacyStateDirs: string[] = [];
  if (i.env.FAKECLOUD_EXPLORER_RUNTIME_DIR) {
    // A chosen runtime directory: only its own old state, never the machine's default one.
    legacyStateDirs.push(join(dir, 'state'));
  } else if (!win) {
    const xdgRuntime = xdg(i.env, 'XDG_RUNTIME_DIR');
    const old = xdgRuntime ? path.posix.join(xdgRuntime, APP) : tmpRuntimeDir(i);
    legacyStateDirs.push(path.posix.join(old, 'state'));
    if (old !== dir) legacyRuntimeDirs.push(old);
  }
  // On Windows the state always was in LOCALAPPDATA, which lasts: nothing to move.
  return {
    dir,
    socketPath,
    tokenPath: join(dir, 'token'),
    lockPath: join(dir, 'service.pid'),
    logPath: join(dir, 'service.log'),
    stateDir,
    legacyStateDirs: legacyStateDirs.filter((d) => d !== stateDir),
    legacyRuntimeDirs,
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
