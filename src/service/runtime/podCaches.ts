// ElastiCache caches as Pods (seed 000's Kubernetes half): the engine in a
// container named "cache", Redis data in an emptyDir at /data. A snapshot is
// SAVE, then dump.rdb streamed out through exec; a restore streams an RDB into a
// staging init container before Redis starts; a reboot (a Pod cannot restart in
// place) snapshots, makes a new Pod and restores into it, so Redis keeps its data.
import * as fs from 'node:fs';
import type { PodBackend } from '../backends/podBackend';
import type { PodConfig } from '../backends/kubernetes/podConfig';
import { CONTAINER, STAGED_MARKER, cachePod } from '../backends/kubernetes/podSpecs';
import type { ServiceLog } from '../support/log';
import { ENGINE_PORT, type CacheSpec } from './cacheSpec';
import { waitUntilReady } from './readiness';

export interface PodCachesDeps {
  pods: () => PodBackend;
  log: ServiceLog;
  podSettings: () => { base: PodConfig; pullSecret?: string; stagingImage?: string; readyTimeoutMs: number };
}

export class PodCaches {
  constructor(private readonly deps: PodCachesDeps) {}

  /**
   * The cache's next Pod: created, an RDB staged into /data first when given,
   * running, answering PING (through LOADING) or version through a port-forward.
   * On failure the Pod is deleted and the error names the step.
   */
  async spawn(spec: CacheSpec, rdb: string | undefined, progress: (m: string) => void, signal?: AbortSignal): Promise<CacheSpec> {
    const pods = this.deps.pods();
    const s = this.deps.podSettings();
    const spawns = (spec.spawns ?? 0) + 1;
    const pod = cachePod(spec, {
      namespace: pods.namespace,
      base: s.base,
      spawn: `${spawns}`,
      ...(s.pullSecret ? { pullSecret: s.pullSecret } : {}),
      ...(s.stagingImage ? { stagingImage: s.stagingImage } : {}),
    }, { stage: rdb !== undefined });
    const name = pod.metadata!.name!;
    let step = 'create the Pod';
    try {
      progress(`Creating Pod ${name}…`);
      await pods.createPod(pod);
      if (rdb !== undefined) {
        step = 'start the staging container';
        await pods.waitRunning(name, { timeoutMs: s.readyTimeoutMs, init: CONTAINER.staging, ...(signal ? { signal } : {}) });
        step = 'stage the snapshot';
        progress('Staging the snapshot into /data…');
        const size = (await fs.promises.stat(rdb)).size;
        const session = await pods.execPipe(name, CONTAINER.staging, ['sh', '-c', `head -c ${size} > /data/dump.rdb && touch /data/${STAGED_MARKER}`]);
        for await (const chunk of fs.createReadStream(rdb, { highWaterMark: 256 * 1024 })) session.write(chunk as Buffer);
        const code = await session.exited;
        if (code !== 0) throw new Error(`the copy ended with code ${code}`);
      }
      step = 'start the engine';
      await pods.waitRunning(name, { timeoutMs: s.readyTimeoutMs, ...(signal ? { signal } : {}) });
      step = 'wait for readiness';
      progress(`Waiting for ${spec.engine}…`);
      const forward = await pods.portForward(name, ENGINE_PORT[spec.engine]);
      try {
        await waitUntilReady({
          host: '127.0.0.1',
          port: forward.port,
          engine: spec.engine,
          timeoutMs: s.readyTimeoutMs,
          stillRunning: async () => {
            const p = await pods.getPod(name);
            if (p?.status?.phase !== 'Running') throw new Error(`the Pod is ${p?.status?.phase ?? 'gone'}`);
          },
          ...(signal ? { signal } : {}),
        });
      } finally {
        forward.close();
      }
      return { ...spec, backend: 'kubernetes', podName: name, spawns };
    } catch (err) {
      await pods.deletePod(name).catch((e: Error) => this.deps.log.error(`cache ${spec.name}: could not delete its Pod ${name}: ${e.message}`));
      throw new Error(`could not ${step}: ${(err as Error).message}; the Pod was deleted`);
    }
  }

  /** dump.rdb (after SAVE) streamed out of the Pod's cache container into `dest`; its size. */
  async copyRdbOut(podName: string, dir: string, file: string, dest: string): Promise<number> {
    const session = await this.deps.pods().execPipe(podName, CONTAINER.cache, ['cat', `${dir}/${file}`]);
    const out = fs.createWriteStream(dest, { mode: 0o600 });
    let size = 0;
    let stderr = '';
    session.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const written = new Promise<void>((resolve, reject) => {
      session.stdout.on('data', (d: Buffer) => {
        size += d.length;
        out.write(d);
      });
      session.stdout.on('end', () => out.end(resolve));
      out.on('error', reject);
    });
    const code = await session.exited;
    await written;
    if (code !== 0) throw new Error(`cat ${dir}/${file} ended with code ${code}${stderr.trim() ? `: ${stderr.trim()}` : ''}`);
    return size;
  }
}
