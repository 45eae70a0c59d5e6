// Copy the environment the AWS CLI and SDKs read to reach a fakecloud server: export lines, or a .env block.
import * as vscode from 'vscode';
import { awsEnvironment } from '../../protocol/handOff';
import type { FakecloudCommand } from '../command';
import { pickServer } from './pickServer';
import { l10n } from '../../protocol/l10n';

export const copyEnvironment: FakecloudCommand = {
  id: 'fakecloud.copyEnvironment',
  async run(ctx, arg) {
    const server = await pickServer(ctx, arg, l10n.t('Copy Environment'));
    if (!server) return;
    const style = await vscode.window.showQuickPick(
      [
        { label: l10n.t('export lines'), description: l10n.t('for a shell: export AWS_ENDPOINT_URL=…'), style: 'export' as const },
        { label: l10n.t('.env block'), description: l10n.t('for a .env file: AWS_ENDPOINT_URL=…'), style: 'dotenv' as const },
      ],
      { title: l10n.t('Copy Environment for {0}', server.endpoint) },
    );
    if (!style) return;
    await vscode.env.clipboard.writeText(awsEnvironment(server.endpoint, style.style));
    vscode.window.setStatusBarMessage(l10n.t('Copied the AWS environment for {0}', server.endpoint), 3000);
  },
};
