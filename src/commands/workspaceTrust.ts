// Restricted Mode: in a workspace the user has not trusted, nothing that creates, changes or runs anything acts on
// the workspace's own files (its stack file, a code folder, user data, a snapshot, files to upload). Files picked
// from outside the workspace are the user's own choice and stay usable. Commands whose whole point is a workspace
// file are also disabled by the manifest (enablement: isWorkspaceTrusted); this check holds for every way in.
import * as vscode from 'vscode';
import { within } from '../platform/within';
import { l10n } from '../protocol/l10n';
import { CommandFailure } from './command';

/** The workspace's local folders while it is not trusted (none once it is). */
export function untrustedFolders(): string[] {
  if (vscode.workspace.isTrusted) return [];
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

/** Whether a local path is inside one of the workspace's folders. */
function inWorkspace(file: string): boolean {
  return (vscode.workspace.workspaceFolders ?? []).some((f) => f.uri.scheme === 'file' && within(f.uri.fsPath, file));
}

/**
 * Refuses, naming Restricted Mode and the way out, when the workspace is not trusted and any of the files is in it
 * (`files` undefined: the command acts on the workspace as a whole).
 */
export function requireTrustFor(what: string, files?: readonly string[]): void {
  if (vscode.workspace.isTrusted) return;
  if (files && !files.some(inWorkspace)) return;
  throw new CommandFailure(
    what,
    new Error(
      l10n.t(
        'this workspace is in Restricted Mode: nothing is made, changed or run from its files until you trust it (Workspaces: Manage Workspace Trust)',
      ),
    ),
  );
}
