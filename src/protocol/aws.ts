// A fakecloud server's resources as its AWS API describes them: what the tree shows under a server, and what the
// service acts on through that API. Pure data, shared by both halves.

export type AwsResourceType = 'cache-cluster' | 'replication-group' | 'serverless-cache' | 'function' | 'instance' | 'db-instance';

/** The server's services that hold these resources, as its health route names them. */
export const AWS_SERVICE_OF: Record<AwsResourceType, 'elasticache' | 'lambda' | 'ec2' | 'rds'> = {
  'cache-cluster': 'elasticache',
  'replication-group': 'elasticache',
  'serverless-cache': 'elasticache',
  function: 'lambda',
  instance: 'ec2',
  'db-instance': 'rds',
};

/** Each type in the words the tree, the confirmations and the errors use. */
export const AWS_TYPE_NAMES: Record<AwsResourceType, string> = {
  'cache-cluster': 'cache cluster',
  'replication-group': 'replication group',
  'serverless-cache': 'serverless cache',
  function: 'function',
  instance: 'instance',
  'db-instance': 'DB instance',
};

export interface AwsResource {
  /** Stable across refreshes: `aws|<server endpoint>|<type>|<account>|<AWS id>`. */
  id: string;
  /** The server's endpoint ("http://127.0.0.1:4566"). */
  server: string;
  type: AwsResourceType;
  /** The cache cluster id, replication group id, function name, instance id… */
  awsId: string;
  /** A human name when the id is not one (an instance's Name tag). */
  displayName?: string;
  /** In the API's own words: available, creating, running, stopped, Active… A function: "warm" or "cold". */
  status: string;
  arn?: string;
  /** The account the server holds it in, when the server says (containers carry it as a label). */
  account?: string;
  /** "redis 7.1", "valkey 8.0", "memcached 1.6", a runtime "nodejs20.x", an engine "postgres 16". */
  engine?: string;
  /** The replication group a member cluster belongs to (its AwsResource id). */
  parent?: string;
  /** A replication group's member clusters, as it names them (a server may not describe each of them). */
  memberCount?: number;
  /** Where a user's client connects, when the API says. */
  endpoint?: { host: string; port: number };
  /** What the tooltip lists, in order: node type, handler, code size, last modified, tags… */
  details: [string, string][];
  /** The model's resources (containers or Pods) that run it: a cluster's node, a function's warm containers. */
  containers: string[];
}

/** What the server's listing of one service came to: its resources, or why it could not be listed. */
export interface AwsListing {
  server: string;
  service: 'elasticache' | 'lambda' | 'ec2' | 'rds';
  /** Why this service's resources are not shown (an AWS error with its code, a timeout). */
  error?: string;
}

/**
 * A container of a server's tied to the AWS resource it runs, as the model's resources carry it: the service acts
 * through the server's API on these, and tells drift from the AWS-level state, not from the container alone.
 */
export interface AwsTie {
  /** The AwsResource id. */
  id: string;
  server: string;
  type: AwsResourceType;
  awsId: string;
  /** Whether the server's own state says this should be running now (a cluster "available", an instance "running"). */
  expectsRunning: boolean;
}

/** What can be done to a server's resource through its API. */
export type AwsAction = 'reboot' | 'delete' | 'stop' | 'start' | 'terminate' | 'evict';

/** The actions each type takes, in the API's terms. */
export const AWS_ACTIONS: Record<AwsResourceType, readonly AwsAction[]> = {
  'cache-cluster': ['reboot', 'delete'],
  'replication-group': ['delete'],
  'serverless-cache': [],
  function: ['delete', 'evict'],
  instance: ['stop', 'start', 'reboot', 'terminate'],
  'db-instance': [],
};

/** The server's `/_fakecloud/lambda/invocations` entry. */
export interface Invocation {
  functionArn: string;
  payload: string;
  source: string;
  timestamp: string;
}

/** The stable id of an AWS resource in the model. */
export function awsResourceId(server: string, type: AwsResourceType, account: string | undefined, awsId: string): string {
  return `aws|${server}|${type}|${account ?? ''}|${awsId}`;
}

/** A function name from its ARN, or the name itself ("arn:aws:lambda:us-east-1:1:function:f" → "f"). */
export function functionNameOf(arnOrName: string): string {
  const m = /:function:([^:]+)/.exec(arnOrName);
  return m ? m[1] : arnOrName;
}
