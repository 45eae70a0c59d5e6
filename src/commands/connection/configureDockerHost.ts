// Set fakecloud.docker.host: pick a common socket or type a URL; validated before it is saved.
import * as vscode from 'vscode';
import type { FakecloudCommand } from '../command';
import { validateDockerHostInput } from './dockerHostInput';
import { l10n } from '../../protocol/l10n';

export const configureDockerHost: FakecloudCommand = {
  id: 'fakecloud.configureDockerHost',
  async run() {
    const config = vscode.workspace.getConfiguration('fakecloud');
    const current = config.get<string>('docker.host', '');
    const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
    const picks: (vscode.QuickPickItem & { value?: string })[] = [
      {
        label: l10n.t('From the environment'),
        description: l10n.t('DOCKER_HOST, the current Docker context, or the default socket'),
        value: '',
      },
      { label: 'unix:///var/run/docker.sock', description: l10n.t('Docker Engine'), value: 'unix:///var/run/docker.sock' },
    ];
    if (uid !== undefined) {
      picks.push({
        label: `unix:///run/user/${uid}/docker.sock`,
        description: l10n.t('rootless Docker'),
        value: `unix:///run/user/${uid}/docker.sock`,
      });
      picks.push({
        label: `unix:///run/user/${uid}/podman/podman.sock`,
        description: l10n.t('Podman'),
        value: `unix:///run/user/${uid}/podman/podman.sock`,
      });
    }
    picks.push({ label: l10n.t('Enter a URL…'), description: 'unix://, tcp://, npipe://' });
    const pick = await vscode.window.showQuickPick(picks, {
      title: l10n.t('Docker host for Fakecloud'),
      placeHolder: current ? l10n.t('Now: {0}', current) : l10n.t('Now: from the environment'),
    });
    if (!pick) return;
    let value = pick.value;
    if (value === undefined) {
      value = await vscode.window.showInputBox({
        title: l10n.t('Docker host URL'),
        value: current,
        placeHolder: 'tcp://127.0.0.1:2375',
        validateInput: (v) => validateDockerHostInput(v),
      });
      if (value === undefined) return;
    }
    await config.update('docker.host', value.trim(), vscode.ConfigurationTarget.Global);
  },
};
