// Set fakecloud.docker.host: pick a common socket or type a URL; validated before it is saved.
import * as vscode from 'vscode';
import type { FakecloudCommand } from '../command';
import { validateDockerHostInput } from './dockerHostInput';

export const configureDockerHost: FakecloudCommand = {
  id: 'fakecloud.configureDockerHost',
  async run() {
    const config = vscode.workspace.getConfiguration('fakecloud');
    const current = config.get<string>('docker.host', '');
    const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
    const picks: (vscode.QuickPickItem & { value?: string })[] = [
      { label: 'From the environment', description: 'DOCKER_HOST, the current Docker context, or the default socket', value: '' },
      { label: 'unix:///var/run/docker.sock', description: 'Docker Engine', value: 'unix:///var/run/docker.sock' },
    ];
    if (uid !== undefined) {
      picks.push({
        label: `unix:///run/user/${uid}/docker.sock`,
        description: 'rootless Docker',
        value: `unix:///run/user/${uid}/docker.sock`,
      });
      picks.push({
        label: `unix:///run/user/${uid}/podman/podman.sock`,
        description: 'Podman',
        value: `unix:///run/user/${uid}/podman/podman.sock`,
      });
    }
    picks.push({ label: 'Enter a URL…', description: 'unix://, tcp://, npipe://' });
    const pick = await vscode.window.showQuickPick(picks, {
      title: 'Docker host for Fakecloud',
      placeHolder: current ? `Now: ${current}` : 'Now: from the environment',
    });
    if (!pick) return;
    let value = pick.value;
    if (value === undefined) {
      value = await vscode.window.showInputBox({
        title: 'Docker host URL',
        value: current,
        placeHolder: 'tcp://127.0.0.1:2375',
        validateInput: (v) => validateDockerHostInput(v),
      });
      if (value === undefined) return;
    }
    await config.update('docker.host', value.trim(), vscode.ConfigurationTarget.Global);
  },
};
