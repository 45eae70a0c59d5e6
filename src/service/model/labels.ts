// fakecloud's label conventions (as its server labels its containers) and our own, and the mapping of a
// container list entry to a Resource. Pure: unit-tested for every label variant.
import type { Endpoint, Health, Owner, Resource, ResourceKind, ResourceState } from '../../protocol/model';
import { STACK_LABEL, STACK_SCOPE_LABEL } from '../../protocol/stack';

/** Labels fakecloud puts on its backing containers. */
export const FakecloudLabels = {
  instance: 'fakecloud-instance',
  elasticache: 'fakecloud-elasticache',
  ec2: 'fakecloud-ec2',
  ec2Imds: 'fakecloud-ec2-imds',
  ec2Fwd: 'fakecloud-ec2-fwd',
  /** An ECS task's network-namespace holder: the task's containers join its network. */
  ecsNetnsFor: 'fakecloud-ecs-netns-for',
  ecsTask: 'fakecloud-ecs-task',
  lambda: 'fakecloud-lambda',
  account: 'fakecloud-account',
} as const;

/**
 * Our own labels. Containers we create carry the same per-service label as
 * fakecloud's and `fakecloud-managed-by=fakecloud-explorer`, never
 * `fakecloud-instance` (a fakecloud server's reaper removes containers with it).
 */
export const OwnLabels = {
  managedBy: 'fakecloud-managed-by',
  managedByValue: 'fakecloud-explorer',
  engine: 'fakecloud-explorer.engine',
  runtime: 'fakecloud-explorer.runtime',
  port: 'fakecloud-explorer.port',
  /** An instance's Name tag. */
  displayName: 'fakecloud-explorer.name',
  /** An instance's other tags: fakecloud-explorer.tag.<key>=<value>. */
  tagPrefix: 'fakecloud-explorer.tag.',
  /** A function deploy's id: each deploy is a new container. */
  deployId: 'fakecloud-explorer.deploy-id',
  /** The stack that made it, and the key of the folder its file is in (two workspaces' stacks never mix). */
  stack: STACK_LABEL,
  stackScope: STACK_SCOPE_LABEL,
} as const;

/** The labels of the stack that made a resource (none when no stack did). */
export function stackLabels(stack: { name: string; scope: string } | undefined): Record<string, string> {
  return stack ? { [OwnLabels.stack]: stack.name, [OwnLabels.stackScope]: stack.scope } : {};
}

/** The minimal shape of a Docker container list entry (GET /containers/json) we read. */
export interface ContainerSummary {
  Id: string;
  Names?: string[];
  Image: string;
  Command?: string;
  Created: number;
  State?: string;
  Status?: string;
  Ports?: { IP?: string; PrivatePort: number; PublicPort?: number; Type: string }[];
  Labels?: Record<string, string> | null;
  HostConfig?: { NetworkMode?: string };
}

/** Per-service labels other than caches/instances/functions, shown under "Other". */
const OTHER_SERVICE_LABELS: Record<string, string> = {
  'fakecloud-rds': 'rds',
  'fakecloud-ecs-task': 'ecs-task',
  'fakecloud-kafka': 'kafka',
  'fakecloud-flink': 'flink',
};

const ENGINE_PORTS: Record<string, number> = {
  redis: 6379,
  valkey: 6379,
  memcached: 11211,
  postgres: 5432,
  mysql: 3306,
  mariadb: 3306,
  lambda: 8080,
};

interface Classification {
  kind: ResourceKind;
  service: string;
  name: string;
}

