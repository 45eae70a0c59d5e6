// One output channel per resource for what the user runs on it (Redis commands
// echoed with their answers), and one per followed log: the container's lines as they
// are, with no arrival time of ours (a backlog would all carry the same one).
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { ServiceClient } from '../client/serviceClient';
import type { Resource } from '../protocol/model';

export class ResourceChannels implements vscode.Disposable {
  private readonly channels = new Map<string, vscode.OutputChannel>();
  private readonly logs = new Map<string, { channel: vscode.OutputChannel; subscriptionId?: string }>();
  private readonly subs: { dispose(): void }[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a follow starts or ends, so the tree can offer Stop Following. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly client: ServiceClient) {
    this.subs.push(
      client.on('logs/chunk', (p) => {
        const entry = [...this.logs.values()].find((l) => l.subscriptionId === p.subscriptionId);
        if (!entry) return;
        entry.channel.append(p.text);
      }),
      client.on('logs/ended', (p) => {
        for (const [key, entry] of this.logs) {
          if (entry.subscriptionId !== p.subscriptionId) continue;
          entry.channel.appendLine(`— stopped following: ${p.reason} —`);
          delete entry.subscriptionId;
          this.logs.set(key, entry);
          this.changed.fire();
        }
      }),
    );
  }

  commandChannel(r: Resource): vscode.OutputChannel {
    return this.channelNamed(r.name);
  }

  /** By name: a resource's channel stays its own when its container is replaced. */
  channelNamed(name: string): vscode.OutputChannel {
    let ch = this.channels.get(name);
    if (!ch) {
      ch = vscode.window.createOutputChannel(`Fakecloud: ${name}`);
      this.channels.set(name, ch);
    }
    return ch;
  }

  isFollowing(r: Resource): boolean {
    return this.logs.get(r.id)?.subscriptionId !== undefined;
  }

  followingIds(): string[] {
    return [...this.logs.entries()].filter(([, l]) => l.subscriptionId).map(([id]) => id);
  }

  async follow(r: Resource, tail: number): Promise<vscode.OutputChannel> {
    let entry = this.logs.get(r.id);
    if (!entry) {
      // The log language colours levels and times the way the container wrote them.
      entry = { channel: vscode.window.createOutputChannel(`Fakecloud Logs: ${r.name}`, 'log') };
      this.logs.set(r.id, entry);
    }
    if (!entry.subscriptionId) {
      entry.channel.appendLine(`— following ${r.name} (${r.containerName}), the last ${tail} lines first —`);
      // The id is ours before the request goes out: the first lines can arrive before the reply.
      const subscriptionId = randomUUID();
      entry.subscriptionId = subscriptionId;
      try {
        await this.client.request('logs/follow', { resourceId: r.id, tail, subscriptionId });
      } catch (err) {
        delete entry.subscriptionId;
        throw err;
      }
    }
    this.changed.fire();
    return entry.channel;
  }

  async stop(r: Resource): Promise<void> {
    const entry = this.logs.get(r.id);
    if (!entry?.subscriptionId) return;
    await this.client.request('logs/stop', { subscriptionId: entry.subscriptionId });
  }

  dispose(): void {
    this.changed.dispose();
    for (const s of this.subs) s.dispose();
    for (const c of this.channels.values()) c.dispose();
    for (const l of this.logs.values()) l.channel.dispose();
  }
}
