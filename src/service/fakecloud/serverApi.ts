// What the service asks of a fakecloud server's AWS API, in its own plain terms: the implementation (awsSdkApi.ts)
// speaks through the AWS SDK for JavaScript, loaded only once a server answers; tests and the inventory see
// these shapes only.

export interface CacheClusterInfo {
  id: string;
  status: string;
  engine: string;
  engineVersion?: string;
  nodeType?: string;
  numNodes?: number;
  replicationGroupId?: string;
  arn?: string;
  endpoint?: { host: string; port: number };
}

export interface ReplicationGroupInfo {
  id: string;
  status: string;
  description?: string;
  members: string[];
  arn?: string;
  engine?: string;
  nodeType?: string;
  endpoint?: { host: string; port: number };
}

export interface ServerlessCacheInfo {
  name: string;
  status: string;
  engine?: string;
  engineVersion?: string;
  arn?: string;
  endpoint?: { host: string; port: number };
}

export interface FunctionInfo {
  name: string;
  arn?: string;
  runtime?: string;
  handler?: string;
  lastModified?: string;
  codeSize?: number;
  memorySize?: number;
  timeout?: number;
  packageType?: string;
  state?: string;
}

export interface InstanceInfo {
  id: string;
  /** pending, running, stopping, stopped, shutting-down, terminated. */
  state: string;
  type?: string;
  imageId?: string;
  privateIp?: string;
  publicIp?: string;
  tags: Record<string, string>;
  launchTime?: string;
}

export interface DbInstanceInfo {
  id: string;
  status: string;
  engine?: string;
  engineVersion?: string;
  instanceClass?: string;
  arn?: string;
  endpoint?: { host: string; port: number };
}

export interface InvokeAnswer {
  statusCode: number;
  payload: string;
  /** "Unhandled" when the function threw. */
  functionError?: string;
  /** The last 4 KB of its log, decoded, when asked for. */
  logTail?: string;
  executedVersion?: string;
}

export interface CreateCacheClusterRequest {
  id: string;
  engine: 'redis' | 'valkey' | 'memcached';
  nodeType?: string;
  engineVersion?: string;
}

export interface RunInstanceRequest {
  imageId: string;
  instanceType?: string;
  userData?: string;
  name?: string;
}

export interface CreateFunctionRequest {
  name: string;
  runtime: string;
  handler: string;
  zip: Buffer;
  role?: string;
  timeoutSeconds?: number;
  memoryMb?: number;
  environment?: Record<string, string>;
}

export interface ServerApi {
  listCacheClusters(signal?: AbortSignal): Promise<CacheClusterInfo[]>;
  listReplicationGroups(signal?: AbortSignal): Promise<ReplicationGroupInfo[]>;
  listServerlessCaches(signal?: AbortSignal): Promise<ServerlessCacheInfo[]>;
  listFunctions(signal?: AbortSignal): Promise<FunctionInfo[]>;
  listInstances(signal?: AbortSignal): Promise<InstanceInfo[]>;
  listDbInstances(signal?: AbortSignal): Promise<DbInstanceInfo[]>;
  rebootCacheCluster(id: string): Promise<void>;
  deleteCacheCluster(id: string): Promise<void>;
  deleteReplicationGroup(id: string): Promise<void>;
  deleteFunction(name: string): Promise<void>;
  stopInstance(id: string): Promise<void>;
  startInstance(id: string): Promise<void>;
  rebootInstance(id: string): Promise<void>;
  terminateInstance(id: string): Promise<void>;
  invoke(name: string, payload: string, signal?: AbortSignal): Promise<InvokeAnswer>;
  createCacheCluster(req: CreateCacheClusterRequest): Promise<CacheClusterInfo>;
  runInstance(req: RunInstanceRequest): Promise<InstanceInfo>;
  createFunction(req: CreateFunctionRequest): Promise<FunctionInfo>;
  /** Ends its connections. */
  close(): void;
}

export interface ServerApiOptions {
  endpoint: string;
  region: string;
  /** How long one request may take before it fails with a clear error. */
  requestTimeoutMs: number;
  /** Invoke waits for the function itself: its own limit. */
  invokeTimeoutMs: number;
}

/** An error the server's API answered: its AWS code and message, as the user sees it. */
export class AwsApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus?: number,
  ) {
    super(`${code}: ${message}`);
    this.name = 'AwsApiError';
  }
}
