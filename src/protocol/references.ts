// The shapes of what users type and both halves check the same way: image references and fakecloud server
// endpoints. Pure.

/** An image reference as Docker takes it: redis:7.2-alpine, registry:5000/team/app@sha256:…. */
export const IMAGE_REF = /^[A-Za-z0-9][A-Za-z0-9._\-/:@]*$/;

/** fakecloud's own default address. */
export const DEFAULT_SERVER = 'http://127.0.0.1:4566';

/** A server endpoint: http(s)://host:port, a trailing slash allowed. */
export const SERVER_ENDPOINT = /^https?:\/\/[^/\s]+\/?$/;

/** Endpoints as given: trimmed, without a trailing slash, valid ones only, each once. */
export function normaliseEndpoints(list: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const raw of list) {
    if (typeof raw !== 'string' || !SERVER_ENDPOINT.test(raw.trim())) continue;
    const e = raw.trim().replace(/\/+$/, '');
    if (!out.includes(e)) out.push(e);
  }
  return out;
}
