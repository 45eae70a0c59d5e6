// Configure AWS Profile…: a named profile (fakecloud by default) with the server's endpoint_url, a region and dummy
// keys, merged into ~/.aws/config and ~/.aws/credentials. The change is shown as a diff first; nothing else in the
// files changes, byte for byte (line endings, other encodings, nested blocks); a file that is a link is written
// where it leads; each is copied aside, and written only if it still holds what the diff showed — else the new
// diff is offered.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { currentBytes, targetOf, writeIfUnchanged } from '../../platform/guardedWrite';
import { DEFAULT_REGION, DUMMY_KEYS, IniNestedKey, profileSections, setIniSection, validateProfileName } from '../../protocol/handOff';
import { CommandFailure, type CommandContext, type FakecloudCommand } from '../command';
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

type Which = 'config' | 'credentials';

/** Both files as they are now, and as the profile would leave them (bytes one character each). */
async function planned(profile: string, endpoint: string) {
  const files = awsFiles();
  const sections = profileSections(profile);
  const values: Record<Which, Record<string, string>> = {
    config: { region: DEFAULT_REGION, endpoint_url: endpoint },
    credentials: { aws_access_key_id: DUMMY_KEYS.accessKeyId, aws_secret_access_key: DUMMY_KEYS.secretAccessKey },
  };
  const out = [] as { which: Which; file: string; before: Buffer | undefined; after: Buffer }[];
  for (const which of ['config', 'credentials'] as const) {
    const before = await currentBytes(await targetOf(files[which]));
    const after = Buffer.from(setIniSection(before?.toString('latin1') ?? '', sections[which], values[which]), 'latin1');
    if (!before || !before.equals(after)) out.push({ which, file: files[which], before, after });
  }
  return out;
}

/** The change as a diff of each file (shown as UTF-8 text), beside the question. */
async function showDiffs(ctx: CommandContext, profile: string, changes: Awaited<ReturnType<typeof planned>>): Promise<void> {
  for (const c of changes) {
    const left = ctx.results.put(`aws/${c.which} (now)`, c.before?.toString('utf8') ?? '');
    const right = ctx.results.put(l10n.t('aws/{0} (with {1})', c.which, profile), c.after.toString('utf8'));
    await vscode.commands.executeCommand('vscode.diff', left, right, `~/.aws/${c.which}: profile ${profile}`, { preview: false });
  }
}

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
    // Shown, asked, written only if unchanged since shown; if another program changed a file meanwhile, again.
    for (;;) {
      let changes: Awaited<ReturnType<typeof planned>>;
      try {
        changes = await planned(profile, server.endpoint);
      } catch (err) {
        if (err instanceof IniNestedKey) throw new CommandFailure(l10n.t('Configure AWS Profile'), err);
        throw new CommandFailure(l10n.t('Could not read the AWS configuration'), err);
      }
      if (changes.length === 0) {
        void vscode.window.showInformationMessage(l10n.t('The AWS profile "{0}" already points at {1}.', profile, server.endpoint));
        return;
      }
      await showDiffs(ctx, profile, changes);
      const ok = await vscode.window.showWarningMessage(
        l10n.t('Write the profile "{0}" ({1}) into {2}?', profile, server.endpoint, changes.map((c) => c.file).join(' and ')),
        { modal: true, detail: l10n.t('Only that profile’s lines change; each file is copied to <file>.bak-<time> first.') },
        l10n.t('Write'),
      );
      if (ok !== l10n.t('Write')) return;
      let outcome;
      try {
        outcome = await writeIfUnchanged(changes, new Date().toISOString().replace(/[:.]/g, '-'));
      } catch (err) {
        throw new CommandFailure(l10n.t('Could not write the AWS profile "{0}"', profile), err);
      }
      if ('written' in outcome) break;
      const again = await vscode.window.showWarningMessage(
        l10n.t('{0} changed since the diff was shown: nothing was written.', outcome.changed.join(' and ')),
        { modal: true, detail: l10n.t('Another program (or another window) wrote it. Look at the change again with what it holds now?') },
        l10n.t('Show Again'),
      );
      if (again !== l10n.t('Show Again')) return;
    }
    void vscode.window.showInformationMessage(
      l10n.t('AWS profile "{0}" points at {1}: aws --profile {2} …, or AWS_PROFILE={3}.', profile, server.endpoint, profile, profile),
    );
  },
};
