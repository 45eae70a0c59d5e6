// Bundles the two processes: the thin extension client and the backend service.
// The extension must not pull in dockerode or the Kubernetes client (activation cost),
// so it is a separate entry point with `vscode` as its only external.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: {
    // Version and build time let a client tell whether a running service is older than itself.
    __FAKECLOUD_VERSION__: JSON.stringify(pkg.version),
    __FAKECLOUD_BUILD__: JSON.stringify(String(Date.now())),
  },
};

// The service loads the Kubernetes half (client-node) only when it is switched on: it is a
// bundle of its own, which the service's bundle requires at run time from beside itself.
const kubernetesApart = {
  name: 'kubernetes-apart',
  setup(build) {
    build.onResolve({ filter: /\/kubernetesModule$/ }, () => ({ path: './kubernetes.js', external: true }));
    // The AWS SDK likewise, loaded once a fakecloud server answers.
    build.onResolve({ filter: /\/aws\/awsModule$/ }, () => ({ path: './aws.js', external: true }));
  },
};

const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  {
    ...common,
    entryPoints: ['src/service/main.ts'],
    outfile: 'dist/service.js',
    // ssh2 (docker-modem's ssh transport, which we do not offer) ships a native addon and is
    // required at load: replace it with a stub so the bundle runs with no node_modules beside it.
    alias: { ssh2: './src/service/backends/docker/ssh2Unavailable.ts' },
    plugins: [kubernetesApart],
  },
  { ...common, entryPoints: ['src/service/backends/kubernetes/kubernetesModule.ts'], outfile: 'dist/kubernetes.js' },
  { ...common, entryPoints: ['src/service/fakecloud/aws/awsModule.ts'], outfile: 'dist/aws.js' },
  // The dashboard panel's page: a browser bundle with its chart library and styles, loaded from the extension's
  // own files (the panel allows no network).
  {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    minify: production,
    sourcemap: production ? false : 'inline',
    logLevel: 'warning',
    entryPoints: { dashboard: 'src/webview/dashboard/main.ts' },
    outdir: 'dist/webview',
  },
];

if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
