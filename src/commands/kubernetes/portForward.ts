// Port Forward: a loopback port on this machine that reaches a cache's, a
// function's (or any chosen) port in its Pod, as `kubectl port-forward` does,
// open while this window is.
import * as vscode from 'vscode';
import { CommandFailure, type FakecloudCommand } from '../command';
import { pickResource } from '../pickResource';
import { labelOf } from '../../views/treeNodes';
import { openForwards } from './forwards';
import { l10n } from '../../protocol/l10n';

export const portForward: FakecloudCommand = {
  id: 'fakecloud.portForward',
  async run(ctx, arg) {
    const r = await pickResource(
      ctx,
      arg,
      (x) => x.backend === 'kubernetes' && x.state === 'running' && x.containerId !== '',
      l10n.t('Port Forward'),
    );
    if (!r) return;
    let port: number | undefined;
    if (r.kind === 'instance' || r.kind === 'other') {
      const text = await vscode.window.showInputBox({
        title: l10n.t('Port Forward: port in {0}', labelOf(r)),
        placeHolder: '8080',
        validateInput: (v) => (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535 ? undefined : l10n.t('A port number, 1 to 65535.')),
      });
      if (!text) return;
      port = Number(text);
    }
    try {
      const res = await ctx.client.request(
        'resource/portForward',
        port === undefined ? { resourceId: r.id } : { resourceId: r.id, port },
        30_000,
      );
      const label = `${labelOf(r)}:${res.remotePort}`;
      openForwards.set(res.forwardId, { forwardId: res.forwardId, label, localPort: res.localPort, remotePort: res.remotePort });
      const address = `127.0.0.1:${res.localPort}`;
      const choice = await vscode.window.showInformationMessage(
        l10n.t('{0} now reaches {1} (Pod {2}).', address, label, r.containerId),
        l10n.t('Copy Address'),
        l10n.t('Stop'),
      );
      if (choice === l10n.t('Copy Address')) await vscode.env.clipboard.writeText(address);
      if (choice === l10n.t('Stop')) await vscode.commands.executeCommand('fakecloud.stopPortForward', res.forwardId);
    } catch (err) {
      throw new CommandFailure(l10n.t('Port Forward {0}', labelOf(r)), err);
    }
  },
};
