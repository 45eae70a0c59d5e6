// What the connection status-bar item says. Pure.
import { kubernetesOf, type ClientView } from './treeNodes';
import { counted } from '../protocol/text';

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
          tooltip: `Kubernetes: ${kube.target} (${kube.source})\n${counted(count, 'fakecloud resource')}`,
        }
      : kube.state === 'connecting'
        ? { text: 'K8s: connecting', tooltip: 'Connecting to Kubernetes…' }
        : {
            text: 'K8s: disconnected',
            tooltip: `Kubernetes disconnected: ${kube.error ?? 'unknown error'}\n${kube.target} (${kube.source})\nRetrying automatically.`,
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
      text: '$(debug-disconnect) Fakecloud: service disconnected',
      tooltip: `Cannot reach the Fakecloud service: ${v.serviceError ?? 'unknown error'}\nClick to retry.`,
      background: 'statusBarItem.errorBackground',
      command: 'fakecloud.retryConnection',
    };
  }
  const docker = v.backends.find((b) => b.backend === 'docker');
  if (v.service === 'connecting' || !docker || docker.state === 'connecting') {
    return { text: '$(sync~spin) Docker: connecting', tooltip: 'Connecting to Docker…', command: 'fakecloud.showOutput' };
  }
  if (docker.state === 'disconnected') {
    return {
      text: '$(debug-disconnect) Docker: disconnected',
      tooltip:
        `Docker disconnected: ${docker.error ?? 'unknown error'}\nHost: ${docker.target} (${docker.source})\nRetrying automatically; ` +
        `click to retry now.`,
      background: 'statusBarItem.warningBackground',
      command: 'fakecloud.retryConnection',
    };
  }
  const count = v.resources.filter((r) => r.backend === 'docker').length;
  return {
    text: `$(plug) Docker: ${count}`,
    tooltip:
      `Connected to ${docker.target} (${docker.source})${docker.version ? `, engine ${docker.version}` : ''}\n` +
      `${counted(count, 'fakecloud resource')}\nClick to show the Fakecloud log.`,
    command: 'fakecloud.showOutput',
  };
}
