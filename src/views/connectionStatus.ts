// What the connection status-bar item says. Pure.
import { kubernetesOf, type ClientView } from './treeNodes';
import { l10n } from '../protocol/l10n';

export interface StatusBarSpec {
  text: string;
  tooltip: string;
  /** A ThemeColor id for the background, when the user should look. */
  background?: 'statusBarItem.errorBackground' | 'statusBarItem.warningBackground';
  command: string;
}

export function connectionStatus(v: ClientView): StatusBarSpec {
  const docker = dockerStatus(v);
  const kube = kubernetesOf(v);
  if (!kube || v.service === 'disconnected') return docker;
  // Both backends: one item, each half saying how it is; the worse one colours it.
  const count = v.resources.filter((r) => r.backend === 'kubernetes').length;
  const k8s =
    kube.state === 'connected'
      ? {
          text: `K8s: ${count}`,
          tooltip: l10n.t(
            'Kubernetes: {0} ({1})\n{2}',
            kube.target,
            kube.source,
            l10n.plural(count, '{0} fakecloud resource', '{0} fakecloud resources'),
          ),
        }
      : kube.state === 'connecting'
        ? { text: 'K8s: connecting', tooltip: l10n.t('Connecting to Kubernetes…') }
        : {
            text: 'K8s: disconnected',
            tooltip: l10n.t(
              'Kubernetes disconnected: {0}\n{1} ({2})\nRetrying automatically.',
              kube.error ?? 'unknown error',
              kube.target,
              kube.source,
            ),
          };
  const spec: StatusBarSpec = {
    text: `${docker.text} · ${k8s.text}`,
    tooltip: `${docker.tooltip}\n\n${k8s.tooltip}`,
    command: docker.background || kube.state === 'disconnected' ? 'fakecloud.retryConnection' : 'fakecloud.selectKubernetesContext',
  };
  const background = docker.background ?? (kube.state === 'disconnected' ? 'statusBarItem.warningBackground' : undefined);
  if (background) spec.background = background;
  return spec;
}

function dockerStatus(v: ClientView): StatusBarSpec {
  if (v.service === 'disconnected') {
    return {
      text: l10n.t('$(debug-disconnect) Fakecloud: service disconnected'),
      tooltip: l10n.t('Cannot reach the Fakecloud service: {0}\nClick to retry.', v.serviceError ?? 'unknown error'),
      background: 'statusBarItem.errorBackground',
      command: 'fakecloud.retryConnection',
    };
  }
  const docker = v.backends.find((b) => b.backend === 'docker');
  if (v.service === 'connecting' || !docker || docker.state === 'connecting') {
    return { text: l10n.t('$(sync~spin) Docker: connecting'), tooltip: l10n.t('Connecting to Docker…'), command: 'fakecloud.showOutput' };
  }
  if (docker.state === 'disconnected') {
    return {
      text: l10n.t('$(debug-disconnect) Docker: disconnected'),
      tooltip: l10n.t(
        'Docker disconnected: {0}\nHost: {1} ({2})\nRetrying automatically; click to retry now.',
        docker.error ?? 'unknown error',
        docker.target,
        docker.source,
      ),
      background: 'statusBarItem.warningBackground',
      command: 'fakecloud.retryConnection',
    };
  }
  const count = v.resources.filter((r) => r.backend === 'docker').length;
  return {
    text: l10n.t('$(plug) Docker: {0}', count),
    tooltip: l10n.t(
      'Connected to {0} ({1}){2}\n{3}\nClick to show the Fakecloud log.',
      docker.target,
      docker.source,
      docker.version ? `, engine ${docker.version}` : '',
      l10n.plural(count, '{0} fakecloud resource', '{0} fakecloud resources'),
    ),
    command: 'fakecloud.showOutput',
  };
}
