// Payloads of the cache operations, shared by the client and the service.
export interface CacheCreateParams {
  name: string;
  engine: 'redis' | 'memcached';
  /** Restore: an RDB file staged into /data before Redis starts. */
  rdbPath?: string;
  /** Where it runs: Docker (the default) or the Kubernetes cluster in use. */
  backend?: 'docker' | 'kubernetes';
  /** The image to run instead of the fakecloud.images.* setting's. */
  image?: string;
  /** The port on 127.0.0.1 it answers on (Docker only), instead of a free one. */
  port?: number;
  /** The stack that makes it (its name, and the key of its file's folder). */
  stack?: { name: string; scope: string };
  operationId?: string;
}

export interface CacheCreateResult {
  name: string;
  engine: 'redis' | 'memcached';
  containerId: string;
  endpoint: { host: string; port: number };
  /** Kubernetes: the Pod it runs as (reach it with Port Forward). */
  pod?: string;
  /** How long Redis answered LOADING before it was ready. */
  loadingMs: number;
  waitedMs: number;
}

export interface CommandResult {
  args: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
  isError: boolean;
}

export interface CacheSnapshotResult {
  path: string;
  size: number;
  keys: number;
}
