// Pod names and label values as fakecloud's Kubernetes backends make them
// (as fakecloud names its own): `<prefix>-<slug>-<hex12>`, at most 63 characters, DNS-safe,
// a fresh name per spawn so a Terminating Pod never collides with its
// replacement. Pure.
import { createHash } from 'node:crypto';

export const MAX_NAME = 63;

/** Lowercase, [a-z0-9-], no leading/trailing or doubled hyphens; "x" when nothing is left. */
export function dnsSlug(s: string, max = MAX_NAME): string {
  const slug = s
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
  return slug || 'x';
}

/** A label value: [A-Za-z0-9_.-], alphanumeric at both ends, at most 63 (lowercased, as fakecloud does). */
export function labelSafe(s: string): string {
  const v = s
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .slice(0, MAX_NAME)
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return v;
}

/** `<prefix>-<slug>-<hex12>`, the hash of `unique` keeping names distinct when slugs are cut short. */
export function podName(prefix: string, slugSource: string, unique: string): string {
  const hash = createHash('sha256').update(unique).digest('hex').slice(0, 12);
  const room = MAX_NAME - prefix.length - hash.length - 2;
  return `${prefix}-${dnsSlug(slugSource, room)}-${hash}`;
}
