// The settings npm start writes into its own code-server profile the first time. On a machine with no image
// registry and no Docker bridge (as the setup script leaves one), the extension's defaults would fail at the end
// of every wizard: it points caches, instances and functions at the locally built test images, and at the host
// network, when those are what this engine has. Asks only the local engine (the docker CLI); nothing else.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const docker = (...args) => {
  try {
    return execFileSync('docker', args, { stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 })
      .toString()
      .trim();
  } catch {
    return undefined;
  }
};
const have = (ref) => docker('image', 'inspect', '--format', '{{.Id}}', ref) !== undefined;

// A workbench that stays quiet and offline (the same one the e2e suite uses).
const settings = JSON.parse(readFileSync(new URL('./quiet-workbench.json', import.meta.url), 'utf8'));
const engineUp = docker('version', '--format', '{{.Server.Version}}') !== undefined;
if (engineUp && docker('network', 'inspect', 'bridge') === undefined) settings['fakecloud.docker.networkMode'] = 'host';
// A default image that is not here, with a local build of the same thing that is: the local one.
const local = [
  ['fakecloud.images.redis', 'redis:7-alpine', 'fakecloud-test/redis:7'],
  ['fakecloud.images.memcached', 'memcached:1.6-alpine', 'fakecloud-test/memcached:1.6'],
  ['fakecloud.images.instance', 'amazonlinux:2023', 'fakecloud-test/instance:latest'],
];
for (const [key, wanted, build] of local) if (engineUp && !have(wanted) && have(build)) settings[key] = build;
if (engineUp && !have('public.ecr.aws/lambda/nodejs:20') && have('fakecloud-test/lambda-nodejs:20'))
  settings['fakecloud.images.functionRuntimes'] = { 'nodejs20.x': 'fakecloud-test/lambda-nodejs:20' };
process.stdout.write(`${JSON.stringify(settings, null, 2)}\n`);
