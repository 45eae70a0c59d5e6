// Wiring only: the client to the service, the tree, the status bar, the output
// channel and the commands. No Docker or Kubernetes code lives in this half.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { serviceArgsFrom, serviceSettingsFrom } from './client/clientSettings';
import { ServiceClient } from './client/serviceClient';
import { ALL_COMMANDS } from './commands';
import { runCommand } from './commands/commandRunner';
import type { CommandContext } from './commands/command';
import { currentServiceLocation } from './protocol/serviceLocation';
import { ConnectionStatusBar } from './views/connectionStatusBar';
import { ReconcileStatusBar } from './views/reconcileStatusBar';
import { ServerStatusBar } from './views/serverStatusBar';
import { ResourceChannels } from './views/resourceChannels';
import { OwnerDecorations, ResourceTreeProvider } from './views/resourceTreeProvider';
import { OperationWatcher } from './views/operationWatcher';
import { ResultDocuments } from './views/resultDocuments';
import { createServiceOutput, writeServiceLine } from './views/serviceOutput';
import type { ClientView } from './views/treeNodes';
import { CacheKeys } from './views/cacheKeys';
import { MemcachedItems } from './views/memcachedItems';
import { KEY_SCHEME, KeyDocuments } from './views/keyDocuments';
import { DashboardPanels } from './webviews/dashboardPanel';
import { viewBadge } from './views/viewBadge';
import { InspectDocuments } from './views/inspectDocuments';
import { openWalkthroughOnce } from './views/walkthrough';
import { registerAgentTools } from './agentTools/registerTools';
import { l10n, setTranslator } from './protocol/l10n';
import { ResourceFileTree } from './views/resourceFileTree';
import { FILES_SCHEME, ResourceFileSystem } from './fileSystem/resourceFileSystem';
import { stackFileNames, WorkspaceStacks } from './views/workspaceStacks';

