// Operations this window did not start: one started in another window, or in this
// one before a reload. Their progress is shown while they run (also when the
// window opens mid-way), their steps go to the resource's channel, and their
// outcome comes as a notification with Show Steps. Ones this window started are
// its commands' own to show.
import * as vscode from 'vscode';
import type { ServiceClient } from '../client/serviceClient';
import type { Resource } from '../protocol/model';
import type { EndedOperation, OperationInfo } from '../protocol/rpc';
import type { ResourceChannels } from './resourceChannels';
import { l10n } from '../protocol/l10n';

interface Watched {
  info: OperationInfo;
  /** Found once the resource is in this window's model (a reloaded window may not have it yet). */
  channel: vscode.OutputChannel | undefined;
  close: () => void;
}

export class OperationWatcher implements vscode.Disposable {
  private readonly own = new Set<string>();
  private readonly watched = new Map<string, Watched>();
  private readonly subs: { dispose(): void }[] = [];

  constructor(
    private readonly client: ServiceClient,
    private readonly channels: ResourceChannels,
    private readonly resources: () => Resource[],
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subs.push(
      client.on('operation/started', (info) => this.watch(info)),
      client.on('operation/progress', (p) => {
        const w = this.watched.get(p.operationId);
        if (!w || p.cancellable !== undefined) return;
        w.info.steps.push(p.message);
        if (w.channel) w.channel.appendLine(`  ${p.message}`);
        else this.channelFor(w);
      }),
      client.on('operation/ended', (e) => this.ended(e)),
      client.onConnection.on(({ state }) => {
        if (state !== 'connected') return;
        // Opened (or reloaded) while something runs: show it as if it had been watched from the start.
        void client.request('operations/list', {}).then(
          ({ operations, ended }) => {
            operations.forEach((o) => this.watch(o));
            // Ended while no window was there to hear it: told now.
            ended.forEach((e) => this.ended(e));
          },
          (err: Error) => log.warn(`operations in progress could not be listed: ${err.message}`),
        );
      }),
    );
  }

  /** An operation of this window's own: its command shows it. Claimed before it is sent. */
  claim(operationId: string): { dispose(): void } {
    this.own.add(operationId);
    return { dispose: () => this.own.delete(operationId) };
  }

  private watch(info: OperationInfo): void {
    if (this.own.has(info.operationId) || this.watched.has(info.operationId)) return;
    const w: Watched = { info: { ...info, steps: [...info.steps] }, channel: undefined, close: () => undefined };
    this.channelFor(w);
    let close: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (close = resolve));
    w.close = close;
    this.watched.set(info.operationId, w);
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: l10n.t('{0} (from another window)', info.title), cancellable: false },
      (progress) => {
        const last = info.steps.at(-1);
        if (last) progress.report({ message: last });
        const sub = this.client.on('operation/progress', (p) => {
          if (p.operationId === info.operationId && p.cancellable === undefined) progress.report({ message: p.message });
        });
        return done.finally(() => sub.dispose());
      },
    );
  }

  private ended(e: EndedOperation): void {
    if (this.own.has(e.operationId)) return;
    const w = this.watched.get(e.operationId);
    this.watched.delete(e.operationId);
    w?.close();
    // One that began before this window connected and was not listed still has an outcome to tell.
    const name = w ? undefined : this.nameOf(e);
    const channel = w ? this.channelFor(w) : name ? this.channels.channelNamed(name) : undefined;
    channel?.appendLine(`— ${e.outcome.message} —`);
    this.log.info(`${e.title}: ${e.outcome.message}`);
    const show =
      e.outcome.level === 'error'
        ? vscode.window.showErrorMessage
        : e.outcome.level === 'warning'
          ? vscode.window.showWarningMessage
          : vscode.window.showInformationMessage;
    void show(e.outcome.message, ...(channel ? [l10n.t('Show Steps')] : [])).then((a) => {
      if (a) channel?.show(true);
    });
  }

  /** Whose channel an operation's steps go to: its resource's name, as told, or as the model has it now. */
  private nameOf(o: { resourceName?: string; resourceId?: string }): string | undefined {
    return o.resourceName ?? (o.resourceId ? this.resources().find((x) => x.id === o.resourceId)?.name : undefined);
  }

  /** The resource's channel, with the operation's steps so far written the first time it is found. */
  private channelFor(w: Watched): vscode.OutputChannel | undefined {
    if (w.channel) return w.channel;
    const name = this.nameOf(w.info);
    if (!name) return undefined;
    w.channel = this.channels.channelNamed(name);
    w.channel.appendLine(`— ${w.info.title} (started in another window, or before this window was reloaded) —`);
    for (const step of w.info.steps) w.channel.appendLine(`  ${step}`);
    return w.channel;
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    for (const w of this.watched.values()) w.close();
  }
}
