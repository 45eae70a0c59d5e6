// Adopt Orphan: the desired-state entry of a container of ours, rebuilt from its labels
// and its inspect (what the create options wrote into them). Pure: the inverse of
// cacheContainerOptions, instanceContainerOptions and functionContainerOptions,
// unit-tested as round trips.
import type { ContainerDetails } from '../backends/backend';
import { FakecloudLabels, OwnLabels } from '../model/labels';
import { cacheVolumeName, type CacheSpec, type NetworkMode } from './caches/cacheSpec';
import { functionEnv, type FunctionSpec } from './functions/functionSpec';
import { BOOT_SCRIPT, type InstanceSpec } from './instances/instanceSpec';
import { l10n } from '../../protocol/l10n';
import { validateCacheName } from '../../protocol/cacheName';
import { validateFunctionName } from '../../protocol/functions';

export class NotAdoptable extends Error {}

function networkModeOf(d: ContainerDetails): NetworkMode {
  return d.config?.networkMode === 'host' ? 'host' : 'bridge';
}

function portLabel(d: ContainerDetails): number | undefined {
  const port = Number(d.labels[OwnLabels.port]);
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
}

function createdAt(d: ContainerDetails): string {
  const t = d.config?.created;
  return t && Number.isFinite(Date.parse(t)) ? new Date(t).toISOString() : new Date().toISOString();
}

function ours(d: ContainerDetails): void {
  if (d.labels[OwnLabels.managedBy] !== OwnLabels.managedByValue)
    throw new NotAdoptable(
      l10n.t('{0} was not made by Fakecloud Explorer (no {1}={2} label)', d.name, OwnLabels.managedBy, OwnLabels.managedByValue),
    );
}

export function cacheSpecFromContainer(d: ContainerDetails): CacheSpec {
  ours(d);
  const name = d.labels[FakecloudLabels.elasticache];
  if (!name) throw new NotAdoptable(l10n.t('{0} has no {1} label: it is not a cache', d.name, FakecloudLabels.elasticache));
  // A label is anyone's to write: only a name a create would take becomes ours (and names volumes and files).
  const badName = validateCacheName(name);
  if (badName) throw new NotAdoptable(l10n.t('{0}: its name "{1}" is not one a cache of ours can have ({2})', d.name, name, badName));
  const engine = d.labels[OwnLabels.engine];
  if (engine !== 'redis' && engine !== 'memcached')
    throw new NotAdoptable(l10n.t('{0} says its engine is "{1}", not redis or memcached', d.name, engine ?? ''));
  const spec: CacheSpec = { name, engine, image: d.image, networkMode: networkModeOf(d), createdAt: createdAt(d) };
  const port = portLabel(d);
  if (spec.networkMode === 'host' && port) spec.port = port;
  // The data volume goes with the spec only when it is the cache's own: a repair re-attaches it.
  const volume = cacheVolumeName(name);
  if (engine === 'redis' && d.volumes.includes(volume)) spec.volume = volume;
  return spec;
}

export function instanceSpecFromContainer(d: ContainerDetails): InstanceSpec {
  ours(d);
  const instanceId = d.labels[FakecloudLabels.ec2];
  if (!instanceId || !/^i-[0-9a-f]{8,}$/.test(instanceId))
    throw new NotAdoptable(l10n.t('{0} has no instance id in its {1} label', d.name, FakecloudLabels.ec2));
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.labels)) if (k.startsWith(OwnLabels.tagPrefix)) tags[k.slice(OwnLabels.tagPrefix.length)] = v;
  const spec: InstanceSpec = {
    instanceId,
    name: d.labels[OwnLabels.displayName] ?? '',
    tags,
    image: d.image,
    networkMode: networkModeOf(d),
    desired: d.running ? 'running' : 'stopped',
    createdAt: createdAt(d),
  };
  // The boot command carries the user data as its last argument (bootCommand).
  const cmd = d.config?.cmd ?? [];
  if (cmd.length === 5 && cmd[0] === 'sh' && cmd[1] === '-c' && cmd[2] === BOOT_SCRIPT && cmd[4]) spec.userData = cmd[4];
  return spec;
}

/** `imageEnv`: what the image itself sets, which is not the function's own environment. */
export function functionSpecFromContainer(d: ContainerDetails, imageEnv: string[], codeArchive: string): FunctionSpec {
  ours(d);
  const name = d.labels[FakecloudLabels.lambda];
  if (!name) throw new NotAdoptable(l10n.t('{0} has no {1} label: it is not a function', d.name, FakecloudLabels.lambda));
  const runtime = d.labels[OwnLabels.runtime];
  const deployId = d.labels[OwnLabels.deployId];
  if (!runtime || !deployId) throw new NotAdoptable(l10n.t('{0} lacks its runtime or deploy id label', d.name));
  // Both name the stored code's path: only what a deploy would have written is taken.
  const badName = validateFunctionName(name);
  if (badName) throw new NotAdoptable(l10n.t('{0}: its name "{1}" is not one a function of ours can have ({2})', d.name, name, badName));
  if (!/^[0-9a-f]{8}$/.test(deployId))
    throw new NotAdoptable(l10n.t('{0}: its deploy id "{1}" is not one a deploy makes', d.name, deployId));
  const cmd = d.config?.cmd ?? [];
  const entrypoint = d.config?.entrypoint ?? [];
  const spec: FunctionSpec = {
    name,
    runtime,
    image: d.image,
    handler: '',
    environment: {},
    networkMode: networkModeOf(d),
    deployId,
    // Unknown: the folder it was deployed from is recorded nowhere in the container.
    codeSource: '',
    codeArchive,
    desired: d.running ? 'running' : 'stopped',
    createdAt: createdAt(d),
  };
  if (entrypoint[0] === '/usr/local/bin/aws-lambda-rie') {
    // Host networking: the RIE's own ports are in its arguments, the handler after the entrypoint script.
    const arg = (flag: string) => Number(entrypoint[entrypoint.indexOf(flag) + 1]?.split(':').pop());
    const port = arg('--runtime-interface-emulator-address');
    const apiPort = arg('--runtime-api-address');
    if (port > 0) spec.port = port;
    if (apiPort > 0) spec.apiPort = apiPort;
    spec.handler = cmd[1] ?? '';
  } else {
    spec.handler = cmd[0] ?? '';
  }
  if (!spec.handler) throw new NotAdoptable(l10n.t('{0}: its handler cannot be told from its command ({1})', d.name, JSON.stringify(cmd)));
  // The function's environment: what the container has beyond the image's and the variables every function gets.
  const fromImage = new Set(imageEnv);
  const added = new Set(functionEnv({ ...spec, environment: {} }).map((e) => e.slice(0, e.indexOf('='))));
  for (const e of d.config?.env ?? []) {
    if (fromImage.has(e)) continue;
    const eq = e.indexOf('=');
    if (eq <= 0) continue;
    const key = e.slice(0, eq);
    if (added.has(key)) continue;
    spec.environment[key] = e.slice(eq + 1);
  }
  return spec;
}