export function activate(context: vscode.ExtensionContext): void {
  // Our words, in tree rows and messages alike, go through vscode.l10n.t and so through the display language's bundle.
  setTranslator((message, args) => vscode.l10n.t(message, ...args));
  const output = createServiceOutput();
  const config = () => vscode.workspace.getConfiguration('fakecloud');
  const client = new ServiceClient({
    location: currentServiceLocation(),
    servicePath: path.join(context.extensionPath, 'dist', 'service.js'),
    serviceArgs: serviceArgsFrom(config()),
    clientName: `${vscode.env.appName} window ${process.pid}`,
    language: vscode.env.language,
  });
  void client.configure(serviceSettingsFrom(config()));

  const channels = new ResourceChannels(client);
  const view = (): ClientView => ({
    service: client.state,
    ...(client.error !== undefined ? { serviceError: client.error } : {}),
    resources: client.snapshot?.resources ?? [],
    backends: client.snapshot?.backends ?? [],
    servers: client.snapshot?.servers ?? [],
    aws: client.snapshot?.aws ?? [],
    following: channels.followingIds(),
    keyFilters: keys.filters,
    stacks: stacks.stacks(),
    relativePath: (file) => vscode.workspace.asRelativePath(file, true),
  });

  const keys = new CacheKeys(
    client,
    () => vscode.workspace.getConfiguration('fakecloud').get<string>('keys.separator', ':'),
    (id) => client.snapshot?.resources.find((r) => r.id === id),
  );
  const items = new MemcachedItems(client, (id) => client.snapshot?.resources.find((r) => r.id === id));
  const files = new ResourceFileTree(client, (id) => client.snapshot?.resources.find((r) => r.id === id));
  const fileSystem = new ResourceFileSystem(
    client,
    () => client.snapshot?.resources ?? [],
    () => client.whenModel(15_000),
    (id, path) => files.changedPath(id, path),
  );
  const tree = new ResourceTreeProvider(view, keys, items, files);
  // A save that changes what the stack would make offers an apply; nothing is applied without the user's word.
  const stacks = new WorkspaceStacks(
    client,
    (file, summary) => {
      const apply = l10n.t('Apply Stack…');
      void vscode.window
        .showInformationMessage(l10n.t('{0} changed: {1}.', path.basename(file), summary), apply)
        .then((choice) => choice === apply && vscode.commands.executeCommand('fakecloud.applyStack', vscode.Uri.file(file)));
    },
    (message) => output.warn(message),
  );
  const stackNames = () => void vscode.commands.executeCommand('setContext', 'fakecloud.stackFileNames', stackFileNames());
  stackNames();
  const keyDocuments = new KeyDocuments(client);
  const treeView = vscode.window.createTreeView('fakecloud.resources', { treeDataProvider: tree, showCollapseAll: true });
  const statusBar = new ConnectionStatusBar();
  const reconcile = new ReconcileStatusBar(client);
  const serverBar = new ServerStatusBar();
  // The status bars, badge and context keys: cheap, and all a reconcile report changes.
  const updateBars = () => {
    const v = view();
    statusBar.update(v);
    serverBar.update(v.servers ?? []);
    reconcile.update(v);
    treeView.badge = viewBadge(v.resources);
    void vscode.commands.executeCommand('setContext', 'fakecloud.connected', client.state === 'connected');
  };
  // The tree is drawn again only when what it shows changed: a redraw drops the rows' commands, so a click that
  // lands during one would find its command gone.
  const update = () => {
    tree.refresh();
    updateBars();
  };

  client.setViewVisible(treeView.visible);
  const results = new ResultDocuments();
  let shownStateProblem: string | undefined;
  const operations = new OperationWatcher(client, channels, () => view().resources, output);
  const selection = () =>
    treeView.selection.flatMap((n) => (n.type === 'resource' ? [n.resource] : n.type === 'aws' && n.resource ? [n.resource] : []));
  const selectedNodes = () => [...treeView.selection];
  const dashboards = new DashboardPanels(client, context.extensionUri, output);
  const inspections = new InspectDocuments(client, results);
  const ctx: CommandContext = {
    client,
    output,
    channels,
    reconcile,
    results,
    view,
    operations,
    selection,
    selectedNodes,
    keys,
    items,
    dashboards,
    inspections,
    files,
    stacks,
  };
  context.subscriptions.push(
    output,
    channels,
    results,
    operations,
    vscode.window.registerFileDecorationProvider(new OwnerDecorations()),
    tree,
    treeView,
    statusBar,
    serverBar,
    reconcile,
    reconcile.onDidChange(updateBars),
    treeView.onDidChangeVisibility((e) => client.setViewVisible(e.visible)),
    client.onModel.on(update),
    channels.onDidChange(update),
    keys,
    keys.onDidChange(() => tree.refresh()),
    // A folded database is no longer watched for changes.
    treeView.onDidCollapseElement((e) => keys.collapsed(e.element)),
    items,
    items.onDidChange(() => tree.refresh()),
    keyDocuments,
    dashboards,
    inspections,
    vscode.workspace.registerFileSystemProvider(KEY_SCHEME, keyDocuments, { isCaseSensitive: true }),
    files,
    files.onDidChange(() => tree.refresh()),
    stacks,
    stacks.onDidChange(() => tree.refresh()),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('fakecloud.stack.fileNames') && stackNames()),
    fileSystem,
    vscode.workspace.registerFileSystemProvider(FILES_SCHEME, fileSystem, { isCaseSensitive: true }),
    client.onLog.on((line) => writeServiceLine(output, line)),
    client.onConnection.on(({ state, error }) => {
      if (state === 'connected') {
        // The stacks' names come from the service: asked again once it answers (a first look may have come too early).
        void stacks.find();
        output.info(`connected to the service (pid ${client.service?.pid ?? '?'}, ${client.service?.serviceVersion ?? 'version unknown'})`);
        const problem = client.service?.stateProblem;
        // Said once per window and problem: the user may have lost track of resources and must know why.
        if (problem && problem !== shownStateProblem) {
          shownStateProblem = problem;
          output.error(`desired state: ${problem}`);
          void vscode.window
            .showWarningMessage(l10n.t('Fakecloud: the saved state of your resources needs attention — {0}', problem), l10n.t('Show Log'))
            .then((b) => b && output.show());
        }
      } else if (state === 'disconnected') output.warn(`service connection: ${error ?? 'disconnected'}`);
      update();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('fakecloud.statusBar')) update();
      if (e.affectsConfiguration('fakecloud'))
        void client.configure(serviceSettingsFrom(config())).catch((err: Error) => output.error(err.message));
    }),
    ...registerAgentTools({ client }),
    ...ALL_COMMANDS.map((c) => vscode.commands.registerCommand(c.id, (...args: unknown[]) => runCommand(c, ctx, args))),
    { dispose: () => client.dispose() },
  );
  update();
  openWalkthroughOnce(context);
  // Background connection: failures show in the tree, the status bar and the log, never as pop-ups.
  void client.connect().catch((err: Error) => output.warn(err.message));
}

export function deactivate(): void {
  // The service outlives the window on purpose; subscriptions close our connection.
}