/** What a container is, from its labels; undefined when it is not fakecloud's or ours. */
export function classify(labels: Record<string, string>): Classification | undefined {
  if (labels[FakecloudLabels.elasticache] !== undefined) {
    return { kind: 'cache', service: 'elasticache', name: labels[FakecloudLabels.elasticache] };
  }
  if (labels[FakecloudLabels.ec2] !== undefined) {
    return { kind: 'instance', service: 'ec2', name: labels[FakecloudLabels.ec2] };
  }
  if (labels[FakecloudLabels.lambda] !== undefined) {
    return { kind: 'function', service: 'lambda', name: labels[FakecloudLabels.lambda] };
  }
  for (const [label, service] of Object.entries(OTHER_SERVICE_LABELS)) {
    if (labels[label] !== undefined) {
      const extra = service === 'ecs-task' && labels['fakecloud-ecs-container'] ? `/${labels['fakecloud-ecs-container']}` : '';
      return { kind: 'other', service, name: labels[label] + extra };
    }
  }
  // A fakecloud service we do not know yet (the code changes often): any
  // fakecloud-<service>=<id> label on a container owned by fakecloud or us.
  const owned = labels[FakecloudLabels.instance] !== undefined || labels[OwnLabels.managedBy] === OwnLabels.managedByValue;
  if (owned) {
    for (const [key, value] of Object.entries(labels)) {
      const m = /^fakecloud-([a-z0-9-]+)$/.exec(key);
      if (m && !['instance', 'account', 'managed-by', 'service', 'deploy-id'].includes(m[1]) && !m[1].endsWith('-resource')) {
        return { kind: 'other', service: m[1], name: value };
      }
    }
  }
  return undefined;
}

/** A helper container: of an EC2 instance (metadata sidecar, port forwarder) or of an ECS task (its network holder). */
export interface Helper {
  role: string;
  /** The instance id, or the ECS task id. */
  of: string;
  service: 'ec2' | 'ecs';
}

export function helperOf(labels: Record<string, string>): Helper | undefined {
  if (labels[FakecloudLabels.ec2Imds] !== undefined) return { role: 'metadata', of: labels[FakecloudLabels.ec2Imds], service: 'ec2' };
  if (labels[FakecloudLabels.ec2Fwd] !== undefined) return { role: 'port forwarder', of: labels[FakecloudLabels.ec2Fwd], service: 'ec2' };
  if (labels[FakecloudLabels.ecsNetnsFor] !== undefined)
    return { role: 'network namespace', of: labels[FakecloudLabels.ecsNetnsFor], service: 'ecs' };
  return undefined;
}

/** Whom a helper belongs to: the instance by id; for ECS the task's first container (named task/container) or the task. */
function ownerOfHelper(resources: Resource[], h: Helper): Resource | undefined {
  if (h.service === 'ec2') return resources.find((r) => r.kind === 'instance' && r.name === h.of);
  return resources.find(
    (r) => r.service === 'ecs-task' && (r.labels[FakecloudLabels.ecsTask] === h.of || r.name === h.of || r.name.startsWith(`${h.of}/`)),
  );
}

export function ownerOf(labels: Record<string, string>): Owner {
  if (labels[OwnLabels.managedBy] === OwnLabels.managedByValue) return { type: 'extension' };
  const inst = labels[FakecloudLabels.instance];
  if (inst !== undefined) {
    const m = /^fakecloud-(\d+)$/.exec(inst);
    return m ? { type: 'fakecloud', pid: Number(m[1]), instance: inst } : { type: 'fakecloud', instance: inst };
  }
  return { type: 'unknown' };
}

/** "redis" from "redis:7-alpine", "docker.io/library/redis", "my.registry/x/valkey:8"… */
export function imageRepositoryName(image: string): string {
  let ref = image.split('@')[0];
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > lastSlash) ref = ref.slice(0, colon);
  return ref.slice(lastSlash + 1).toLowerCase();
}

export function imageTag(image: string): string | undefined {
  const ref = image.split('@')[0];
  const colon = ref.lastIndexOf(':');
  return colon > ref.lastIndexOf('/') ? ref.slice(colon + 1) : undefined;
}

/** AWS's runtime id from a Lambda base image's repository and tag (nodejs:20 → nodejs20.x, provided:al2023 → provided.al2023). */
export function lambdaRuntimeOf(repo: string, tag: string | undefined): string {
  if (!tag || tag === 'latest') return repo;
  const version = /^(\d+(?:\.\d+)?)/.exec(tag)?.[1];
  switch (repo) {
    case 'nodejs':
      return version ? `nodejs${version.split('.')[0]}.x` : `nodejs${tag}`;
    case 'provided':
      return `provided.${tag}`;
    case 'dotnet':
      return `dotnet${version?.split('.')[0] ?? tag}`;
    case 'go':
      return 'go1.x';
    default:
      // python3.12, ruby3.3, java21 (and java8.al2): the repository and the tag as they stand.
      return `${repo}${tag}`;
  }
}

