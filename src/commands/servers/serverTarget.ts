// A fakecloud server's resource a command acts on: its row in the tree, or a container tied to it. Such a resource
// is acted on through the server's API (aws/act), never on its container behind the server's back.
import * as vscode from 'vscode';
import type { AwsAction, AwsResource } from '../../protocol/aws';
import type { Resource } from '../../protocol/model';
import type { TreeNode } from '../../views/treeNodes';
import { serverActionQuestion } from '../../views/confirmations';
import { CommandFailure, type CommandContext } from '../command';
import { runOperation } from '../runOperation';
import { l10n } from '../../protocol/l10n';

/** The AWS resource of a tree node (its row, or a container tied to one), as the model has it now. */
export function awsTargetOf(ctx: CommandContext, arg: unknown): AwsResource | undefined {
  const node = arg as TreeNode | undefined;
  const id = node?.type === 'aws' ? node.item.id : node?.type === 'resource' ? node.resource.aws?.id : undefined;
  if (!id) return undefined;
  return ctx.client.snapshot?.aws?.find((a) => a.id === id) ?? (node?.type === 'aws' ? node.item : undefined);
}

/** The AWS resource a picked container is tied to. */
export function awsTargetOfResource(ctx: CommandContext, r: Resource): AwsResource | undefined {
  return r.aws ? ctx.client.snapshot?.aws?.find((a) => a.id === r.aws?.id) : undefined;
}

const DESTRUCTIVE: AwsAction[] = ['delete', 'terminate'];

/** Asks first when the action destroys; then the server's API does it, under a progress notification. */
export async function actOnServer(ctx: CommandContext, a: AwsResource, action: AwsAction, verb: string): Promise<void> {
  const label = a.displayName ?? a.awsId;
  if (DESTRUCTIVE.includes(action)) {
    const q = serverActionQuestion(a, action);
    const ok = await vscode.window.showWarningMessage(q.question, { modal: true, detail: q.detail }, q.button);
    if (ok !== q.button) return;
  }
  try {
    const res = await runOperation(ctx, `${verb} ${label}`, false, (operationId) =>
      ctx.client.request('aws/act', { id: a.id, action, operationId }),
    );
    vscode.window.setStatusBarMessage(l10n.t('$(check) {0}', res.message), 5000);
  } catch (err) {
    throw new CommandFailure(`${verb} ${label}`, err);
  }
}
