// The Copy … commands on a resource: a text of it to the clipboard, said in the status bar; a resource without one is
// told why. From the tree the item comes along; from the palette only the resources that have one are offered.
import * as vscode from 'vscode';
import type { AwsResource } from '../../protocol/aws';
import type { Resource } from '../../protocol/model';
import type { FakecloudCommand } from '../command';
import { pickResource } from '../pickResource';
import { awsTargetOf } from '../servers/serverTarget';
import { l10n } from '../../protocol/l10n';

export function copyCommand(
  id: string,
  title: string,
  textOf: (r: Resource) => string | undefined,
  none: (r: Resource) => string,
  /** On a server's resource row: the text as its API gives it (its own ARN, its endpoint). */
  awsTextOf?: (a: AwsResource) => string | undefined,
): FakecloudCommand {
  return {
    id,
    async run(ctx, arg) {
      const a = awsTextOf && awsTargetOf(ctx, arg);
      const fromApi = a && awsTextOf?.(a);
      if (fromApi) {
        await vscode.env.clipboard.writeText(fromApi);
        vscode.window.setStatusBarMessage(l10n.t('Copied {0}', fromApi), 3000);
        return;
      }
      const r = await pickResource(ctx, arg, (x) => textOf(x) !== undefined, title);
      if (!r) return;
      const text = textOf(r);
      if (!text) {
        void vscode.window.showWarningMessage(none(r));
        return;
      }
      await vscode.env.clipboard.writeText(text);
      vscode.window.setStatusBarMessage(l10n.t('Copied {0}', text), 3000);
    },
  };
}
