// What the connection status-bar item says. Pure.
import type { ClientView } from './treeNodes';

export interface StatusBarSpec {
  text: string;
  tooltip: string;
  /** A ThemeColor id for the background, when the user should look. */
  background?: 'statusBarItem.errorBackground' | 'statusBarItem.warningBackground';
  command: string;
}

export function connectionStatus(v: ClientView): StatusBarSpec {
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
      tooltip: `Docker disconnected: ${docker.error ?? 'unknown error'}\nHost: ${docker.target} (${docker.source})\nRetrying automatically; click to retry now.`,
      background: 'statusBarItem.warningBackground',
      command: 'fakecloud.retryConnection',
    };
  }
  const count = v.resources.filter((r) => r.backend === 'docker').length;
  return {
    text: `$(plug) Docker: ${count}`,
    tooltip: `Connected to ${docker.target} (${docker.source})${docker.version ? `, engine ${docker.version}` : ''}\n${count} fakecloud resource${count === 1 ? '' : 's'}\nClick to show the Fakecloud log.`,
    command: 'fakecloud.showOutput',
  };
}
