// Validation of a typed Docker host URL; the message is shown inline. Pure.
import { l10n } from '../../protocol/l10n';
export function validateDockerHostInput(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return undefined; // empty = from the environment
  if (/^unix:\/\/\/.+/.test(v) || /^npipe:\/\/\/\/.+/.test(v)) return undefined;
  if (/^(tcp|https?):\/\/(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?\/?$/.test(v)) {
    const port = /:(\d{1,5})\/?$/.exec(v.replace(/\[[^\]]*\]/, ''));
    if (port && (Number(port[1]) < 1 || Number(port[1]) > 65535)) return l10n.t('The port must be 1–65535.');
    return undefined;
  }
  if (v.startsWith('ssh://')) return l10n.t('ssh:// is not supported: forward the socket (ssh -L) and use unix:// or tcp://.');
  return l10n.t('Use unix:///path/to/docker.sock, tcp://host:port or npipe:////./pipe/name.');
}
