// The Copy … commands on a resource: a text of it to the clipboard, said in the status bar; a resource without one is
// told why. From the tree the item comes along; from the palette only the resources that have one are offered.
import * as vscode from 'vscode';
import type { Resource } from '../../protocol/model';
import type { FakecloudCommand } from '../command';
import { pickResource } from '../pickResource';

export function copyCommand(
  id: string,
  title: string,
  textOf: (r: Resource) => string | undefined,
  none: (r: Resource) => string,
): FakecloudCommand {
  return {
    id,
    async run(ctx, arg) {
      const r = await pickResource(ctx, arg, (x) => textOf(x) !== undefined, title);
      if (!r) return;
      const text = textOf(r);
      if (!text) {
        void vscode.window.showWarningMessage(none(r));
        return;
      }
      await vscode.env.clipboard.writeText(text);
      vscode.window.setStatusBarMessage(`Copied ${text}`, 3000);
    },
  };
}