export function engineOf(kind: ResourceKind, service: string, image: string, labels: Record<string, string>): string | undefined {
  if (kind === 'cache') {
    const own = labels[OwnLabels.engine];
    if (own) return own;
    const repo = imageRepositoryName(image);
    if (repo.includes('memcached')) return 'memcached';
    if (repo.includes('valkey')) return 'valkey';
    if (repo.includes('redis')) return 'redis';
    return undefined;
  }
  if (kind === 'function') {
    const own = labels[OwnLabels.runtime];
    if (own) return own;
    // The AWS runtime id, as Lambda and the user's templates name it: public.ecr.aws/lambda/nodejs:20 → nodejs20.x.
    if (/(^|\/)lambda\/[^/]+$/.test(image.split(':')[0] ?? '')) return lambdaRuntimeOf(imageRepositoryName(image), imageTag(image));
    return undefined;
  }
  if (kind === 'other' && service === 'rds') {
    const repo = imageRepositoryName(image);
    for (const e of ['postgres', 'mysql', 'mariadb']) if (repo.includes(e)) return e;
  }
  return undefined;
}

const STATES: ResourceState[] = ['created', 'running', 'restarting', 'paused', 'exited', 'dead', 'removing'];

export function parseState(state: string | undefined): ResourceState {
  const s = (state ?? '').toLowerCase();
  return (STATES as string[]).includes(s) ? (s as ResourceState) : 'unknown';
}

/** Health and exit code from Docker's status text: "Up 2 minutes (healthy)", "Exited (137) 3 seconds ago". */
export function parseStatus(status: string | undefined): { health?: Health; exitCode?: number } {
  const s = status ?? '';
  const out: { health?: Health; exitCode?: number } = {};
  if (/\(healthy\)/.test(s)) out.health = 'healthy';
  else if (/\(unhealthy\)/.test(s)) out.health = 'unhealthy';
  else if (/\(health: starting\)/.test(s)) out.health = 'starting';
  const exit = /^Exited \((-?\d+)\)/.exec(s);
  if (exit) out.exitCode = Number(exit[1]);
  return out;
}

/** The port the engine listens on inside the container. */
function enginePort(kind: ResourceKind, engine: string | undefined, labels: Record<string, string>): number | undefined {
  const own = Number(labels[OwnLabels.port]);
  if (Number.isInteger(own) && own > 0) return own;
  if (kind === 'function') return ENGINE_PORTS.lambda;
  return engine ? ENGINE_PORTS[engine] : undefined;
}

/** `--port N` / `-p N` in a redis-server or memcached command line (host networking). */
export function portFromCommand(command: string | undefined): number | undefined {
  if (!command) return undefined;
  const m = /(?:^|\s)(?:--port|-p)[\s=]+(\d{1,5})(?:\s|$)/.exec(command);
  if (!m) return undefined;
  const port = Number(m[1]);
  return port > 0 && port < 65536 ? port : undefined;
}

export const RIE_FLAG = '--runtime-interface-emulator-address';
export const RIE_API_FLAG = '--runtime-api-address';

/** The port of `--flag host:port` or `--flag=host:port` in an argv. Pure. */
export function flagPort(argv: string[], flag: string): number | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = a === flag ? argv[i + 1] : a.startsWith(`${flag}=`) ? a.slice(flag.length + 1) : undefined;
    if (value === undefined) continue;
    const port = Number(/:(\d{1,5})$/.exec(value)?.[1]);
    if (port > 0 && port < 65536) return port;
  }
  return undefined;
}

