// A fakecloud server's resources as its AWS API lists them, tied to the containers (or Pods) that run them, and
// the containers of that server that run nothing it describes (strays). Pure: the listing and the model's resources
// in, the tree's AWS resources and the ties out.
import { awsResourceId, type AwsResource, type AwsResourceType, type AwsTie } from '../../protocol/aws';
import type { Resource } from '../../protocol/model';
import { sizeText } from '../../protocol/text';
import type { ContainerTie, WarmContainer } from './introspection';
import type { CacheClusterInfo, DbInstanceInfo, FunctionInfo, InstanceInfo, ReplicationGroupInfo, ServerlessCacheInfo } from './serverApi';

/** What one listing of a server found; a service left out could not be listed (see `errors`). */
export interface ServerListing {
  server: string;
  clusters?: CacheClusterInfo[];
  groups?: ReplicationGroupInfo[];
  serverless?: ServerlessCacheInfo[];
  functions?: FunctionInfo[];
  instances?: InstanceInfo[];
  dbs?: DbInstanceInfo[];
  /** From the server's own routes: which container runs what (absent on servers without the route). */
  clusterTies?: ContainerTie[];
  instanceTies?: ContainerTie[];
  dbTies?: ContainerTie[];
  warm?: WarmContainer[];
}

export interface Inventory {
  items: AwsResource[];
  /** Model resource id → the AWS resource it runs. */
  ties: Map<string, AwsTie>;
  /** Model resource ids of the server's containers that run nothing it describes. */
  strays: Set<string>;
  /** The server's pid, as the owner label of a container it describes says. */
  pid?: number;
}

/** The label naming the resource a container runs, per service. */
const LABEL_OF: Partial<Record<AwsResourceType, string>> = {
  'cache-cluster': 'fakecloud-elasticache',
  // fakecloud 0.51 runs a replication group in one container labelled with the group's id.
  'replication-group': 'fakecloud-elasticache',
  function: 'fakecloud-lambda',
  instance: 'fakecloud-ec2',
  'db-instance': 'fakecloud-rds',
};

/** The model's service names of containers a listed service would describe. */
const CONTAINER_SERVICE: Record<string, keyof ServerListing> = {
  elasticache: 'clusters',
  lambda: 'functions',
  ec2: 'instances',
  rds: 'dbs',
};

/** A container that is being made (created, its code not yet copied in) is not a stray for this long. */
export const MAKING_GRACE_S = 60;

/** The account in an ARN ("arn:aws:lambda:us-east-1:123456789012:function:f" → "123456789012"). */
export function accountOf(arn: string | undefined): string | undefined {
  const m = arn ? /^arn:[^:]*:[^:]*:[^:]*:(\d+):/.exec(arn) : null;
  return m ? m[1] : undefined;
}

const engineText = (engine: string | undefined, version: string | undefined) =>
  engine ? (version ? `${engine} ${version}` : engine) : undefined;

/** KB/MB for a code size. */
const rows = (pairs: [string, string | number | undefined][]): [string, string][] =>
  pairs.filter((p): p is [string, string | number] => p[1] !== undefined && p[1] !== '').map(([k, v]) => [k, String(v)]);

/** Whether the server's own state says the resource should be running now. */
export function expectsRunning(type: AwsResourceType, status: string): boolean {
  switch (type) {
    case 'cache-cluster':
    case 'replication-group':
    case 'db-instance':
      return status === 'available';
    case 'instance':
      return status === 'running';
    default:
      // A function's warm containers come and go as the server likes.
      return false;
  }
}

