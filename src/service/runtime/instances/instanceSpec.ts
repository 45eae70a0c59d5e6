// What an instance we own is (the desired state), and the container that runs it,
// as fakecloud's EC2 runs one: the instance's image kept alive with
// `tail -f /dev/null`, user data decoded and run in the background. Pure.
import { randomBytes } from 'node:crypto';
import type { ContainerCreateSpec } from '../../backends/backend';
import { FakecloudLabels, OwnLabels, stackLabels } from '../../model/labels';
import type { NetworkMode } from '../caches/cacheSpec';
import type { Placement } from '../../backends/podBackend';

export interface InstanceSpec extends Placement {
  /** i-0 followed by 16 hex digits, as EC2 makes them. */
  instanceId: string;
  /** The Name tag. */
  name: string;
  tags: Record<string, string>;
  image: string;
  /** base64, checked. */
  userData?: string;
  networkMode: NetworkMode;
  /** Stop keeps the instance; the reconciler leaves a stopped one alone. */
  desired: 'running' | 'stopped';
  /** The stack that made it, and the key of the folder its file is in. */
  stack?: { name: string; scope: string };
  createdAt: string;
}

export function newInstanceId(): string {
  return `i-0${randomBytes(8).toString('hex')}`;
}

export function instanceContainerName(instanceId: string): string {
  return `fakecloud-explorer-ec2-${instanceId}`;
}

/**
 * The boot script, run by `sh -c` with the user data as $1. User data runs once
 * per instance, as on EC2: a marker in the container's file system survives
 * stop/start and reboot (the same container), so they do not run it again.
 * It runs in the background so a slow script never holds up the instance.
 * `tail -f /dev/null` keeps the instance alive; sh stays PID 1 and exits on
 * TERM at once (a bare tail as PID 1 ignores TERM, so every stop would wait
 * out Docker's timeout).
 */
export const BOOT_SCRIPT = [
  'trap "exit 0" TERM INT',
  'd=/var/lib/fakecloud',
  'if [ -n "$1" ] && [ ! -e "$d/user-data.ran" ]; then',
  '  mkdir -p "$d" && : > "$d/user-data.ran"',
  '  if printf "%s" "$1" | base64 -d > "$d/user-data"; then',
  '    read -r first < "$d/user-data" || true',
  '    case "$first" in',
  '      "#cloud-config"*) echo "fakecloud: cloud-config user data is not run here; only scripts are" >&2 ;;',
  '      "#!"*) chmod 700 "$d/user-data" && "$d/user-data" & ;;',
  '      *) sh "$d/user-data" & ;;',
  '    esac',
  '  else echo "fakecloud: the user data could not be decoded" >&2; fi',
  'fi',
  'tail -f /dev/null & wait $!',
].join('\n');

export function bootCommand(userData: string | undefined): string[] {
  return ['sh', '-c', BOOT_SCRIPT, 'fakecloud-boot', userData ?? ''];
}

export function instanceLabels(spec: InstanceSpec): Record<string, string> {
  const labels: Record<string, string> = {
    [FakecloudLabels.ec2]: spec.instanceId,
    [OwnLabels.managedBy]: OwnLabels.managedByValue,
    [OwnLabels.displayName]: spec.name,
  };
  for (const [k, v] of Object.entries(spec.tags)) labels[`${OwnLabels.tagPrefix}${k}`] = v;
  Object.assign(labels, stackLabels(spec.stack));
  // Never fakecloud-instance: a fakecloud server's reaper removes containers that carry it.
  return labels;
}

export function instanceContainerOptions(spec: InstanceSpec): ContainerCreateSpec {
  const opts: ContainerCreateSpec = {
    name: instanceContainerName(spec.instanceId),
    image: spec.image,
    // The image's entrypoint would wrap our command (or replace it); the instance boots our way.
    entrypoint: [],
    cmd: bootCommand(spec.userData),
    labels: instanceLabels(spec),
    networkMode: spec.networkMode,
    mounts: [],
    publish: [],
  };
  // On the host network the container has the host's name; Docker refuses another.
  if (spec.networkMode === 'bridge') opts.hostname = spec.instanceId;
  return opts;
}
