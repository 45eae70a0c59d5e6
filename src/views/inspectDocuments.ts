// Inspect documents: a resource's inspect JSON in a read-only tab, refreshed in place while the tab is open and the
// resource changes (a restart, a new state), so it never shows a stale object. One tab per resource and mode.
import * as vscode from 'vscode';
import type { ServiceClient } from '../client/serviceClient';
import type { Resource } from '../protocol/model';
import { RESULT_SCHEME, type ResultDocuments } from './resultDocuments';
import { l10n } from '../protocol/l10n';

interface Shown {
  resourceId: string;
  reveal: boolean;
  name: string;
  /** What of the resource was last read: state, status, container. */
  seen: string;
}

const signature = (r: Resource) => `${r.containerId}|${r.state}|${r.status}|${r.health ?? ''}|${r.exitCode ?? ''}`;

/** The tab's name: the resource's, and whether secrets are shown. */
export function inspectName(r: Resource, reveal: boolean): string {
  const label = (r.displayName ?? r.name).replace(/[/\\]/g, '_');
  return `inspect/${label}${reveal ? l10n.t(' (secrets shown)') : ''}.json`;
}

export class InspectDocuments implements vscode.Disposable {
  private readonly shown = new Map<string, Shown>();
  private readonly sub: { dispose(): void };

  constructor(
    private readonly client: ServiceClient,
    private readonly results: ResultDocuments,
  ) {
    this.sub = client.onModel.on((m) => {
      for (const s of this.shown.values()) {
        const r = m.resources.find((x) => x.id === s.resourceId);
        if (!r || signature(r) === s.seen || !this.isOpen(s.name)) continue;
        s.seen = signature(r);
        void this.read(r, s.reveal).then(
          (text) => this.results.put(s.name, text),
          () => undefined,
        );
      }
    });
  }

  /** Reads and shows it; later changes of the resource refresh the same tab. */
  async show(r: Resource, reveal: boolean): Promise<{ masked: number }> {
    const res = await this.client.request('resource/inspect', { resourceId: r.id, reveal });
    const name = inspectName(r, reveal);
    this.shown.set(`${r.id}|${reveal}`, { resourceId: r.id, reveal, name, seen: signature(r) });
    await this.results.show(name, res.json, 'json');
    return { masked: res.masked };
  }

  private async read(r: Resource, reveal: boolean): Promise<string> {
    return (await this.client.request('resource/inspect', { resourceId: r.id, reveal })).json;
  }

  private isOpen(name: string): boolean {
    return vscode.workspace.textDocuments.some((d) => d.uri.scheme === RESULT_SCHEME && d.uri.path === `/${name}` && !d.isClosed);
  }

  dispose(): void {
    this.sub.dispose();
  }
}
