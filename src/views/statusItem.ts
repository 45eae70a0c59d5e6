// A status-bar item shown as its pure spec says: text, tooltip, background, and hidden when it has nothing to say
// or its setting (fakecloud.statusBar.<name>) hides it.
import * as vscode from 'vscode';

export interface StatusSpec {
  text: string;
  tooltip: string;
  background?: string;
  hidden?: boolean;
}

export function applyStatus(item: vscode.StatusBarItem, spec: StatusSpec): void {
  item.text = spec.text;
  item.tooltip = spec.tooltip;
  item.backgroundColor = spec.background ? new vscode.ThemeColor(spec.background) : undefined;
  if (spec.hidden || !statusItemWanted(item)) item.hide();
  else item.show();
}

/** Whether the user keeps this item (`fakecloud.statusBar.connection`, `.reconcile`, `.server`). */
export function statusItemWanted(item: vscode.StatusBarItem): boolean {
  return vscode.workspace.getConfiguration('fakecloud').get<boolean>(`statusBar.${item.id.replace(/^fakecloud\./, '')}`, true);
}
