// What a destructive command asks before it acts: whose the resource is, and
// everything that goes with it. Pure, so the wording is tested.
import { AWS_TYPE_NAMES, type AwsAction, type AwsResource } from '../protocol/aws';
import type { Resource } from '../protocol/model';
import { ownerText, runsAs } from './treeNodes';

/** Delete Function: the process, and for ours the code stored to repair and redeploy it. */
export function deleteFunctionQuestion(r: Resource): string {
  const what = `Delete function ${r.name}? Its ${runsAs(r)} is removed`;
  if (r.owner.type === 'extension') return `${what}, with the code stored for it (what Redeploy and repairs start from).`;
  return `${what}. It belongs to ${ownerText(r)}, whose Lambda API will still list it.`;
}

/** Delete Cache: whose it is and what goes with it. */
export function deleteCacheDetail(r: Resource): string {
  const where = runsAs(r);
  if (r.owner.type !== 'extension')
    return (
      `It belongs to ${ownerText(r)}, not to Fakecloud Explorer. Its ${where} is removed behind the server's ` +
      `back${r.backend === 'kubernetes' ? '' : '; its volumes are kept'}.`
    );
  if (r.engine === 'memcached') return `Its ${where} is removed.`;
  return r.backend === 'kubernetes'
    ? `Its ${where} is deleted, and its data with it. Take a snapshot first to keep the data.`
    : `Its ${where} and its data volume are removed. Take a snapshot first to keep the data.`;
}

const API_CALL: Record<string, string> = {
  'cache-cluster:delete': 'DeleteCacheCluster',
  'replication-group:delete': 'DeleteReplicationGroup',
  'function:delete': 'DeleteFunction',
  'instance:terminate': 'TerminateInstances',
};

/** Delete or terminate a server's resource: through its API, with what goes with it. */
export function serverActionQuestion(a: AwsResource, action: AwsAction): { question: string; detail: string; button: string } {
  const name = a.displayName ? `${a.displayName} (${a.awsId})` : a.awsId;
  const call = API_CALL[`${a.type}:${action}`] ?? action;
  const what =
    a.type === 'replication-group'
      ? 'The server deletes the group and every member cluster, with their data.'
      : a.type === 'function'
        ? 'The server deletes its code and configuration and stops its warm containers.'
        : a.type === 'instance'
          ? 'The server removes its container; DescribeInstances shows it terminated for a while, as AWS does.'
          : 'The server removes its container and its data.';
  return {
    question: `${action === 'terminate' ? 'Terminate' : 'Delete'} ${AWS_TYPE_NAMES[a.type]} ${name} on the fakecloud server?`,
    detail: `${call} is sent to ${a.server}. ${what}`,
    button: action === 'terminate' ? 'Terminate' : 'Delete',
  };
}
