// A fakecloud server's AWS API through the AWS SDK for JavaScript v3: the same clients our users' code uses, so
// what the tree shows and does is what their code would see. Each request has a deadline and one attempt (the tree
// lists again anyway; an action is not repeated behind the user's back); an error keeps its AWS code and message.
// Entries the server describes oddly are dropped, never the whole listing.
import {
  CreateCacheClusterCommand,
  DeleteCacheClusterCommand,
  DeleteReplicationGroupCommand,
  DescribeCacheClustersCommand,
  DescribeReplicationGroupsCommand,
  DescribeServerlessCachesCommand,
  ElastiCacheClient,
  RebootCacheClusterCommand,
  type CacheCluster,
} from '@aws-sdk/client-elasticache';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
  type FunctionConfiguration,
} from '@aws-sdk/client-lambda';
import {
  DescribeInstancesCommand,
  EC2Client,
  RebootInstancesCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  type Instance,
  type _InstanceType,
} from '@aws-sdk/client-ec2';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { DUMMY_KEYS } from '../../../protocol/handOff';
import {
  AwsApiError,
  type CacheClusterInfo,
  type FunctionInfo,
  type InstanceInfo,
  type ServerApi,
  type ServerApiOptions,
} from '../serverApi';

/** Lists are paged; a server that never stops paging is cut off here. */
const MAX_PAGES = 200;

/** The SDK's errors carry the AWS code as `name` and the HTTP status in `$metadata`. */
function awsError(err: unknown, what: string): Error {
  if (err instanceof AwsApiError) return err;
  // `Code` is the code on the wire ("CacheClusterNotFound"); `name` the SDK's class for it ("…Fault").
  const e = err as { name?: string; Code?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  if (e.name === 'AbortError') return new Error(`${what}: cancelled`);
  if (e.name === 'TimeoutError' || e.code === 'ETIMEDOUT' || /timed? ?out/i.test(e.message ?? ''))
    return new Error(`${what}: the fakecloud server did not answer in time`);
  if (e.code === 'ECONNREFUSED') return new Error(`${what}: the fakecloud server is not listening (connection refused)`);
  const status = e.$metadata?.httpStatusCode ?? (err as { $response?: { statusCode?: number } }).$response?.statusCode;
  // An answer that is not the AWS API's (a 404 page, HTML): said plainly, not as the SDK's parser saw it.
  if (/Deserialization error|parse error/i.test(e.message ?? '') || e.name === 'Unknown' || e.Code === 'Unknown')
    return new Error(`${what}: HTTP ${status ?? '?'}, not an AWS API answer (does this server offer the service?)`);
  if (e.$metadata?.httpStatusCode !== undefined && e.name && e.name !== 'Error')
    return new AwsApiError(e.Code ?? e.name, e.message || 'no message', e.$metadata.httpStatusCode);
  return new Error(`${what}: ${e.message ?? String(err)}`);
}

async function call<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw awsError(err, what);
  }
}

async function pages<T>(fetch: (marker: string | undefined) => Promise<{ items: T[]; next?: string }>): Promise<T[]> {
  const out: T[] = [];
  let marker: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await fetch(marker);
    out.push(...page.items);
    if (!page.next || page.next === marker) break;
    marker = page.next;
  }
  return out;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

function clusterInfo(c: CacheCluster): CacheClusterInfo | undefined {
  if (!c.CacheClusterId) return undefined;
  const node = c.CacheNodes?.find((n) => n.Endpoint?.Address);
  const ep = node?.Endpoint ?? c.ConfigurationEndpoint;
  return {
    id: c.CacheClusterId,
    status: c.CacheClusterStatus ?? 'unknown',
    engine: c.Engine ?? 'unknown',
    engineVersion: str(c.EngineVersion),
    nodeType: str(c.CacheNodeType),
    numNodes: c.NumCacheNodes,
    replicationGroupId: str(c.ReplicationGroupId),
    arn: str(c.ARN),
    endpoint: ep?.Address && ep.Port ? { host: ep.Address, port: ep.Port } : undefined,
  };
}

function functionInfo(f: FunctionConfiguration): FunctionInfo | undefined {
  if (!f.FunctionName) return undefined;
  return {
    name: f.FunctionName,
    arn: str(f.FunctionArn),
    runtime: str(f.Runtime),
    handler: str(f.Handler),
    lastModified: str(f.LastModified),
    codeSize: f.CodeSize,
    memorySize: f.MemorySize,
    timeout: f.Timeout,
    packageType: str(f.PackageType),
    state: str(f.State),
  };
}

