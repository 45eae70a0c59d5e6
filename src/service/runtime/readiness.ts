// Readiness of a cache: Redis answers PING with PONG (LOADING means wait),
// memcached answers "version" with VERSION. Probes the endpoint over TCP, checks
// the container is still running between tries, gives up after the timeout.
import * as net from 'node:net';
import { memcachedVersionReadiness, redisPingReadiness, type Readiness } from './caches/resp';
import type { CacheEngine } from './caches/cacheSpec';

export interface ReadinessResult {
  /** How long Redis answered LOADING before it was ready. */
  loadingMs: number;
  waitedMs: number;
}

/** One PING (Redis) or version (memcached) to the endpoint. */
export function probeCache(host: string, port: number, engine: CacheEngine, timeoutMs: number): Promise<Readiness> {
  return new Promise((resolve) => {
    const socket = net.createConnection({ host, port });
    let reply = '';
    const done = (r: Readiness) => {
      socket.destroy();
      resolve(r);
    };
    socket.setTimeout(timeoutMs, () => done('not-ready'));
    socket.on('connect', () => socket.write(engine === 'redis' ? 'PING\r\n' : 'version\r\n'));
    socket.on('data', (d: Buffer) => {
      reply += d.toString('utf8');
      if (reply.includes('\r\n')) done(engine === 'redis' ? redisPingReadiness(reply) : memcachedVersionReadiness(reply));
    });
    socket.on('error', () => done('not-ready'));
    socket.on('close', () => done('not-ready'));
  });
}

export async function waitUntilReady(opts: {
  host: string;
  port: number;
  engine: CacheEngine;
  timeoutMs: number;
  /** Throws (with the reason) when the container is no longer running. */
  stillRunning: () => Promise<void>;
  signal?: AbortSignal;
  onLoading?: () => void;
}): Promise<ReadinessResult> {
  const start = Date.now();
  let loadingSince: number | undefined;
  let loadingMs = 0;
  let lastCheck = 0;
  for (;;) {
    if (opts.signal?.aborted) throw new Error('cancelled');
    const r = await probeCache(opts.host, opts.port, opts.engine, 2_000);
    const now = Date.now();
    if (r === 'ready') {
      if (loadingSince !== undefined) loadingMs += now - loadingSince;
      return { loadingMs, waitedMs: now - start };
    }
    if (r === 'loading' && loadingSince === undefined) {
      loadingSince = now;
      opts.onLoading?.();
    }
    if (now - start > opts.timeoutMs) {
      const what = r === 'loading' ? 'was still loading its dataset' : `did not answer ${opts.engine === 'redis' ? 'PING' : 'version'}`;
      throw new Error(`${opts.engine} on ${opts.host}:${opts.port} ${what} after ${Math.round(opts.timeoutMs / 1000)} s`);
    }
    if (now - lastCheck > 500) {
      lastCheck = now;
      await opts.stillRunning();
    }
    await new Promise((res) => setTimeout(res, 50));
  }
}

/**
 * A function's invoke API answers HTTP on 127.0.0.1:port while its container runs. A TCP connect is not enough: on a
 * bridge, the engine's proxy accepts on the published port before anything in the container listens.
 */
export async function waitForHttp(opts: {
  port: number;
  timeoutMs: number;
  stillRunning: () => Promise<void>;
  signal?: AbortSignal;
}): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (opts.signal?.aborted) throw new Error('cancelled');
    await opts.stillRunning();
    if (await httpAnswers(opts.port)) return Date.now() - start;
    if (Date.now() - start > opts.timeoutMs)
      throw new Error(`nothing answered HTTP on 127.0.0.1:${opts.port} after ${Math.round(opts.timeoutMs / 1000)} s`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

/**
 * Something answers HTTP at 127.0.0.1:port (the emulator answers GET / with 404: listening).
 * Through a port-forward a TCP connect always succeeds (the forwarder listens), so only an answer counts.
 */
export function httpAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createConnection({ host: '127.0.0.1', port });
    let got = '';
    const done = (v: boolean) => {
      s.destroy();
      resolve(v);
    };
    s.setTimeout(2_000, () => done(false));
    s.on('connect', () => s.write('GET / HTTP/1.0\r\n\r\n'));
    s.on('data', (d: Buffer) => {
      got += d.toString('latin1');
      if (got.length >= 5) done(got.startsWith('HTTP/'));
    });
    s.on('error', () => done(false));
    s.on('close', () => done(false));
  });
}

/** Whether nothing listens on this loopback port now (it can be bound). */
export function loopbackPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** A free TCP port on loopback, for a cache on the host network. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}
