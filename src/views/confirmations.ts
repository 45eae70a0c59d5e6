// What a destructive command asks before it acts: whose the resource is, and
// everything that goes with it. Pure, so the wording is tested.
import { AWS_TYPE_NAMES, type AwsAction, type AwsResource } from '../protocol/aws';
import type { Resource } from '../protocol/model';
import { ownerText, runsAs } from './treeNodes';
import { l10n } from '../protocol/l10n';

/** Delete Function: the process, and for ours the code stored to repair and redeploy it. */
export function deleteFunctionQuestion(r: Resource): string {
  const what = l10n.t('Delete function {0}? Its {1} is removed', r.name, runsAs(r));
  if (r.owner.type === 'extension') return l10n.t('{0}, with the code stored for it (what Redeploy and repairs start from).', what);
  return l10n.t('{0}. It belongs to {1}, whose Lambda API will still list it.', what, ownerText(r));
}

/** Delete Cache: whose it is and what goes with it. */
export function deleteCacheDetail(r: Resource): string {
  const where = runsAs(r);
  if (r.owner.type !== 'extension')
    return (
      l10n.t("It belongs to {0}, not to Fakecloud Explorer. Its {1} is removed behind the server's ", ownerText(r), where) +
      `back${r.backend === 'kubernetes' ? '' : l10n.t('; its volumes are kept')}.`
    );
  if (r.engine === 'memcached') return l10n.t('Its {0} is removed.', where);
  return r.backend === 'kubernetes'
    ? l10n.t('Its {0} is deleted, and its data with it. Take a snapshot first to keep the data.', where)
    : l10n.t('Its {0} and its data volume are removed. Take a snapshot first to keep the data.', where);
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
      ? l10n.t('The server deletes the group and every member cluster, with their data.')
      : a.type === 'function'
        ? l10n.t('The server deletes its code and configuration and stops its warm containers.')
        : a.type === 'instance'
          ? l10n.t('The server removes its container; DescribeInstances shows it terminated for a while, as AWS does.')
          : l10n.t('The server removes its container and its data.');
  return {
    question: l10n.t('{0} {1} {2} on the fakecloud server?', action === 'terminate' ? 'Terminate' : 'Delete', AWS_TYPE_NAMES[a.type], name),
    detail: l10n.t('{0} is sent to {1}. {2}', call, a.server, what),
    button: action === 'terminate' ? l10n.t('Terminate') : l10n.t('Delete'),
  };
}
