// What a destructive command asks before it acts: whose the resource is, and
// everything that goes with it. Pure, so the wording is tested.
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
