// Report Issue: VS Code's issue reporter (desktop) or a Markdown document to paste (in the browser), prefilled with
// the versions of everything involved and the service log's tail.
import * as vscode from 'vscode';
import { issueReportBody } from '../../views/issueReport';
import type { FakecloudCommand } from '../command';
import { l10n } from '../../protocol/l10n';

const EXTENSION_ID = 'fakecloud-explorer.fakecloud-explorer';

export const reportIssue: FakecloudCommand = {
  id: 'fakecloud.reportIssue',
  async run(ctx) {
    const v = ctx.view();
    const docker = v.backends.find((b) => b.backend === 'docker');
    const kube = v.backends.find((b) => b.backend === 'kubernetes');
    const log = ctx.client.state === 'connected' ? (await ctx.client.request('log/subscribe', {}).catch(() => ({ lines: [] }))).lines : [];
    const version = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { version?: unknown } | undefined)?.version;
    const body = issueReportBody({
      extension: typeof version === 'string' ? version : 'unknown',
      vscode: `${vscode.version} (${vscode.env.appName})`,
      platform: `${process.platform} ${process.arch}`,
      service: ctx.client.service ? l10n.t('{0} (pid {1})', ctx.client.service.serviceVersion, ctx.client.service.pid) : undefined,
      docker:
        docker?.state === 'connected'
          ? l10n.t('{0} at {1}', docker.version ?? 'unknown', docker.target)
          : docker
            ? `${docker.state}: ${docker.error ?? ''}`
            : undefined,
      kubernetes: kube && kube.state !== 'disabled' ? `${kube.state}${kube.version ? ` ${kube.version}` : ''} (${kube.target})` : undefined,
      servers: (v.servers ?? []).map((s) => `${s.endpoint} ${s.state}${s.version ? ` ${s.version}` : ''}`),
      log,
    });
    if (vscode.env.uiKind === vscode.UIKind.Desktop) {
      try {
        await vscode.commands.executeCommand('workbench.action.openIssueReporter', { extensionId: EXTENSION_ID, issueBody: body });
        return;
      } catch {
        // No reporter in this build: the document below.
      }
    }
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: body });
    await vscode.window.showTextDocument(doc, { preview: false });
  },
};
