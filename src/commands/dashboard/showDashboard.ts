// Show Dashboard: live charts of a resource (its container or Pod, and what runs in it), or of a fakecloud server's
// function from the server's invocation log when it runs no container.
import type { TreeNode } from '../../views/treeNodes';
import type { FakecloudCommand } from '../command';
import { pickResource } from '../pickResource';
import { l10n } from '../../protocol/l10n';

export const showDashboard: FakecloudCommand = {
  id: 'fakecloud.showDashboard',
  async run(ctx, arg) {
    const node = arg as TreeNode | undefined;
    if (node?.type === 'aws' && !node.resource) {
      ctx.dashboards.show({ resourceId: node.item.id }, `${node.item.displayName ?? node.item.awsId} — dashboard`);
      return;
    }
    const r = await pickResource(ctx, arg, (x) => x.state === 'running' && x.kind !== 'other', l10n.t('Show Dashboard'));
    if (!r) return;
    ctx.dashboards.show({ resourceId: r.id }, `${r.displayName ?? r.name} — dashboard`);
  },
};