/** The invoke port the RIE was told, from its command line (Docker's summary joins it with spaces). Pure. */
export function rieInvokePort(command: string | string[] | undefined): number | undefined {
  if (!command) return undefined;
  return flagPort(Array.isArray(command) ? command : command.split(/\s+/), RIE_FLAG);
}

export function endpointOf(
  c: ContainerSummary,
  kind: ResourceKind,
  engine: string | undefined,
  labels: Record<string, string>,
): Endpoint | undefined {
  const privatePort = enginePort(kind, engine, labels);
  const published = (c.Ports ?? []).filter((p) => p.PublicPort !== undefined && p.PublicPort > 0 && p.Type === 'tcp');
  const match = published.find((p) => p.PrivatePort === privatePort) ?? (published.length === 1 ? published[0] : undefined);
  if (match?.PublicPort) {
    // 0.0.0.0 / :: publish on every address; loopback is where a local client reaches it.
    const ip = !match.IP || match.IP === '0.0.0.0' || match.IP === '::' ? '127.0.0.1' : match.IP;
    return { host: ip, port: match.PublicPort, via: 'published' };
  }
  if (c.HostConfig?.NetworkMode === 'host') {
    const ownPort = Number(labels[OwnLabels.port]);
    if (Number.isInteger(ownPort) && ownPort > 0) return { host: '127.0.0.1', port: ownPort, via: 'label' };
    // A function's emulator says its port in its own flag; without one, the host's 8080 may be anyone's.
    const port = kind === 'function' ? rieInvokePort(c.Command) : (portFromCommand(c.Command) ?? privatePort);
    if (port) return { host: '127.0.0.1', port, via: 'host-network' };
  }
  return undefined;
}

export function containerName(c: ContainerSummary): string {
  const first = c.Names?.[0] ?? '';
  return first.startsWith('/') ? first.slice(1) : first || c.Id.slice(0, 12);
}

/**
 * Maps one list call's entries to resources. Helper containers are attached to
 * their instance; a helper whose instance is not there is shown under Other.
 */
export function resourcesFromContainers(containers: ContainerSummary[], backend: 'docker' = 'docker'): Resource[] {
  const resources: Resource[] = [];
  const helpers: (Helper & { c: ContainerSummary })[] = [];
  for (const c of containers) {
    const labels = c.Labels ?? {};
    // The archive an update keeps until the new container is healthy: not a resource of its own.
    if (/-old-\d{9,}$/.test(containerName(c))) continue;
    const helper = helperOf(labels);
    if (helper) {
      helpers.push({ ...helper, c });
      continue;
    }
    const cls = classify(labels);
    if (!cls) continue;
    resources.push(toResource(c, cls, backend));
  }
  for (const h of helpers) {
    const owner = ownerOfHelper(resources, h);
    const state = parseState(h.c.State);
    if (owner) {
      (owner.helpers ??= []).push({ role: h.role, containerId: h.c.Id, state });
    } else {
      resources.push(toResource(h.c, { kind: 'other', service: `${h.service} ${h.role}`, name: h.of }, backend));
    }
  }
  return resources;
}

function toResource(c: ContainerSummary, cls: Classification, backend: 'docker'): Resource {
  const labels = c.Labels ?? {};
  const engine = engineOf(cls.kind, cls.service, c.Image, labels);
  const { health, exitCode } = parseStatus(c.Status);
  const state = parseState(c.State);
  const r: Resource = {
    id: `${backend}:${c.Id}`,
    backend,
    kind: cls.kind,
    name: cls.name,
    service: cls.service,
    image: c.Image,
    containerId: c.Id,
    containerName: containerName(c),
    state,
    status: c.Status ?? '',
    owner: ownerOf(labels),
    created: c.Created,
    labels,
  };
  if (engine) r.engine = engine;
  if (labels[OwnLabels.displayName]) r.displayName = labels[OwnLabels.displayName];
  if (health) r.health = health;
  if (exitCode !== undefined && (state === 'exited' || state === 'dead')) r.exitCode = exitCode;
  const endpoint = endpointOf(c, cls.kind, engine, labels);
  if (endpoint) r.endpoint = endpoint;
  return r;
}
