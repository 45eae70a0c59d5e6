// Copy a resource's ARN, as the AWS API and the user's IaC name it.
import * as vscode from 'vscode';
import { arnOf } from '../../protocol/handOff';
import type { FakecloudCommand } from '../command';
import { pickResource } from '../pickResource';

export const copyArn: FakecloudCommand = {
  id: 'fakecloud.copyArn',
  async run(ctx, arg) {
    const r = await pickResource(ctx, arg, (x) => arnOf(x) !== undefined, 'Copy ARN');
    if (!r) return;
    const arn = arnOf(r);
    if (!arn) {
      void vscode.window.showWarningMessage(`${r.name} (${r.service}) has no ARN we can name.`);
      return;
    }
    await vscode.env.clipboard.writeText(arn);
    vscode.window.setStatusBarMessage(`Copied ${arn}`, 3000);
  },
};
