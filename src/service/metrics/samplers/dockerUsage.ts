// A container's CPU, memory and network from Docker's stats stream: one stream per watched container, opened on the
// first round and closed with the dashboard; each round takes the newest message. Restarts come from an inspect now
// and then (the engine's restart count, and each new start seen).
import type { ContainerBackend } from '../../backends/backend';
import { dockerStatsUsage, type DockerStats, type Usage } from '../usage';
import { put, Rates, USAGE_CHARTS, USAGE_SERIES, type Sampler, type SamplerOutput } from '../sampler';

/** Rounds between inspects for the restart count. */
const INSPECT_EVERY = 10;

export function dockerUsageSampler(backend: ContainerBackend, containerId: string): Sampler {
  let stream: { stop(): void } | undefined;
  let opening: Promise<void> | undefined;
  let latest: Usage | undefined;
  let ended: string | undefined;
  let closed = false;
  let rounds = 0;
  let memoryLimit = 0;
  let restarts: number | undefined;
  let starts = 0;
  const rates = new Rates();

  const open = async () => {
    ended = undefined;
    const s = await backend.streamStats(containerId, (msg) => {
      latest = dockerStatsUsage(msg as DockerStats);
    });
    if (closed) {
      s.stop();
      return;
    }
    stream = s;
    void s.ended.then((why) => {
      if (stream === s) {
        stream = undefined;
        ended = why;
      }
    });
  };

  const inspect = async () => {
    const d = await backend.inspectContainer(containerId);
    if (!d) throw new Error(`container ${containerId.slice(0, 12)} is gone`);
    memoryLimit = d.memoryLimit ?? 0;
    restarts = (d.restartCount ?? 0) + starts;
    if (!d.running) throw new Error(`its container is ${d.status}`);
  };

  return {
    get source() {
      // A container on the host's network has no traffic of its own to show.
      const shared = latest !== undefined && latest.netRxBytes === undefined;
      return `CPU, memory and network: Docker's stats stream${shared ? " (its network is the host's: no traffic of its own)" : ''}`;
    },
    charts: USAGE_CHARTS,
    series: USAGE_SERIES,
    async sample(now: number): Promise<SamplerOutput> {
      if (rounds++ % INSPECT_EVERY === 0 || (!stream && !opening)) await inspect();
      if (!stream && !opening) {
        // The stream ended while the container ran on: it was restarted, and counts as such.
        if (ended !== undefined) starts++;
        opening = open().finally(() => (opening = undefined));
        await opening;
      }
      const values: Record<string, number> = {};
      const u = latest;
      if (!u) return { values };
      put(values, 'cpu', u.cpuPercent);
      put(values, 'mem.used', u.memoryBytes);
      put(values, 'mem.limit', memoryLimit > 0 ? memoryLimit : undefined);
      put(values, 'net.rx', rates.of('net.rx', now, u.netRxBytes));
      put(values, 'net.tx', rates.of('net.tx', now, u.netTxBytes));
      put(values, 'restarts', restarts);
      return { values };
    },
    close() {
      closed = true;
      stream?.stop();
      stream = undefined;
    },
  };
}
