// Which Docker engine to talk to, resolved as the docker CLI does:
// setting → the engine a fakecloud server here uses → DOCKER_HOST (+ TLS env) → current context → Podman user
// socket → default socket.
// Pure: file reads and existence checks are injected, so every branch is unit-tested.
import { createHash } from 'node:crypto';
import * as path from 'node:path';

export interface HostInputs {
  /** fakecloud.docker.host */
  setting?: string;
  /** The engine a fakecloud server on this machine uses, when not the default: watched unless the setting says otherwise. */
  serverEngine?: ResolvedDockerHost;
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  homedir: string;
  uid: number;
  readFile(p: string): string | undefined;
  exists(p: string): boolean;
}

export interface TlsFiles {
  ca?: string;
  cert?: string;
  key?: string;
  /** false when verification is off (DOCKER_TLS_VERIFY unset on a TLS context / SkipTLSVerify). */
  verify: boolean;
}

export interface ResolvedDockerHost {
  /** unix:///path, npipe:////./pipe/x, tcp://host:port */
  url: string;
  source: string;
  tls?: TlsFiles;
}

/** dockerode/docker-modem connection options. */
export interface ModemOptions {
  socketPath?: string;
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
  ca?: string;
  cert?: string;
  key?: string;
}

export function resolveDockerHost(i: HostInputs): ResolvedDockerHost {
  const setting = i.setting?.trim();
  if (setting) return { url: normaliseUrl(setting), source: 'setting fakecloud.docker.host', ...tlsFromEnv(i, setting) };
  if (i.serverEngine) return i.serverEngine;

  const envHost = i.env.DOCKER_HOST?.trim();
  if (envHost) return { url: normaliseUrl(envHost), source: 'DOCKER_HOST', ...tlsFromEnv(i, envHost) };

  const configDir = i.env.DOCKER_CONFIG || path.join(i.homedir, '.docker');
  const contextName = i.env.DOCKER_CONTEXT?.trim() || currentContextFromConfig(i, configDir);
  if (contextName && contextName !== 'default') {
    const ctx = readContext(i, configDir, contextName);
    if (ctx) return ctx;
  }

  if (i.platform === 'win32') return { url: 'npipe:////./pipe/docker_engine', source: 'default' };

  const defaultSocket = '/var/run/docker.sock';
  if (!i.exists(defaultSocket)) {
    const runtimeDir = i.env.XDG_RUNTIME_DIR || `/run/user/${i.uid}`;
    const podman = path.posix.join(runtimeDir, 'podman', 'podman.sock');
    if (i.exists(podman)) return { url: `unix://${podman}`, source: 'Podman user socket' };
  }
  return { url: `unix://${defaultSocket}`, source: 'default' };
}

function normaliseUrl(raw: string): string {
  // A bare path is a Unix socket, as the CLI accepts it.
  if (raw.startsWith('/')) return `unix://${raw}`;
  return raw;
}

function tlsFromEnv(i: HostInputs, url: string): { tls?: TlsFiles } {
  if (!url.startsWith('tcp://') && !url.startsWith('https://')) return {};
  const verify = !!i.env.DOCKER_TLS_VERIFY && i.env.DOCKER_TLS_VERIFY !== '0';
  const certDir = i.env.DOCKER_CERT_PATH || (verify ? path.join(i.env.DOCKER_CONFIG || path.join(i.homedir, '.docker')) : undefined);
  if (!certDir) return url.startsWith('https://') ? { tls: { verify: false } } : {};
  const tls: TlsFiles = { verify };
  const ca = i.readFile(path.join(certDir, 'ca.pem'));
  const cert = i.readFile(path.join(certDir, 'cert.pem'));
  const key = i.readFile(path.join(certDir, 'key.pem'));
  if (ca) tls.ca = ca;
  if (cert) tls.cert = cert;
  if (key) tls.key = key;
  return { tls };
}

function currentContextFromConfig(i: HostInputs, configDir: string): string | undefined {
  const raw = i.readFile(path.join(configDir, 'config.json'));
  if (!raw) return undefined;
  try {
    const cfg = JSON.parse(raw) as { currentContext?: unknown };
    return typeof cfg.currentContext === 'string' ? cfg.currentContext : undefined;
  } catch {
    return undefined;
  }
}

/** Context metadata lives under contexts/meta/<sha256(name)>/meta.json; TLS under contexts/tls/<sha256(name)>/docker. */
function readContext(i: HostInputs, configDir: string, name: string): ResolvedDockerHost | undefined {
  const digest = createHash('sha256').update(name).digest('hex');
  const raw = i.readFile(path.join(configDir, 'contexts', 'meta', digest, 'meta.json'));
  if (!raw) return undefined;
  let meta: { Endpoints?: { docker?: { Host?: unknown; SkipTLSVerify?: unknown } } };
  try {
    meta = JSON.parse(raw) as typeof meta;
  } catch {
    return undefined;
  }
  const host = meta.Endpoints?.docker?.Host;
  if (typeof host !== 'string' || host === '') return undefined;
  const resolved: ResolvedDockerHost = { url: normaliseUrl(host), source: `context ${name}` };
  const tlsDir = path.join(configDir, 'contexts', 'tls', digest, 'docker');
  const ca = i.readFile(path.join(tlsDir, 'ca.pem'));
  const cert = i.readFile(path.join(tlsDir, 'cert.pem'));
  const key = i.readFile(path.join(tlsDir, 'key.pem'));
  if (ca || cert || key) {
    const tls: TlsFiles = { verify: meta.Endpoints?.docker?.SkipTLSVerify !== true };
    if (ca) tls.ca = ca;
    if (cert) tls.cert = cert;
    if (key) tls.key = key;
    resolved.tls = tls;
  }
  return resolved;
}

/** Turns a resolved host into docker-modem options; throws a clear error for what we cannot use. */
export function modemOptions(h: ResolvedDockerHost): ModemOptions {
  const url = h.url;
  if (url.startsWith('unix://')) return { socketPath: url.slice('unix://'.length) };
  if (url.startsWith('npipe://')) {
    // npipe:////./pipe/docker_engine → \\.\pipe\docker_engine
    return { socketPath: url.slice('npipe://'.length).replace(/\//g, '\\') };
  }
  const m = /^(tcp|http|https):\/\/\[?([^\]/]+?)\]?(?::(\d+))?\/?$/.exec(url);
  if (m) {
    const useTls = m[1] === 'https' || (h.tls !== undefined && (h.tls.verify || !!h.tls.cert));
    const opts: ModemOptions = {
      host: m[2],
      port: m[3] ? Number(m[3]) : useTls ? 2376 : 2375,
      protocol: useTls ? 'https' : 'http',
    };
    if (useTls && h.tls) {
      if (h.tls.ca) opts.ca = h.tls.ca;
      if (h.tls.cert) opts.cert = h.tls.cert;
      if (h.tls.key) opts.key = h.tls.key;
    }
    return opts;
  }
  if (url.startsWith('ssh://')) {
    throw new Error(
      `ssh:// Docker hosts are not supported (${url}); forward the socket, e.g. ssh -L /tmp/docker.sock:/var/run/docker.sock, and use unix:///tmp/docker.sock`,
    );
  }
  throw new Error(`cannot use Docker host "${url}": expected unix://, npipe://, tcp:// or https://`);
}
