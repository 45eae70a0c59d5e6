// Launch Instance: a Name tag, optional user data (a file, a script, or base64
// as the EC2 API takes it) and tags, each checked as it is typed; then launch
// with progress. The image is fakecloud.images.instance.
import * as vscode from 'vscode';
import { parseTags, userDataBase64, validateInstanceName, type InstanceLaunchParams } from '../../protocol/instances';
import { CommandFailure, type FakecloudCommand } from '../command';
import { askWhere } from '../askWhere';
import { runOperation } from '../runOperation';
import { launchOnServer } from '../servers/createOnServer';
import { l10n } from '../../protocol/l10n';
import { requireTrustFor } from '../workspaceTrust';
import { readBounded } from '../../platform/boundedRead';

/** Room for 16 KB of user data written as base64, and a little over so too much is reported as such. */
const USER_DATA_READ_LIMIT = 64 * 1024;

type UserData = InstanceLaunchParams['userData'];

async function askUserData(): Promise<UserData | null> {
  const active = vscode.window.activeTextEditor?.document;
  const items: (vscode.QuickPickItem & { id: string })[] = [
    { id: 'none', label: l10n.t('No user data') },
    { id: 'file', label: l10n.t('From a file…'), description: l10n.t('a script; .b64/.base64 files are read as base64') },
    { id: 'script', label: l10n.t('Type a one-line script…'), description: l10n.t('e.g. echo hello > /tmp/hello') },
    { id: 'base64', label: l10n.t('Paste base64…'), description: l10n.t('as the EC2 API takes it') },
  ];
  if (active && !active.isUntitled && active.uri.scheme === 'file')
    items.splice(1, 0, { id: 'editor', label: l10n.t('From the active editor: {0}', vscode.workspace.asRelativePath(active.uri)) });
  const pick = await vscode.window.showQuickPick(items, { title: l10n.t('Launch Instance: user data (runs once, at first boot)') });
  if (!pick) return null;
  switch (pick.id) {
    case 'none':
      return undefined;
    case 'editor':
      if (active?.uri.scheme === 'file') requireTrustFor(l10n.t('Launch Instance'), [active.uri.fsPath]);
      return active ? { text: active.getText() } : null;
    case 'file': {
      const files = await vscode.window.showOpenDialog({
        title: l10n.t('User data'),
        canSelectMany: false,
        openLabel: l10n.t('Use as user data'),
      });
      if (!files?.[0]) return null;
      if (files[0].scheme === 'file') requireTrustFor(l10n.t('Launch Instance'), [files[0].fsPath]);
      // User data is at most 16 KB: a bounded read, whatever the file turns out to be.
      const bytes =
        files[0].scheme === 'file'
          ? await readBounded(files[0].fsPath, USER_DATA_READ_LIMIT).catch((err: Error) => {
              throw new CommandFailure(
                l10n.t('Launch Instance'),
                new Error(l10n.t('{0} cannot be used: {1}', files[0].fsPath, err.message)),
              );
            })
          : Buffer.from(await vscode.workspace.fs.readFile(files[0]));
      return /\.(b64|base64)$/i.test(files[0].path) ? { base64: bytes.toString('utf8') } : { text: bytes.toString('utf8') };
    }
    case 'script': {
      const text = await vscode.window.showInputBox({
        title: l10n.t('Launch Instance: user data script'),
        prompt: l10n.t('Run by sh at first boot; its output is in Console Output'),
        validateInput: (v) => errorOf(userDataBase64({ text: v })),
      });
      return text === undefined ? null : { text };
    }
    default: {
      const base64 = await vscode.window.showInputBox({
        title: l10n.t('Launch Instance: user data (base64)'),
        validateInput: (v) => errorOf(userDataBase64({ base64: v })),
      });
      return base64 === undefined ? null : { base64 };
    }
  }
}

const errorOf = (r: { error: string } | object): string | undefined => ('error' in r ? r.error : undefined);

export const launchInstance: FakecloudCommand = {
  id: 'fakecloud.launchInstance',
  async run(ctx, arg) {
    const where = await askWhere(ctx, l10n.t('Launch Instance'), arg, 'ec2');
    if (!where) return;
    const name = await vscode.window.showInputBox({
      title: l10n.t('Launch Instance: name (the Name tag)'),
      placeHolder: 'web-1',
      validateInput: validateInstanceName,
    });
    if (name === undefined) return;
    const userData = await askUserData();
    if (userData === null) return;
    // A file's content is checked here too: a bad one is refused before anything is sent.
    if (userData) {
      const bad = errorOf(userDataBase64(userData));
      if (bad) {
        void vscode.window.showErrorMessage(l10n.t('Launch Instance: {0}', bad));
        return;
      }
    }
    const tagText = await vscode.window.showInputBox({
      title: l10n.t('Launch Instance: tags (optional)'),
      prompt: l10n.t('key=value pairs, separated by commas'),
      placeHolder: l10n.t('team=payments, env=dev'),
      validateInput: (v) => errorOf(parseTags(v)),
    });
    if (tagText === undefined) return;
    const parsed = parseTags(tagText);
    if (typeof where !== 'string') {
      const text = userData && ('text' in userData ? userData.text : Buffer.from(userData.base64, 'base64').toString('utf8'));
      return launchOnServer(ctx, where.server, {
        name: name.trim(),
        ...(text ? { userData: text } : {}),
        ...('tags' in parsed ? { tags: parsed.tags } : {}),
      });
    }
    const params: InstanceLaunchParams = { name: name.trim(), tags: 'tags' in parsed ? parsed.tags : {}, backend: where };
    if (userData) params.userData = userData;
    try {
      const res = await runOperation(ctx, l10n.t('Launching instance {0}', params.name), true, (operationId) =>
        ctx.client.request('instance/launch', { ...params, operationId }),
      );
      const action = await vscode.window.showInformationMessage(
        l10n.t('Instance {0} ({1}) is running.', params.name, res.instanceId),
        l10n.t('Open Shell'),
        l10n.t('Show Console Output'),
      );
      const r = ctx.client.snapshot?.resources.find((x) => x.containerId === res.containerId);
      if (r && action === l10n.t('Open Shell'))
        await vscode.commands.executeCommand('fakecloud.openShell', { type: 'resource', resource: r });
      if (r && action === l10n.t('Show Console Output'))
        await vscode.commands.executeCommand('fakecloud.showConsoleOutput', { type: 'resource', resource: r });
    } catch (err) {
      throw new CommandFailure(l10n.t('Launch instance {0}', params.name), err);
    }
  },
};
