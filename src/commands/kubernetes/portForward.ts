// Port Forward: a loopback port on this machine that reaches a cache's, a
// function's (or any chosen) port in its Pod, as `kubectl port-forward` does,
// open while this window is.
import * as vscode from 'vscode';
import { CommandFailure, type FakecloudCommand } from '../command';
import { pickResource } from '../pickResource';
import { labelOf } from '../../views/treeNodes';
import { openForwards } from './forwards';

export const portForward: FakecloudCommand = {
  id: 'fakecloud.portForward',
  async run(ctx, arg) {
    const r = await pickResource(
      ctx,
      arg,
      (x) => x.backend === 'kubernetes' && x.state === 'running' && x.containerId !== '',
      'Port Forward',
    );
    if (!r) return;
    let port: number | undefined;
    if (r.kind === 'instance' || r.kind === 'other') {
      const text = await vscode.window.showInputBox({
        title: `Port Forward: port in ${labelOf(r)}`,
        placeHolder: '8080',
        validateInput: (v) => (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535 ? undefined : 'A port number, 1 to 65535.'),
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
        `${address} now reaches ${label} (Pod ${r.containerId}).`,
        'Copy Address',
        'Stop',
      );
      if (choice === 'Copy Address') await vscode.env.clipboard.writeText(address);
      if (choice === 'Stop') await vscode.commands.executeCommand('fakecloud.stopPortForward', res.forwardId);
    } catch (err) {
      throw new CommandFailure(`Port Forward ${labelOf(r)}`, err);
    }
  },
};
