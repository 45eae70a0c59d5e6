// Reset Service…: wipes one service's state on a fakecloud server (its own route), after a confirmation that says
// what goes. From a service's folder that service; from the server, picked.
import * as vscode from 'vscode';
import type { TreeNode } from '../../views/treeNodes';
import { CommandFailure, type FakecloudCommand } from '../command';
import { runOperation } from '../runOperation';
import { pickServer } from './pickServer';

const SERVICES = [
  {
    service: 'elasticache' as const,
    label: 'ElastiCache',
    what: 'every cache cluster, replication group and serverless cache, with their data',
  },
  { service: 'lambda' as const, label: 'Lambda', what: 'every function, its code, its warm containers and the invocation log' },
  { service: 'ec2' as const, label: 'EC2', what: 'every instance and its container' },
  { service: 'rds' as const, label: 'RDS', what: 'every DB instance, with its data' },
];

export const resetService: FakecloudCommand = {
  id: 'fakecloud.resetService',
  async run(ctx, arg) {
    const node = arg as TreeNode | undefined;
    const server = node?.type === 'awsFolder' ? node.server : (await pickServer(ctx, arg, 'Reset Service'))?.endpoint;
    if (!server) return;
    const fromFolder = node?.type === 'awsFolder' ? SERVICES.find((s) => s.service === node.folder) : undefined;
    const chosen =
      fromFolder ??
      (
        await vscode.window.showQuickPick(
          SERVICES.map((s) => ({ label: s.label, description: s.what, s })),
          { title: `Reset Service on ${server}: which service?` },
        )
      )?.s;
    if (!chosen) return;
    const ok = await vscode.window.showWarningMessage(
      `Reset ${chosen.label} on the fakecloud server?`,
      { modal: true, detail: `The server at ${server} forgets ${chosen.what}. This cannot be undone.` },
      'Reset',
    );
    if (ok !== 'Reset') return;
    try {
      await runOperation(ctx, `Resetting ${chosen.label}`, false, () =>
        ctx.client.request('aws/reset', { server, service: chosen.service }),
      );
      vscode.window.setStatusBarMessage(`$(check) ${chosen.label} reset on ${server}`, 5000);
    } catch (err) {
      throw new CommandFailure(`Reset ${chosen.label}`, err);
    }
  },
};
