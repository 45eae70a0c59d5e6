// An ElastiCache cluster id: letter first; letters, digits, hyphens; no trailing
// or double hyphen; at most 40 characters. Pure; the message is shown inline.
export const MAX_CACHE_NAME = 40;

export function validateCacheName(name: string): string | undefined {
  if (name.length === 0) return 'Enter a name.';
  if (name.length > MAX_CACHE_NAME) return `At most ${MAX_CACHE_NAME} characters (this is ${name.length}).`;
  if (!/^[A-Za-z]/.test(name)) return 'Start with a letter.';
  const bad = /[^A-Za-z0-9-]/.exec(name);
  if (bad) return `Only letters, digits and hyphens (not "${bad[0]}").`;
  if (name.includes('--')) return 'No two hyphens in a row.';
  if (name.endsWith('-')) return 'Do not end with a hyphen.';
  return undefined;
}
