// The body of a Report Issue: what the maintainers ask first (every version involved) and the service log's tail,
// with what could identify the user's machine left out. Pure.
import type { LogLine } from '../protocol/rpc';

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
    '## What happened',
    '',
    '<!-- What you did, what you expected, what you saw. -->',
    '',
    '## Versions',
    '',
    `- Fakecloud Explorer: ${f.extension}`,
    `- VS Code: ${f.vscode} (${f.platform})`,
    `- Service: ${f.service ?? 'not connected'}`,
    `- Docker engine: ${f.docker ?? 'not connected'}`,
    `- Kubernetes: ${f.kubernetes ?? 'off'}`,
    `- fakecloud servers: ${f.servers.length > 0 ? f.servers.join(', ') : 'none found'}`,
    '',
    `## The service log (last ${lines.length} lines)`,
    '',
    '```',
    ...lines,
    '```',
    '',
  ].join('\n');
}