function instanceInfo(i: Instance): InstanceInfo | undefined {
  if (!i.InstanceId) return undefined;
  const tags: Record<string, string> = {};
  for (const t of i.Tags ?? []) if (t.Key) tags[t.Key] = t.Value ?? '';
  return {
    id: i.InstanceId,
    state: i.State?.Name ?? 'unknown',
    type: str(i.InstanceType),
    imageId: str(i.ImageId),
    privateIp: str(i.PrivateIpAddress),
    publicIp: str(i.PublicIpAddress),
    tags,
    launchTime: i.LaunchTime instanceof Date && !isNaN(i.LaunchTime.getTime()) ? i.LaunchTime.toISOString() : undefined,
  };
}

const defined = <T>(x: T | undefined): x is T => x !== undefined;

export function createSdkServerApi(opts: ServerApiOptions): ServerApi {
  const handler = (requestTimeout: number) => new NodeHttpHandler({ connectionTimeout: Math.min(3_000, requestTimeout), requestTimeout });
  const config = (requestTimeout: number) => ({
    endpoint: opts.endpoint,
    region: opts.region,
    credentials: DUMMY_KEYS,
    maxAttempts: 1,
    requestHandler: handler(requestTimeout),
  });
  const elasticache = new ElastiCacheClient(config(opts.requestTimeoutMs));
  const lambda = new LambdaClient(config(opts.requestTimeoutMs));
  const invoker = new LambdaClient(config(opts.invokeTimeoutMs));
  const ec2 = new EC2Client(config(opts.requestTimeoutMs));
  const rds = new RDSClient(config(opts.requestTimeoutMs));

  return {
    listCacheClusters: (signal) =>
      call('DescribeCacheClusters', () =>
        pages(async (Marker) => {
          const out = await elasticache.send(new DescribeCacheClustersCommand({ Marker, ShowCacheNodeInfo: true }), {
            abortSignal: signal,
          });
          return { items: (out.CacheClusters ?? []).map(clusterInfo).filter(defined), next: out.Marker };
        }),
      ),
    listReplicationGroups: (signal) =>
      call('DescribeReplicationGroups', () =>
        pages(async (Marker) => {
          const out = await elasticache.send(new DescribeReplicationGroupsCommand({ Marker }), { abortSignal: signal });
          const items = (out.ReplicationGroups ?? []).flatMap((g) => {
            if (!g.ReplicationGroupId) return [];
            const ep = g.ConfigurationEndpoint ?? g.NodeGroups?.[0]?.PrimaryEndpoint;
            return [
              {
                id: g.ReplicationGroupId,
                status: g.Status ?? 'unknown',
                description: str(g.Description),
                members: (g.MemberClusters ?? []).filter((m): m is string => typeof m === 'string'),
                arn: str(g.ARN),
                engine: str(g.Engine),
                nodeType: str(g.CacheNodeType),
                endpoint: ep?.Address && ep.Port ? { host: ep.Address, port: ep.Port } : undefined,
              },
            ];
          });
          return { items, next: out.Marker };
        }),
      ),
    listServerlessCaches: (signal) =>
      call('DescribeServerlessCaches', () =>
        pages(async (NextToken) => {
          const out = await elasticache.send(new DescribeServerlessCachesCommand({ NextToken }), { abortSignal: signal });
          const items = (out.ServerlessCaches ?? []).flatMap((c) =>
            c.ServerlessCacheName
              ? [
                  {
                    name: c.ServerlessCacheName,
                    status: c.Status ?? 'unknown',
                    engine: str(c.Engine),
                    engineVersion: str(c.FullEngineVersion) ?? str(c.MajorEngineVersion),
                    arn: str(c.ARN),
                    endpoint: c.Endpoint?.Address && c.Endpoint.Port ? { host: c.Endpoint.Address, port: c.Endpoint.Port } : undefined,
                  },
                ]
              : [],
          );
          return { items, next: out.NextToken };
        }),
      ),
    listFunctions: (signal) =>
      call('ListFunctions', () =>
        pages(async (Marker) => {
          const out = await lambda.send(new ListFunctionsCommand({ Marker }), { abortSignal: signal });
          return { items: (out.Functions ?? []).map(functionInfo).filter(defined), next: out.NextMarker };
        }),
      ),
    listInstances: (signal) =>
      call('DescribeInstances', () =>
        pages(async (NextToken) => {
          const out = await ec2.send(new DescribeInstancesCommand({ NextToken }), { abortSignal: signal });
          const items = (out.Reservations ?? []).flatMap((r) => (r.Instances ?? []).map(instanceInfo).filter(defined));
          return { items, next: out.NextToken };
        }),
      ),
    listDbInstances: (signal) =>
      call('DescribeDBInstances', () =>
        pages(async (Marker) => {
          const out = await rds.send(new DescribeDBInstancesCommand({ Marker }), { abortSignal: signal });
          const items = (out.DBInstances ?? []).flatMap((d) =>
            d.DBInstanceIdentifier
              ? [
                  {
                    id: d.DBInstanceIdentifier,
                    status: d.DBInstanceStatus ?? 'unknown',
                    engine: str(d.Engine),
                    engineVersion: str(d.EngineVersion),
                    instanceClass: str(d.DBInstanceClass),
                    arn: str(d.DBInstanceArn),
                    endpoint: d.Endpoint?.Address && d.Endpoint.Port ? { host: d.Endpoint.Address, port: d.Endpoint.Port } : undefined,
                  },
                ]
              : [],
          );
          return { items, next: out.Marker };
        }),
      ),
    rebootCacheCluster: (id) =>
      call('RebootCacheCluster', async () => {
        // Every node reboots, as the console's Reboot does.
        const out = await elasticache.send(new DescribeCacheClustersCommand({ CacheClusterId: id, ShowCacheNodeInfo: true }));
        const nodes = out.CacheClusters?.[0]?.CacheNodes?.map((n) => n.CacheNodeId).filter((n): n is string => !!n) ?? [];
        await elasticache.send(
          new RebootCacheClusterCommand({ CacheClusterId: id, CacheNodeIdsToReboot: nodes.length ? nodes : ['0001'] }),
        );
      }),
    deleteCacheCluster: (id) =>
      call('DeleteCacheCluster', async () => {
        await elasticache.send(new DeleteCacheClusterCommand({ CacheClusterId: id }));
      }),
    deleteReplicationGroup: (id) =>
      call('DeleteReplicationGroup', async () => {
        await elasticache.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: id }));
      }),
    deleteFunction: (name) =>
      call('DeleteFunction', async () => {
        await lambda.send(new DeleteFunctionCommand({ FunctionName: name }));
      }),
    stopInstance: (id) =>
      call('StopInstances', async () => {
        await ec2.send(new StopInstancesCommand({ InstanceIds: [id] }));
      }),
    startInstance: (id) =>
      call('StartInstances', async () => {
        await ec2.send(new StartInstancesCommand({ InstanceIds: [id] }));
      }),
    rebootInstance: (id) =>
      call('RebootInstances', async () => {
        await ec2.send(new RebootInstancesCommand({ InstanceIds: [id] }));
      }),
    terminateInstance: (id) =>
      call('TerminateInstances', async () => {
        await ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
      }),
    invoke: (name, payload, signal) =>
      call('Invoke', async () => {
        const out = await invoker.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(payload, 'utf8'), LogType: 'Tail' }), {
          abortSignal: signal,
        });
        return {
          statusCode: out.StatusCode ?? 0,
          payload: out.Payload ? Buffer.from(out.Payload).toString('utf8') : '',
          functionError: str(out.FunctionError),
          logTail: out.LogResult ? Buffer.from(out.LogResult, 'base64').toString('utf8') : undefined,
          executedVersion: str(out.ExecutedVersion),
        };
      }),
    createCacheCluster: (req) =>
      call('CreateCacheCluster', async () => {
        const out = await elasticache.send(
          new CreateCacheClusterCommand({
            CacheClusterId: req.id,
            Engine: req.engine,
            CacheNodeType: req.nodeType ?? 'cache.t3.micro',
            NumCacheNodes: 1,
            ...(req.engineVersion ? { EngineVersion: req.engineVersion } : {}),
          }),
        );
        return (out.CacheCluster && clusterInfo(out.CacheCluster)) ?? { id: req.id, status: 'creating', engine: req.engine };
      }),
    runInstance: (req) =>
      call('RunInstances', async () => {
        const out = await ec2.send(
          new RunInstancesCommand({
            ImageId: req.imageId,
            InstanceType: (req.instanceType ?? 't3.micro') as _InstanceType,
            MinCount: 1,
            MaxCount: 1,
            ...(req.userData ? { UserData: Buffer.from(req.userData, 'utf8').toString('base64') } : {}),
            ...(req.name ? { TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: req.name }] }] } : {}),
          }),
        );
        const made = out.Instances?.[0] && instanceInfo(out.Instances[0]);
        if (!made) throw new AwsApiError('InvalidResponse', 'RunInstances answered without an instance');
        return made;
      }),
    createFunction: (req) =>
      call('CreateFunction', async () => {
        const out = await lambda.send(
          new CreateFunctionCommand({
            FunctionName: req.name,
            Runtime: req.runtime as FunctionConfiguration['Runtime'],
            Handler: req.handler,
            Role: req.role ?? 'arn:aws:iam::123456789012:role/lambda-role',
            Code: { ZipFile: req.zip },
            ...(req.timeoutSeconds ? { Timeout: req.timeoutSeconds } : {}),
            ...(req.memoryMb ? { MemorySize: req.memoryMb } : {}),
            ...(req.environment ? { Environment: { Variables: req.environment } } : {}),
          }),
        );
        return functionInfo(out) ?? { name: req.name };
      }),
    close: () => {
      for (const c of [elasticache, lambda, invoker, ec2, rds]) c.destroy();
    },
  };
}
