// Whether a new resource has anywhere to run. Pure, so the wizards can say so at once.
import type { BackendStatus } from '../protocol/model';
import { l10n } from '../protocol/l10n';

/** Why nothing can be created now, or undefined when somewhere can take it. Pure. */
export function nowhereToCreate(backends: BackendStatus[] | undefined): string | undefined {
  const docker = backends?.find((b) => b.backend === 'docker');
  const kube = backends?.find((b) => b.backend === 'kubernetes');
  // Only a known failure stops the wizard: while the window is still connecting, the create may well work.
  if (docker?.state !== 'disconnected' || kube?.state === 'connected') return undefined;
  const why = docker?.error ? `: ${docker.error}` : '';
  return l10n.t(
    'Docker is not connected{0}{1}',
    why,
    kube && kube.state !== 'disabled' ? `, and neither is Kubernetes (${kube.state})` : '',
  );
}
