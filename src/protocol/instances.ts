// EC2-shaped instances: launch parameters, user data checks and the state names
// EC2 uses. Pure; shared by the client (inline validation, the tree) and the service.
import type { Resource } from './model';

export interface InstanceLaunchParams {
  /** The Name tag. */
  name: string;
  /** Other tags, key → value. */
  tags?: Record<string, string>;
  /** User data as a script (text), or as the EC2 API takes it (base64). */
  userData?: { text: string } | { base64: string };
  /** Where it runs: Docker (the default) or the Kubernetes cluster in use. */
  backend?: 'docker' | 'kubernetes';
  /** The image to run instead of the fakecloud.images.instance setting's. */
  image?: string;
  /** The stack that launches it (its name, and the key of its file's folder). */
  stack?: { name: string; scope: string };
  operationId?: string;
}

export interface InstanceLaunchResult {
  instanceId: string;
  containerId: string;
  containerName: string;
}

export type Ec2State = 'pending' | 'running' | 'stopping' | 'stopped' | 'shutting-down' | 'terminated' | 'unknown';

/** EC2 caps user data at 16 KB before base64. */
export const MAX_USER_DATA_BYTES = 16 * 1024;

/** The Name tag: what EC2 allows in a tag value, kept to one line. */
export function validateInstanceName(name: string): string | undefined {
  if (name.trim().length === 0) return 'Enter a name (the Name tag).';
  if (name.length > 256) return `At most 256 characters (this is ${name.length}).`;
  if (/[\r\n\t]/.test(name)) return 'One line, no tabs.';
  return undefined;
}

/** `key=value` pairs, comma-separated: "team=web, env=dev". */
export function parseTags(input: string): { tags: Record<string, string> } | { error: string } {
  const tags: Record<string, string> = {};
  for (const part of input
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) return { error: `"${part}" is not key=value` };
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    // "env=dev team=web" typed as two tags would become one tag env with the value "dev team=web".
    const next = /\s(\S+)=/.exec(value);
    if (next) return { error: `separate tags with commas: "${key}=${value.slice(0, next.index)}, ${value.slice(next.index + 1)}"` };
    const bad = tagProblem(key, value);
    if (bad) return { error: bad };
    if (key in tags) return { error: `the tag ${key} is given twice` };
    tags[key] = value;
  }
  return { tags };
}

/** What EC2 refuses in one tag, if anything. */
export function tagProblem(key: string, value: string): string | undefined {
  if (key.length > 128) return `the tag key "${key.slice(0, 20)}…" is longer than 128 characters`;
  if (value.length > 256) return `the value of ${key} is longer than 256 characters`;
  if (/^aws:/i.test(key)) return `tag keys starting with "aws:" are reserved (${key})`;
  if (key === 'Name') return 'the Name tag is the instance name; enter it there';
  return undefined;
}

/**
 * User data as base64, as the EC2 API takes it: text is encoded, base64 is
 * checked strictly (whitespace allowed, as in a file) so a typo is refused
 * instead of decoding to garbage in the instance.
 */
export function userDataBase64(userData: { text: string } | { base64: string }): { base64: string } | { error: string } {
  if ('text' in userData) {
    const bytes = Buffer.byteLength(userData.text, 'utf8');
    if (bytes === 0) return { error: 'the user data is empty' };
    if (bytes > MAX_USER_DATA_BYTES) return { error: `user data is ${bytes} bytes; EC2 allows at most ${MAX_USER_DATA_BYTES}` };
    return { base64: Buffer.from(userData.text, 'utf8').toString('base64') };
  }
  const compact = userData.base64.replace(/\s+/g, '');
  if (compact.length === 0) return { error: 'the user data is empty' };
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
    const bad = /[^A-Za-z0-9+/=]/.exec(compact);
    return {
      error:
        'the user data is not valid base64' +
        (bad
          ? ` (it contains "${bad[0]}")`
          : compact.length % 4 !== 0
            ? ` (its length, ${compact.length}, is not a multiple of 4)`
            : ' (misplaced "=" padding)'),
    };
  }
  const bytes = Buffer.from(compact, 'base64').length;
  if (bytes > MAX_USER_DATA_BYTES) return { error: `user data is ${bytes} bytes decoded; EC2 allows at most ${MAX_USER_DATA_BYTES}` };
  return { base64: compact };
}

/** The EC2 name for a container's state; an operation in flight wins ("stopping"). */
export function ec2StateOf(r: Pick<Resource, 'state' | 'busy'>): Ec2State {
  switch (r.busy) {
    case 'stopping':
      return 'stopping';
    case 'terminating':
      return 'shutting-down';
    case 'starting':
    case 'launching':
      return 'pending';
    default:
      break;
  }
  switch (r.state) {
    case 'created':
    case 'restarting':
      return 'pending';
    case 'running':
      return 'running';
    case 'paused':
    case 'exited':
      return 'stopped';
    case 'removing':
      return 'shutting-down';
    case 'dead':
      return 'terminated';
    default:
      return 'unknown';
  }
}
