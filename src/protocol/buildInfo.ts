// Version and build stamp, injected by esbuild; tests compiled by tsc see "dev".
declare const __FAKECLOUD_VERSION__: string | undefined;
declare const __FAKECLOUD_BUILD__: string | undefined;

export const VERSION: string = typeof __FAKECLOUD_VERSION__ !== 'undefined' ? __FAKECLOUD_VERSION__ : '0.0.0-dev';
export const BUILD: string = typeof __FAKECLOUD_BUILD__ !== 'undefined' ? __FAKECLOUD_BUILD__ : '0';

/** True when a service of (version, build) is older than ours and should be replaced. */
export function isOlder(theirVersion: string, theirBuild: string, ourVersion = VERSION, ourBuild = BUILD): boolean {
  const a = theirVersion.split(/[.-]/).map((p) => parseInt(p, 10) || 0);
  const b = ourVersion.split(/[.-]/).map((p) => parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return (parseInt(theirBuild, 10) || 0) < (parseInt(ourBuild, 10) || 0);
}
