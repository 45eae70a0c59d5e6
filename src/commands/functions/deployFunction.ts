// Deploy Function: a runtime (fakecloud.images.functionRuntimes), a name, the
// code folder, the handler and environment variables, each checked as it is
// typed; then deploy with progress. The code goes to /var/task.
import * as vscode from 'vscode';
import { runtimeItems } from './runtimeItems';
import { DEFAULT_FUNCTION_IMAGES, parseEnvironment, validateFunctionName, validateHandler } from '../../protocol/functions';
import { CommandFailure, type FakecloudCommand } from '../command';
import { askWhere } from '../askWhere';
import { runOperation } from '../runOperation';
import { deployOnServer } from '../servers/createOnServer';
import { l10n } from '../../protocol/l10n';
import { requireTrustFor } from '../workspaceTrust';

const DEFAULT_HANDLER: [RegExp, string][] = [
  [/^nodejs/, 'index.handler'],
  [/^python/, 'lambda_function.lambda_handler'],
  [/^ruby/, 'function.handler'],
  [/^java/, 'example.Handler::handleRequest'],
];

async function askFolder(): Promise<string | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const items: (vscode.QuickPickItem & { path?: string })[] = folders.map((f) => ({
    label: f.name,
    description: f.uri.fsPath,
    path: f.uri.fsPath,
  }));
  items.push({ label: l10n.t('Browse…'), description: l10n.t('another folder') });
  const pick =
    items.length === 1
      ? items[0]
      : await vscode.window.showQuickPick(items, { title: l10n.t('Deploy Function: code folder (copied to /var/task)') });
  if (!pick) return undefined;
  if (pick.path) return pick.path;
  const chosen = await vscode.window.showOpenDialog({
    title: l10n.t('Code folder'),
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: l10n.t('Deploy this folder'),
  });
  return chosen?.[0]?.fsPath;
}

export const deployFunction: FakecloudCommand = {
  id: 'fakecloud.deployFunction',
  async run(ctx, arg) {
    // From the explorer's context menu the folder comes with the command.
    const fromExplorer = arg instanceof vscode.Uri ? arg.fsPath : undefined;
    // Refused before anything is asked, when the folder is the workspace's and it is not trusted.
    if (fromExplorer) requireTrustFor(l10n.t('Deploy Function'), [fromExplorer]);
    const where = await askWhere(ctx, l10n.t('Deploy Function'), arg instanceof vscode.Uri ? undefined : arg, 'lambda');
    if (!where) return;
    const images = vscode.workspace
      .getConfiguration('fakecloud')
      .get<Record<string, string>>('images.functionRuntimes', DEFAULT_FUNCTION_IMAGES);
    // Which images are here, so a runtime that needs a pull says so now, not after the wizard.
    const present =
      where === 'docker' || typeof where !== 'string'
        ? await ctx.client.request('images/local', { refs: Object.values(images) }).then(
            (r) => new Set(r.present),
            () => undefined,
          )
        : undefined;
    const runtime = await vscode.window.showQuickPick(runtimeItems(images, present), {
      title: l10n.t('Deploy Function: runtime'),
      matchOnDescription: true,
    });
    if (!runtime) return;
    const taken = new Set((ctx.client.snapshot?.resources ?? []).filter((r) => r.kind === 'function').map((r) => r.name));
    const name = await vscode.window.showInputBox({
      title: l10n.t('Deploy Function: name'),
      placeHolder: 'orders-handler',
      validateInput: (v) =>
        validateFunctionName(v) ?? (taken.has(v) ? l10n.t('A function named "{0}" already exists; use Redeploy on it.', v) : undefined),
    });
    if (!name) return;
    const codePath = fromExplorer ?? (await askFolder());
    if (!codePath) return;
    requireTrustFor(l10n.t('Deploy Function'), [codePath]);
    const handler = await vscode.window.showInputBox({
      title: l10n.t('Deploy Function: handler'),
      prompt: l10n.t('file.export: the file in the code folder without its extension, then the exported function'),
      value: DEFAULT_HANDLER.find(([re]) => re.test(runtime.label))?.[1] ?? '',
      validateInput: (v) => validateHandler(v, runtime.label),
    });
    if (!handler) return;
    const envText = await vscode.window.showInputBox({
      title: l10n.t('Deploy Function: environment variables (optional)'),
      prompt: l10n.t('KEY=value pairs, separated by commas'),
      placeHolder: l10n.t('STAGE=dev, TABLE=orders'),
      validateInput: (v) => {
        const p = parseEnvironment(v);
        return 'error' in p ? p.error : undefined;
      },
    });
    if (envText === undefined) return;
    const env = parseEnvironment(envText);
    const environment = 'env' in env ? env.env : {};
    if (typeof where !== 'string')
      return deployOnServer(ctx, where.server, { name, runtime: runtime.label, handler, codePath, environment });
    try {
      const res = await runOperation(ctx, l10n.t('Deploying function {0}', name), true, (operationId) =>
        ctx.client.request(
          'function/deploy',
          { name, runtime: runtime.label, handler, codePath, environment, backend: where, operationId },
          600_000,
        ),
      );
      const action = await vscode.window.showInformationMessage(
        l10n.t(
          'Function {0} is deployed ({1}) at {2}:{3}.',
          name,
          l10n.plural(res.files, '{0} file', '{0} files'),
          res.endpoint.host,
          res.endpoint.port,
        ),
        l10n.t('Invoke…'),
      );
      const r = ctx.client.snapshot?.resources.find((x) => x.containerId === res.containerId);
      if (r && action === l10n.t('Invoke…'))
        await vscode.commands.executeCommand('fakecloud.invokeFunction', { type: 'resource', resource: r });
    } catch (err) {
      throw new CommandFailure(l10n.t('Deploy function {0}', name), err);
    }
  },
};
