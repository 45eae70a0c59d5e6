// The body of a Report Issue: what the maintainers ask first (every version involved) and the service log's tail,
// with what could identify the user's machine left out. Pure.
import type { LogLine } from '../protocol/rpc';
import { l10n } from '../protocol/l10n';

export interface IssueFacts {
  extension: string;
  vscode: string;
  /** The extension host's OS and architecture. */
  platform: string;
  service?: string;
  docker?: string;
  kubernetes?: string;
  servers: string[];
  log: LogLine[];
}

/** Lines of the log kept in the report. */
export const LOG_TAIL = 60;

/** Home directories and tokens are the user's business, not an issue's. */
export function scrub(text: string): string {
  return text
    .replace(/\/(home|Users)\/[^/\s]+/g, '/$1/…')
    .replace(/([?&](token|key|secret)=)[^&\s]+/gi, '$1…')
    .replace(/\b(token|password|secret)(["']?\s*[:=]\s*["']?)[^\s"',&]+/gi, '$1$2…');
}

export function issueReportBody(f: IssueFacts): string {
  const lines = f.log.slice(-LOG_TAIL).map((l) => `${new Date(l.time).toISOString()} ${l.level.padEnd(5)} ${scrub(l.message)}`);
  return [
    l10n.t('## What happened'),
    '',
    l10n.t('<!-- What you did, what you expected, what you saw. -->'),
    '',
    '## Versions',
    '',
    l10n.t('- Fakecloud Explorer: {0}', f.extension),
    l10n.t('- VS Code: {0} ({1})', f.vscode, f.platform),
    l10n.t('- Service: {0}', f.service ?? 'not connected'),
    l10n.t('- Docker engine: {0}', f.docker ?? 'not connected'),
    l10n.t('- Kubernetes: {0}', f.kubernetes ?? 'off'),
    l10n.t('- fakecloud servers: {0}', f.servers.length > 0 ? f.servers.join(', ') : 'none found'),
    '',
    l10n.t('## The service log (last {0} lines)', lines.length),
    '',
    '```',
    ...lines,
    '```',
    '',
  ].join('\n');
}
