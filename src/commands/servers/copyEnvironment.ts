// Copy the environment the AWS CLI and SDKs read to reach a fakecloud server: export lines, or a .env block.
import * as vscode from 'vscode';
import { awsEnvironment } from '../../protocol/handOff';
import type { FakecloudCommand } from '../command';
import { pickServer } from './pickServer';

export const copyEnvironment: FakecloudCommand = {
  id: 'fakecloud.copyEnvironment',
  async run(ctx, arg) {
    const server = await pickServer(ctx, arg, 'Copy Environment');
    if (!server) return;
    const style = await vscode.window.showQuickPick(
      [
        { label: 'export lines', description: 'for a shell: export AWS_ENDPOINT_URL=…', style: 'export' as const },
        { label: '.env block', description: 'for a .env file: AWS_ENDPOINT_URL=…', style: 'dotenv' as const },
      ],
      { title: `Copy Environment for ${server.endpoint}` },
    );
    if (!style) return;
    await vscode.env.clipboard.writeText(awsEnvironment(server.endpoint, style.style));
    vscode.window.setStatusBarMessage(`Copied the AWS environment for ${server.endpoint}`, 3000);
  },
};
