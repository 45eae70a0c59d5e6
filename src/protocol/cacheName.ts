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

/**
 * A name for the cache a snapshot file is restored into: the file's cache name (without
 * the time Snapshot Cache adds) and "-restored", made valid, and numbered when taken.
 */
export function suggestCacheName(fileName: string, taken: ReadonlySet<string>): string {
  const base =
    fileName
      .replace(/\.rdb$/i, '')
      .replace(/-\d{4}-\d{2}-\d{2}T[\d-]+Z$/, '')
      .replace(/[^A-Za-z0-9-]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^[^A-Za-z]+/, '')
      .replace(/-+$/, '') || 'cache';
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '-restored' : `-restored-${n}`;
    const name = `${base.slice(0, MAX_CACHE_NAME - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken.has(name.toLowerCase()) && validateCacheName(name) === undefined) return name;
  }
}
