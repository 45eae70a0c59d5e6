// What the user's own tools need to reach a resource or a server: a connection string, an ARN, the AWS
// environment, a named profile. Pure.
import type { Endpoint, Resource } from './model';

export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_ACCOUNT = '123456789012';
/** Any credentials are accepted by a fakecloud server; these say so. */
export const DUMMY_KEYS = { accessKeyId: 'test', secretAccessKey: 'test' };

/** `host:port`, an IPv6 host in brackets. */
export function hostPort(e: Pick<Endpoint, 'host' | 'port'>): string {
  return `${e.host.includes(':') ? `[${e.host}]` : e.host}:${e.port}`;
}

/** `redis://127.0.0.1:6379` for Redis (and Valkey), `127.0.0.1:11211` for memcached; undefined without an endpoint. */
export function connectionString(r: Resource): string | undefined {
  if (r.kind !== 'cache' || !r.endpoint) return undefined;
  return r.engine === 'memcached' ? hostPort(r.endpoint) : `redis://${hostPort(r.endpoint)}`;
}

/** The resource's ARN as the AWS API names it (the account from its label, else fakecloud's default). */
export function arnOf(r: Resource, region = DEFAULT_REGION): string | undefined {
  const account = r.labels['fakecloud-account'] || DEFAULT_ACCOUNT;
  const base = (service: string) => `arn:aws:${service}:${region}:${account}`;
  switch (r.service) {
    case 'elasticache':
      return `${base('elasticache')}:cluster:${r.name}`;
    case 'ec2':
      return `${base('ec2')}:instance/${r.name}`;
    case 'lambda':
      return `${base('lambda')}:function:${r.name}`;
    case 'rds':
      return `${base('rds')}:db:${r.name}`;
    default:
      return undefined;
  }
}

/** The environment the AWS CLI and SDKs read, as `export` lines for a shell or as a `.env` block. */
export function awsEnvironment(endpoint: string, style: 'export' | 'dotenv', region = DEFAULT_REGION): string {
  const vars: [string, string][] = [
    ['AWS_ENDPOINT_URL', endpoint],
    ['AWS_REGION', region],
    ['AWS_DEFAULT_REGION', region],
    ['AWS_ACCESS_KEY_ID', DUMMY_KEYS.accessKeyId],
    ['AWS_SECRET_ACCESS_KEY', DUMMY_KEYS.secretAccessKey],
  ];
  return `${vars.map(([k, v]) => (style === 'export' ? `export ${k}=${v}` : `${k}=${v}`)).join('\n')}\n`;
}

/** A key the user keeps as a nested block (`s3 =` then indented lines): not ours to flatten. */
export class IniNestedKey extends Error {}

/**
 * Sets keys in one section of an INI file (~/.aws/config, ~/.aws/credentials) and touches nothing else. `text` is
 * the file's bytes one character each (latin1), so every untouched byte — a CRLF, a Latin-1 letter, a comment —
 * comes back as it was. Only a section's top-level keys are keys: an indented line belongs to the nested block
 * above it (`s3 =` / `  max_concurrent_requests = 10`) and is left as it is. New keys go after the section's last
 * line, new sections at the end, with the file's own line ending; values are written as UTF-8.
 */
export function setIniSection(text: string, section: string, values: Record<string, string>): string {
  const lines: { body: string; eol: string }[] = [];
  // Each line with its own ending: CRLF and LF stay as they were, a lone CR stays inside its line.
  const re = /([^\n]*?)(\r\n|\n|$)/gy;
  for (let m = re.exec(text); m && m[0] !== ''; m = re.exec(text)) {
    lines.push({ body: m[1], eol: m[2] });
    if (!m[2]) break;
  }
  const crlf = lines.filter((l) => l.eol === '\r\n').length;
  const eol = crlf > lines.filter((l) => l.eol === '\n').length ? '\r\n' : '\n';
  const line = (body: string) => ({ body, eol });
  const bytes = (v: string) => Buffer.from(v, 'utf8').toString('latin1');
  const pending = new Map(Object.entries(values).map(([k, v]) => [k, bytes(v)]));
  const header = (l: string) => /^\s*\[([^\]]+)\]\s*(?:[#;].*)?$/.exec(l)?.[1].trim();
  const terminateLast = () => {
    const last = lines[lines.length - 1];
    if (last && last.eol === '') last.eol = eol;
  };
  const start = lines.findIndex((l) => header(l.body) === section);
  if (start < 0) {
    terminateLast();
    if (lines.length && lines[lines.length - 1].body.trim() !== '') lines.push(line(''));
    lines.push(line(`[${section}]`), ...[...pending].map(([k, v]) => line(`${k} = ${v}`)));
    return lines.map((l) => l.body + l.eol).join('');
  }
  let end = lines.findIndex((l, i) => i > start && header(l.body) !== undefined);
  if (end < 0) end = lines.length;
  for (let i = start + 1; i < end; i++) {
    const m = /^([^=#;\s[][^=]*?)\s*=(.*)$/.exec(lines[i].body);
    if (!m) continue;
    const key = m[1].trim();
    const v = pending.get(key);
    if (v === undefined) continue;
    if (m[2].trim() === '' && i + 1 < end && /^\s+\S/.test(lines[i + 1].body))
      throw new IniNestedKey(`${key} in [${section}] holds a nested block; set it by hand`);
    lines[i] = { body: `${key} = ${v}`, eol: lines[i].eol };
    pending.delete(key);
  }
  if (pending.size) {
    // After the section's last line (its nested blocks included), before the blank lines that end it.
    let at = end;
    while (at > start + 1 && lines[at - 1].body.trim() === '') at--;
    if (lines[at - 1].eol === '') lines[at - 1].eol = eol;
    lines.splice(at, 0, ...[...pending].map(([k, v]) => line(`${k} = ${v}`)));
  }
  return lines.map((l) => l.body + l.eol).join('');
}

/** The profile's section names: `[profile x]` in config (`[default]` stays so), `[x]` in credentials. */
export function profileSections(profile: string): { config: string; credentials: string } {
  return { config: profile === 'default' ? 'default' : `profile ${profile}`, credentials: profile };
}

export function validateProfileName(name: string): string | undefined {
  if (!name.trim()) return 'A profile needs a name.';
  if (!/^[A-Za-z0-9_.+-]+$/.test(name)) return 'Letters, digits and _ . + - only (no spaces or brackets).';
  return undefined;
}
