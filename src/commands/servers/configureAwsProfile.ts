// Configure AWS Profile…: a named profile (fakecloud by default) with the server's endpoint_url, a region and dummy
// keys, merged into ~/.aws/config and ~/.aws/credentials. The change is shown as a diff first; nothing else in the
// files is touched, and each file changed is copied aside before it is written.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_REGION, DUMMY_KEYS, profileSections, setIniSection, validateProfileName } from '../../protocol/handOff';
import { CommandFailure, type FakecloudCommand } from '../command';
import { pickServer } from './pickServer';
import { l10n } from '../../protocol/l10n';

/** Where the AWS CLI and SDKs look, as they resolve it. */
function awsFiles(): { config: string; credentials: string } {
  const dir = path.join(os.homedir(), '.aws');
  return {
    config: process.env.AWS_CONFIG_FILE || path.join(dir, 'config'),
    credentials: process.env.AWS_SHARED_CREDENTIALS_FILE || path.join(dir, 'credentials'),
  };
}

const readOrEmpty = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');

export const configureAwsProfile: FakecloudCommand = {
  id: 'fakecloud.configureAwsProfile',
  async run(ctx, arg) {
    const server = await pickServer(ctx, arg, l10n.t('Configure AWS Profile'));
    if (!server) return;
    const profile = await vscode.window.showInputBox({
      title: l10n.t('Configure AWS Profile: name'),
      value: 'fakecloud',
      prompt: l10n.t('A profile for {0}; use it with --profile, or AWS_PROFILE.', server.endpoint),
      validateInput: validateProfileName,
    });
    if (!profile) return;
    const files = awsFiles();
    const sections = profileSections(profile);
    const before = { config: readOrEmpty(files.config), credentials: readOrEmpty(files.credentials) };
    const after = {
      config: setIniSection(before.config, sections.config, { region: DEFAULT_REGION, endpoint_url: server.endpoint }),
      credentials: setIniSection(before.credentials, sections.credentials, {
        aws_access_key_id: DUMMY_KEYS.accessKeyId,
        aws_secret_access_key: DUMMY_KEYS.secretAccessKey,
      }),
    };
    const changed = (['config', 'credentials'] as const).filter((k) => before[k] !== after[k]);
    if (changed.length === 0) {
      void vscode.window.showInformationMessage(l10n.t('The AWS profile "{0}" already points at {1}.', profile, server.endpoint));
      return;
    }
    // The change, as a diff of each file, before anything is written.
    for (const k of changed) {
      const left = ctx.results.put(`aws/${k} (now)`, before[k]);
      const right = ctx.results.put(l10n.t('aws/{0} (with {1})', k, profile), after[k]);
      await vscode.commands.executeCommand('vscode.diff', left, right, `~/.aws/${k}: profile ${profile}`, { preview: false });
    }
    const ok = await vscode.window.showWarningMessage(
      l10n.t('Write the profile "{0}" ({1}) into {2}?', profile, server.endpoint, changed.map((k) => files[k]).join(' and ')),
      { modal: true, detail: l10n.t('Only that profile’s section changes; each file is copied to <file>.bak-<time> first.') },
      l10n.t('Write'),
    );
    if (ok !== l10n.t('Write')) return;
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    try {
      for (const k of changed) {
        const file = files[k];
        fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
        if (fs.existsSync(file)) fs.copyFileSync(file, `${file}.bak-${stamp}`);
        // Written aside and renamed: a crash never leaves half a file.
        const tmp = `${file}.tmp-${process.pid}`;
        fs.writeFileSync(tmp, after[k], { mode: 0o600 });
        fs.renameSync(tmp, file);
      }
    } catch (err) {
      throw new CommandFailure(l10n.t('Could not write the AWS profile "{0}"', profile), err);
    }
    void vscode.window.showInformationMessage(
      l10n.t('AWS profile "{0}" points at {1}: aws --profile {2} …, or AWS_PROFILE={3}.', profile, server.endpoint, profile, profile),
    );
  },
};
