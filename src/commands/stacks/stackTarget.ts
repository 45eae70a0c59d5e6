// The stack file a command acts on: the file it was invoked on (editor title, Explorer, a tree row), the active
// editor's, the workspace's only one, or a pick among them. Unsaved edits are saved first: what is applied is what
// the user sees.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { l10n } from '../../protocol/l10n';
import type { TreeNode } from '../../views/treeNodes';
import { isStackFile, stackFileNames } from '../../views/workspaceStacks';
import { CommandCancelled, type CommandContext } from '../command';

function fileOf(arg: unknown): string | undefined {
  if (arg instanceof vscode.Uri) return arg.scheme === 'file' ? arg.fsPath : undefined;
  if (typeof arg === 'string') return arg;
  const node = arg as TreeNode | undefined;
  return node?.type === 'stack' ? node.stack.file : undefined;
}

export async function pickStackFile(ctx: CommandContext, arg: unknown, title: string): Promise<string> {
  let file = fileOf(arg);
  const active = vscode.window.activeTextEditor?.document.uri;
  if (!file && active && isStackFile(active)) file = active.fsPath;
  if (!file) {
    const files = await ctx.stacks.files();
    if (files.length === 1) file = files[0];
    else if (files.length === 0) {
      const exportIt = l10n.t('Export as Stack File…');
      const choice = await vscode.window.showInformationMessage(
        l10n.t('No stack file ({0}) at the root of a workspace folder.', stackFileNames().join(', ')),
        exportIt,
      );
      if (choice === exportIt) await vscode.commands.executeCommand('fakecloud.exportStack');
      throw new CommandCancelled(l10n.t('no stack file'));
    } else {
      const pick = await vscode.window.showQuickPick(
        files.map((f) => ({ label: vscode.workspace.asRelativePath(f, true), file: f })),
        { title, placeHolder: l10n.t('The stack file') },
      );
      if (!pick) throw new CommandCancelled(l10n.t('no stack file picked'));
      file = pick.file;
    }
  }
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
  if (open?.isDirty && !(await open.save())) throw new CommandCancelled(l10n.t('{0} was not saved', path.basename(file)));
  return file;
}
