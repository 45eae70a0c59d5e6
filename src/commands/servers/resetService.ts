// Reset Service…: wipes one service's state on a fakecloud server (its own route), after a confirmation that says
// what goes. From a service's folder that service; from the server, picked.
import * as vscode from 'vscode';
import type { TreeNode } from '../../views/treeNodes';
import { CommandFailure, type FakecloudCommand } from '../command';
import { runOperation } from '../runOperation';
import { pickServer } from './pickServer';
import { l10n } from '../../protocol/l10n';

const SERVICES = [
  {
    service: 'elasticache' as const,
    label: 'ElastiCache',
    what: l10n.t('every cache cluster, replication group and serverless cache, with their data'),
  },
  {
    service: 'lambda' as const,
    label: l10n.t('Lambda'),
    what: l10n.t('every function, its code, its warm containers and the invocation log'),
  },
  { service: 'ec2' as const, label: 'EC2', what: l10n.t('every instance and its container') },
  { service: 'rds' as const, label: 'RDS', what: l10n.t('every DB instance, with its data') },
];

export const resetService: FakecloudCommand = {
  id: 'fakecloud.resetService',
  async run(ctx, arg) {
    const node = arg as TreeNode | undefined;
    const server = node?.type === 'awsFolder' ? node.server : (await pickServer(ctx, arg, l10n.t('Reset Service')))?.endpoint;
    if (!server) return;
    const fromFolder = node?.type === 'awsFolder' ? SERVICES.find((s) => s.service === node.folder) : undefined;
    const chosen =
      fromFolder ??
      (
        await vscode.window.showQuickPick(
          SERVICES.map((s) => ({ label: s.label, description: s.what, s })),
          { title: l10n.t('Reset Service on {0}: which service?', server) },
        )
      )?.s;
    if (!chosen) return;
    const ok = await vscode.window.showWarningMessage(
      l10n.t('Reset {0} on the fakecloud server?', chosen.label),
      { modal: true, detail: l10n.t('The server at {0} forgets {1}. This cannot be undone.', server, chosen.what) },
      l10n.t('Reset'),
    );
    if (ok !== l10n.t('Reset')) return;
    try {
      await runOperation(ctx, l10n.t('Resetting {0}', chosen.label), false, () =>
        ctx.client.request('aws/reset', { server, service: chosen.service }),
      );
      vscode.window.setStatusBarMessage(l10n.t('$(check) {0} reset on {1}', chosen.label, server), 5000);
    } catch (err) {
      throw new CommandFailure(l10n.t('Reset {0}', chosen.label), err);
    }
  },
};
