// Open Shell: an interactive shell in a running container, on a TTY. bash when
// the image has it (Amazon Linux does), else sh (busybox, alpine).
import type { Resource } from '../../protocol/model';
import { UserError } from './userError';
import { l10n } from '../../protocol/l10n';

export const SHELL_PROBE = 'if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi';

export function shellCommand(r: Resource | undefined): { containerId: string; cmd: string[]; title: string; tty: boolean } {
  if (!r) throw new UserError(l10n.t('that resource is gone (it is no longer in the model)'));
  if (r.state !== 'running') throw new UserError(l10n.t('{0} is not running ({1}); start it first', r.displayName ?? r.name, r.state));
  return { containerId: r.containerId, cmd: ['sh', '-c', SHELL_PROBE], title: l10n.t('shell {0}', r.displayName ?? r.name), tty: true };
}
