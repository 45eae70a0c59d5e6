// The Get Started walkthrough, opened once: the first time the extension runs (the Fakecloud view opened after
// install), never again after; it stays in the Welcome page's list.
import * as vscode from 'vscode';

export const WALKTHROUGH = 'fakecloud-explorer.fakecloud-explorer#fakecloud.gettingStarted';
const SHOWN_KEY = 'fakecloud.walkthroughShown';

export function openWalkthroughOnce(context: vscode.ExtensionContext): void {
  if (context.globalState.get<boolean>(SHOWN_KEY)) return;
  if (!vscode.workspace.getConfiguration('fakecloud').get<boolean>('walkthrough.openOnFirstUse', true)) return;
  void context.globalState.update(SHOWN_KEY, true);
  // Beside the view the user just opened, without taking the focus from it.
  void vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, false);
}
