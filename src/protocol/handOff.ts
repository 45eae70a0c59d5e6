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

/**
 * Sets keys in one section of an INI file (~/.aws/config, ~/.aws/credentials) and touches nothing else: other
 * sections, comments, blank lines and the order stay as they were; the section is added at the end when missing.
 */
export function setIniSection(text: string, section: string, values: Record<string, string>): string {
  const lines = text.length ? text.replace(/\r\n/g, '\n').split('\n') : [];
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const header = (l: string) => /^\s*\[([^\]]+)\]\s*(?:[#;].*)?$/.exec(l)?.[1].trim();
  const start = lines.findIndex((l) => header(l) === section);
  const pending = new Map(Object.entries(values));
  if (start < 0) {
    if (lines.length && lines[lines.length - 1].trim() !== '') lines.push('');
    lines.push(`[${section}]`, ...[...pending].map(([k, v]) => `${k} = ${v}`));
    return `${lines.join('\n')}\n`;
  }
  let end = lines.findIndex((l, i) => i > start && header(l) !== undefined);
  if (end < 0) end = lines.length;
  for (let i = start + 1; i < end; i++) {
    const m = /^(\s*)([^=#;\s][^=]*?)\s*=/.exec(lines[i]);
    if (!m) continue;
    const key = m[2].trim();
    const v = pending.get(key);
    if (v === undefined) continue;
    lines[i] = `${key} = ${v}`;
    pending.delete(key);
  }
  // New keys go after the section's last key, before the blank lines that end it.
  let at = end;
  while (at > start + 1 && lines[at - 1].trim() === '') at--;
  lines.splice(at, 0, ...[...pending].map(([k, v]) => `${k} = ${v}`));
  return `${lines.join('\n')}\n`;
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
