// Select Kubernetes Context and Namespace: the kubeconfig's contexts, then the
// cluster's namespaces (or one typed in); written to the user settings, which
// switches the service over (and turns Kubernetes on).
import * as vscode from 'vscode';
import { CommandFailure, type FakecloudCommand } from '../command';
import { l10n } from '../../protocol/l10n';

export const selectKubernetesContext: FakecloudCommand = {
  id: 'fakecloud.selectKubernetesContext',
  async run(ctx) {
    const config = vscode.workspace.getConfiguration('fakecloud');
    let contexts: Awaited<ReturnType<typeof ctx.client.request<'kubernetes/contexts'>>>;
    try {
      contexts = await ctx.client.request('kubernetes/contexts', {});
    } catch (err) {
      throw new CommandFailure(l10n.t('Kubernetes contexts'), err);
      return;
    }
    const picked = await vscode.window.showQuickPick(
      contexts.contexts.map((c) => ({
        label: c.name,
        description: `${c.cluster}${c.namespace ? ` · ${c.namespace}` : ''}`,
        detail: c.name === contexts.current ? 'current' : undefined,
        name: c.name,
      })),
      { title: l10n.t('Kubernetes context ({0})', contexts.source), placeHolder: l10n.t('Pick the context fakecloud runs in') },
    );
    if (!picked) return;
    await config.update('kubernetes.context', picked.name, vscode.ConfigurationTarget.Global);
    await config.update('kubernetes.enabled', true, vscode.ConfigurationTarget.Global);
    // The namespaces come from the cluster once connected to the new context; typing one works too.
    // The change of settings makes the service connect again: a listing that fails or comes back empty meanwhile is
    // asked again; a cluster still unreachable after a few seconds leaves typing one in.
    let namespaces: string[] = [];
    const started = Date.now();
    const deadline = started + 10_000;
    while (Date.now() < deadline) {
      const k = ctx.client.snapshot?.backends.find((b) => b.backend === 'kubernetes');
      if (k?.state === 'connected') {
        namespaces = await ctx.client.request('kubernetes/namespaces', {}).then(
          (r) => r.namespaces,
          () => [],
        );
        if (namespaces.length > 0) break;
      } else if (k?.state === 'disconnected' && Date.now() - started > 3_000) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const items: (vscode.QuickPickItem & { ns?: string })[] = [
      { label: l10n.t('(the context’s namespace)'), ns: '' },
      ...namespaces.map((ns) => ({ label: ns, ns })),
      { label: l10n.t('Type a namespace…') },
    ];
    const ns = await vscode.window.showQuickPick(items, { title: l10n.t('Namespace in {0}', picked.name) });
    if (!ns) return;
    const value =
      ns.ns ??
      (await vscode.window.showInputBox({
        title: l10n.t('Namespace'),
        validateInput: (v) =>
          /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v) && v.length <= 63
            ? undefined
            : l10n.t('A DNS label: lowercase letters, digits, hyphens.'),
      }));
    if (value === undefined) return;
    await config.update('kubernetes.namespace', value, vscode.ConfigurationTarget.Global);
  },
};
