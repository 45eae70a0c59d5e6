// What making a Pod for any of our resources shares: the settings it is made
// with, the context the Pod builders take, files streamed into the staging init
// container, and deleting a Pod whose start failed.
import * as fs from 'node:fs';
import type { V1Pod } from '@kubernetes/client-node';
import type { PodBackend } from '../backends/podBackend';
import type { PodConfig } from '../backends/kubernetes/podConfig';
import { CONTAINER, STAGED_MARKER, type PodContext } from '../backends/kubernetes/podSpecs';
import type { ServiceLog } from '../support/log';
import { streamBounded } from '../../platform/boundedRead';

/** From the settings: scheduling (global, then the service's own), pull secret, staging image, and the time a Pod may take. */
export interface PodSettings {
  base: PodConfig;
  pullSecret?: string;
  stagingImage?: string;
  readyTimeoutMs: number;
}

/** The name our Pod builders always give a Pod. */
export function podNameOf(pod: V1Pod): string {
  const name = pod.metadata?.name;
  if (!name) throw new Error('a Pod without a name');
  return name;
}

export function podContext(namespace: string, s: PodSettings, spawns: number): PodContext {
  return {
    namespace,
    base: s.base,
    // The count and the time: a spawn that failed never lends its name to the next (its Pod may still be terminating).
    spawn: `${spawns}-${Date.now().toString(36)}`,
    ...(s.pullSecret ? { pullSecret: s.pullSecret } : {}),
    ...(s.stagingImage ? { stagingImage: s.stagingImage } : {}),
  };
}

/**
 * Streams `file` into the Pod's staging container, where `command` (given the
 * byte count) writes it into place and leaves the marker that lets the main
 * container start. Exactly `size` bytes: the v4 channel protocol cannot close stdin alone.
 */
export async function stageFile(
  pods: PodBackend,
  podName: string,
  file: string,
  mountPath: string,
  command: (size: number) => string,
): Promise<void> {
  const size = (await fs.promises.stat(file)).size;
  const session = await pods.execPipe(podName, CONTAINER.staging, ['sh', '-c', `${command(size)} && touch ${mountPath}/${STAGED_MARKER}`]);
  let stderr = '';
  session.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // Exactly the size announced, whatever the file holds by now.
  for await (const chunk of streamBounded(file, size)) session.write(chunk as Buffer);
  const code = await Promise.race([
    session.exited,
    new Promise<number>((_, reject) => setTimeout(() => reject(new Error('the copy did not finish within 5 minutes')), 300_000)),
  ]);
  if (code !== 0)
    throw new Error(
      `${code === -1 ? 'the copy ended without an exit status' : `the copy ended with code ${code}`}${stderr.trim() ? `: ${stderr.trim()}` : ''}`,
    );
}

/** A Pod whose start failed is deleted; a failure to delete is logged, the start's error is what counts. */
export async function deleteFailedPod(pods: PodBackend, log: ServiceLog, who: string, podName: string): Promise<void> {
  await pods.deletePod(podName).catch((e: Error) => log.error(`${who}: could not delete its Pod ${podName}: ${e.message}`));
}