export function buildInventory(listing: ServerListing, resources: readonly Resource[], now: number, onlyServer: boolean): Inventory {
  const { server } = listing;
  const items: AwsResource[] = [];
  const ties = new Map<string, AwsTie>();
  // The server's containers: by its owner label, never a dead server's leftovers.
  const mine = resources.filter((r) => r.owner.type === 'fakecloud' && !r.leftover);
  const byContainer = new Map<string, Resource>();
  for (const r of mine) {
    byContainer.set(r.containerId, r);
    byContainer.set(r.containerName, r);
  }
  const findContainer = (id: string) => byContainer.get(id) ?? mine.find((r) => r.containerId.startsWith(id) && id.length >= 12);

  // Ties the server states itself first: they also give its pid, which tells its containers from another server's.
  const stated: { type: AwsResourceType; id: string; r: Resource }[] = [];
  const state = (type: AwsResourceType, list: { id: string; containerId: string }[] | undefined) => {
    for (const t of list ?? []) {
      const r = findContainer(t.containerId);
      if (r) stated.push({ type, id: t.id, r });
    }
  };
  state('cache-cluster', listing.clusterTies);
  state('instance', listing.instanceTies);
  state('db-instance', listing.dbTies);
  state(
    'function',
    listing.warm?.map((w) => ({ id: w.functionName, containerId: w.containerId })),
  );
  const pids = new Set(stated.map((s) => (s.r.owner.type === 'fakecloud' ? s.r.owner.pid : undefined)).filter((p) => p !== undefined));
  const pid = pids.size === 1 ? [...pids][0] : undefined;
  // Without a stated tie, labels decide, among this server's containers only when it is known which those are.
  const ofServer = (r: Resource) => (pid !== undefined ? r.owner.type === 'fakecloud' && r.owner.pid === pid : onlyServer);

  const containersOf = (type: AwsResourceType, awsId: string, account: string | undefined): Resource[] => {
    const byState = stated.filter((s) => s.type === type && s.id === awsId).map((s) => s.r);
    if (byState.length) return byState;
    const label = LABEL_OF[type];
    if (!label) return [];
    return mine.filter(
      (r) =>
        ofServer(r) &&
        r.labels[label] === awsId &&
        // Same id in another account is another resource.
        (!account || !r.labels['fakecloud-account'] || r.labels['fakecloud-account'] === account),
    );
  };

  const add = (
    type: AwsResourceType,
    awsId: string,
    fields: Omit<AwsResource, 'id' | 'server' | 'type' | 'awsId' | 'containers' | 'account'> & { arn?: string },
    containers: Resource[],
  ): AwsResource => {
    const account = accountOf(fields.arn);
    const id = awsResourceId(server, type, account, awsId);
    const item: AwsResource = { id, server, type, awsId, ...fields, containers: containers.map((r) => r.id) };
    if (account) item.account = account;
    for (const r of containers) ties.set(r.id, { id, server, type, awsId, expectsRunning: expectsRunning(type, fields.status) });
    items.push(item);
    return item;
  };

  const groupIds = new Map<string, string>();
  for (const g of listing.groups ?? []) {
    const item = add(
      'replication-group',
      g.id,
      {
        status: g.status,
        arn: g.arn,
        engine: g.engine,
        endpoint: g.endpoint,
        memberCount: g.members.length,
        details: rows([
          ['Description', g.description],
          ['Node type', g.nodeType],
          ['Members', g.members.join(', ')],
        ]),
      },
      containersOf('replication-group', g.id, accountOf(g.arn)),
    );
    groupIds.set(g.id, item.id);
  }
  for (const c of listing.clusters ?? []) {
    const account = accountOf(c.arn);
    const tied = containersOf('cache-cluster', c.id, account);
    const hostPort = listing.clusterTies?.find((t) => t.id === c.id)?.hostPort;
    const endpoint = c.endpoint ?? (hostPort ? { host: '127.0.0.1', port: hostPort } : tied.find((r) => r.endpoint)?.endpoint);
    const parent = c.replicationGroupId ? groupIds.get(c.replicationGroupId) : undefined;
    add(
      'cache-cluster',
      c.id,
      {
        status: c.status,
        arn: c.arn,
        engine: engineText(c.engine, c.engineVersion),
        ...(endpoint ? { endpoint: { host: endpoint.host, port: endpoint.port } } : {}),
        ...(parent ? { parent } : {}),
        details: rows([
          ['Node type', c.nodeType],
          ['Nodes', c.numNodes],
          ['Replication group', c.replicationGroupId],
        ]),
      },
      tied,
    );
  }
  for (const s of listing.serverless ?? []) {
    add(
      'serverless-cache',
      s.name,
      { status: s.status, arn: s.arn, engine: engineText(s.engine, s.engineVersion), endpoint: s.endpoint, details: [] },
      [],
    );
  }
  for (const f of listing.functions ?? []) {
    const warm = containersOf('function', f.name, accountOf(f.arn));
    const running = warm.filter((r) => r.state === 'running' || r.state === 'created');
    // Lambda's own state first when it is not simply Active: Pending, Failed, Inactive.
    const status =
      f.state && f.state !== 'Active' ? f.state : running.length ? (running.length > 1 ? `${running.length} warm` : 'warm') : 'cold';
    add(
      'function',
      f.name,
      {
        status,
        arn: f.arn,
        engine: f.runtime ?? (f.packageType === 'Image' ? 'container image' : undefined),
        details: rows([
          ['Handler', f.handler],
          ['Code size', f.codeSize !== undefined ? sizeText(f.codeSize) : undefined],
          ['Memory', f.memorySize !== undefined ? `${f.memorySize} MB` : undefined],
          ['Timeout', f.timeout !== undefined ? `${f.timeout} s` : undefined],
          ['Last modified', f.lastModified],
          ['Package', f.packageType],
        ]),
      },
      warm,
    );
  }
  for (const i of listing.instances ?? []) {
    // A terminated instance lingers in DescribeInstances for a while, as in AWS; it runs nothing.
    const tied = i.state === 'terminated' ? [] : containersOf('instance', i.id, undefined);
    const tags = Object.entries(i.tags)
      .filter(([k]) => k !== 'Name')
      .map(([k, v]) => `${k}=${v}`);
    add(
      'instance',
      i.id,
      {
        status: i.state,
        ...(i.tags.Name ? { displayName: i.tags.Name } : {}),
        details: rows([
          ['Type', i.type],
          ['Image', i.imageId],
          ['Private address', i.privateIp],
          ['Public address', i.publicIp],
          ['Tags', tags.join(', ')],
          ['Launched', i.launchTime],
        ]),
      },
      tied,
    );
  }
  for (const d of listing.dbs ?? []) {
    const tied = containersOf('db-instance', d.id, accountOf(d.arn));
    const hostPort = listing.dbTies?.find((t) => t.id === d.id)?.hostPort;
    const endpoint = d.endpoint ?? (hostPort ? { host: '127.0.0.1', port: hostPort } : undefined);
    add(
      'db-instance',
      d.id,
      {
        status: d.status,
        arn: d.arn,
        engine: engineText(d.engine, d.engineVersion),
        ...(endpoint ? { endpoint } : {}),
        details: rows([['Class', d.instanceClass]]),
      },
      tied,
    );
  }

  // Strays: this server's containers, of a service that was listed, that run nothing it describes.
  const strays = new Set<string>();
  const accounts = new Set(items.map((i) => i.account).filter((a) => a !== undefined));
  for (const r of mine) {
    if (ties.has(r.id) || !ofServer(r)) continue;
    // Another account's: the API answers for the account the listing used, so it is not seen, not stray.
    const account = r.labels['fakecloud-account'];
    if (account && accounts.size && !accounts.has(account)) continue;
    const listedKey = CONTAINER_SERVICE[r.service];
    if (!listedKey || listing[listedKey] === undefined) continue;
    // Being made: created, its code not copied in yet; the server lists it a moment later.
    if (r.state === 'created' && now / 1000 - r.created < MAKING_GRACE_S) continue;
    strays.add(r.id);
  }
  return { items, ties, strays, ...(pid !== undefined ? { pid } : {}) };
}
