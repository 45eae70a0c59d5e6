// List our resources with their state and endpoints.
import type { ResourceKind } from '../protocol/model';
import type { AgentTool } from './agentTool';
import { json } from './toolTarget';
import { l10n } from '../protocol/l10n';

export const listResources: AgentTool<{ kind?: ResourceKind | 'all' }> = {
  name: 'fakecloud_listResources',
  prepare: () => ({ invocationMessage: l10n.t('Listing fakecloud resources') }),
  async invoke(input, ctx) {
    const snap = ctx.client.snapshot;
    if (!snap) throw new Error(l10n.t('the Fakecloud service is not connected yet'));
    const kind = input.kind && input.kind !== 'all' ? input.kind : undefined;
    return json({
      resources: snap.resources
        .filter((r) => !kind || r.kind === kind)
        .map((r) => ({
          name: r.displayName ?? r.name,
          id: r.name,
          kind: r.kind,
          service: r.service,
          engine: r.engine,
          state: r.state,
          health: r.health,
          endpoint: r.endpoint ? `${r.endpoint.host}:${r.endpoint.port}` : undefined,
          runsOn: r.backend,
          owner:
            r.owner.type === 'fakecloud'
              ? l10n.t('a fakecloud server')
              : r.owner.type === 'extension'
                ? l10n.t('this extension')
                : r.owner.type,
          image: r.image,
        })),
      servers: (snap.servers ?? []).map((s) => ({ endpoint: s.endpoint, state: s.state, version: s.version })),
      engines: snap.backends.map((b) => ({ engine: b.backend, state: b.state, target: b.target })),
    });
  },
};
