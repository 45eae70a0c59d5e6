// What a cache we own is (the desired state), and the container that runs it.
// Pure: the create options are a function of the spec, unit-tested.
import { OwnLabels, FakecloudLabels, stackLabels } from '../../model/labels';
import type { ContainerCreateSpec } from '../../backends/backend';
import type { Placement } from '../../backends/podBackend';

export type CacheEngine = 'redis' | 'memcached';
export type NetworkMode = 'bridge' | 'host';

export interface CacheSpec extends Placement {
  name: string;
  engine: CacheEngine;
  image: string;
  networkMode: NetworkMode;
  /** Host networking: the loopback port the engine listens on, chosen at create. */
  port?: number;
  /** Redis: the named data volume at /data. */
  volume?: string;
  /** Bridge: the loopback port it is published on, when one was asked for (else a random one). */
  hostPort?: number;
  /** The stack that made it, and the key of the folder its file is in. */
  stack?: { name: string; scope: string };
  createdAt: string;
}

export const ENGINE_PORT: Record<CacheEngine, number> = { redis: 6379, memcached: 11211 };

export function cacheContainerName(name: string): string {
  return `fakecloud-explorer-cache-${name.toLowerCase()}`;
}

/** Our own prefix, so it never collides with a fakecloud server's fakecloud-elasticache-data-… volumes. */
export function cacheVolumeName(name: string): string {
  return `fakecloud-explorer-cache-data-${name.toLowerCase()}`;
}

/** The port a client connects to inside the container / on the host network. */
export function enginePortOf(spec: CacheSpec): number {
  return spec.networkMode === 'host' && spec.port ? spec.port : ENGINE_PORT[spec.engine];
}

export function cacheLabels(spec: CacheSpec): Record<string, string> {
  const labels: Record<string, string> = {
    [FakecloudLabels.elasticache]: spec.name,
    [OwnLabels.managedBy]: OwnLabels.managedByValue,
    [OwnLabels.engine]: spec.engine,
  };
  if (spec.networkMode === 'host' && spec.port) labels[OwnLabels.port] = String(spec.port);
  Object.assign(labels, stackLabels(spec.stack));
  // Never fakecloud-instance: a fakecloud server's reaper removes containers that carry it.
  return labels;
}

export function cacheContainerOptions(spec: CacheSpec): ContainerCreateSpec {
  const port = enginePortOf(spec);
  const opts: ContainerCreateSpec = {
    name: cacheContainerName(spec.name),
    image: spec.image,
    labels: cacheLabels(spec),
    networkMode: spec.networkMode,
    mounts: spec.volume ? [{ volume: spec.volume, target: '/data' }] : [],
    publish: [],
  };
  if (spec.networkMode === 'host') {
    // Loopback only, on a port of its own.
    opts.cmd =
      spec.engine === 'redis'
        ? ['redis-server', '--port', String(port), '--bind', '127.0.0.1', '--dir', '/data']
        : ['memcached', '-p', String(port), '-l', '127.0.0.1'];
  } else {
    // fakecloud's way: the engine port published on a random host port, read back after start.
    opts.publish = [{ containerPort: port, hostIp: '127.0.0.1', ...(spec.hostPort ? { hostPort: spec.hostPort } : {}) }];
  }
  return opts;
}
