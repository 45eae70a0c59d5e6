// A Pod's CPU and memory: from the metrics API where the cluster serves it, else from its container's cgroup files
// read through exec (the panel says which). Restarts from the Pod's status now and then.
import type { PodBackend } from '../../backends/podBackend';
import { execOutput } from '../../backends/execOutput';
import { CGROUP_READER, cgroupCpuPercent, parseCgroupFiles, podMetricsUsage, type PodMetrics, type Usage } from '../usage';
import { put, Rates, USAGE_CHARTS, USAGE_SERIES, type Sampler, type SamplerOutput } from '../sampler';

const INSPECT_EVERY = 10;

export function podUsageSampler(pods: PodBackend, podName: string, container: string): Sampler {
  let mode: 'metrics' | 'cgroup' | undefined;
  let rounds = 0;
  let restarts: number | undefined;
  let memoryLimit: string | undefined;
  let prevCpu: { t: number; nanos: number } | undefined;
  const rates = new Rates();

  const fromCgroup = async (now: number): Promise<Usage> => {
    const out = await execOutput(() => pods.execPipe(podName, container, CGROUP_READER), 'reading its cgroup', 10_000);
    const r = parseCgroupFiles(out);
    const cpu = prevCpu && r.cpuNanos !== undefined ? cgroupCpuPercent(prevCpu.nanos, r.cpuNanos, now - prevCpu.t) : undefined;
    if (r.cpuNanos !== undefined) prevCpu = { t: now, nanos: r.cpuNanos };
    return {
      cpuPercent: cpu,
      memoryBytes: r.memoryBytes,
      memoryLimitBytes: r.memoryLimitBytes,
      netRxBytes: r.netRxBytes,
      netTxBytes: r.netTxBytes,
    };
  };

  const sampler: Sampler = {
    get source() {
      return mode === 'cgroup'
        ? "CPU, memory and network: the container's cgroup files, read through exec (the cluster serves no metrics API)"
        : 'CPU and memory: the metrics API (metrics.k8s.io)';
    },
    charts: USAGE_CHARTS,
    series: USAGE_SERIES,
    async sample(now: number): Promise<SamplerOutput> {
      if (rounds++ % INSPECT_EVERY === 0) {
        const pod = await pods.getPod(podName);
        if (!pod) throw new Error(`Pod ${podName} is gone`);
        const st = pod.status?.containerStatuses?.find((c) => c.name === container);
        restarts = st?.restartCount;
        memoryLimit = pod.spec?.containers.find((c) => c.name === container)?.resources?.limits?.memory;
      }
      let u: Usage;
      if (mode !== 'cgroup') {
        const m = await pods.podMetrics(podName);
        if (m === undefined) {
          mode = 'cgroup';
          u = await fromCgroup(now);
        } else {
          mode = 'metrics';
          u = podMetricsUsage(m as PodMetrics, container, memoryLimit);
        }
      } else u = await fromCgroup(now);
      const values: Record<string, number> = {};
      put(values, 'cpu', u.cpuPercent);
      put(values, 'mem.used', u.memoryBytes);
      put(values, 'mem.limit', u.memoryLimitBytes);
      put(values, 'net.rx', rates.of('net.rx', now, u.netRxBytes));
      put(values, 'net.tx', rates.of('net.tx', now, u.netTxBytes));
      put(values, 'restarts', restarts);
      return { values };
    },
    close() {
      // Nothing stays open between rounds.
    },
  };
  return sampler;
}
