// A container's or Pod's use of CPU, memory and network, read from what each source gives: a message of Docker's
// stats stream, the metrics API's Pod metrics, or the cgroup files read through exec. Counters stay counters (the
// rate is taken where samples meet); CPU is a percent of one core, as `docker stats` shows it. Pure.

export interface Usage {
  cpuPercent?: number;
  memoryBytes?: number;
  /** Undefined when the container has no limit of its own. */
  memoryLimitBytes?: number;
  /** Counters since the container started; undefined where its network is the host's. */
  netRxBytes?: number;
  netTxBytes?: number;
}

/** Limits at or above this are Docker's and the kernel's way of saying "none". */
const NO_LIMIT = 2 ** 60;

function limitOf(n: number | undefined, hostMemory?: number): number | undefined {
  if (n === undefined || !Number.isFinite(n) || n <= 0 || n >= NO_LIMIT) return undefined;
  // Docker reports the host's memory as the limit of a container without one.
  if (hostMemory !== undefined && n >= hostMemory) return undefined;
  return n;
}

/** The part of a stats message we read (the rest varies between cgroup versions and engines). */
export interface DockerStats {
  cpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number };
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
}

/** One message of Docker's stats stream, as `docker stats` reads it. `hostMemory`: the engine's total memory. */
export function dockerStatsUsage(s: DockerStats, hostMemory?: number): Usage {
  const out: Usage = {};
  const cpu = s.cpu_stats;
  const pre = s.precpu_stats;
  const total = cpu?.cpu_usage?.total_usage;
  const preTotal = pre?.cpu_usage?.total_usage;
  const sys = cpu?.system_cpu_usage;
  const preSys = pre?.system_cpu_usage;
  // The first message of a stream has no previous reading: no CPU figure rather than a wrong one.
  if (total !== undefined && preTotal !== undefined && sys !== undefined && preSys !== undefined && preSys > 0 && sys > preSys) {
    const cpus = cpu?.online_cpus ?? 1;
    out.cpuPercent = Math.max(0, ((total - preTotal) / (sys - preSys)) * cpus * 100);
  }
  const mem = s.memory_stats;
  if (mem?.usage !== undefined) {
    // Page cache the kernel would give back is not "used", as docker stats shows it (cgroup v2, then v1).
    const inactive = mem.stats?.inactive_file ?? mem.stats?.total_inactive_file ?? 0;
    out.memoryBytes = Math.max(0, mem.usage - (inactive < mem.usage ? inactive : 0));
    out.memoryLimitBytes = limitOf(mem.limit, hostMemory);
  }
  if (s.networks && Object.keys(s.networks).length > 0) {
    out.netRxBytes = 0;
    out.netTxBytes = 0;
    for (const n of Object.values(s.networks)) {
      out.netRxBytes += n.rx_bytes ?? 0;
      out.netTxBytes += n.tx_bytes ?? 0;
    }
  }
  return out;
}

/** A Kubernetes quantity ("250m", "12345n", "2", "64Mi", "1G") as a number of its base unit. */
export function quantity(q: string): number | undefined {
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(q.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const mult: Record<string, number> = {
    '': 1,
    n: 1e-9,
    u: 1e-6,
    m: 1e-3,
    k: 1e3,
    K: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
    Ti: 1024 ** 4,
  };
  return Number.isFinite(n) && mult[m[2]] !== undefined ? n * mult[m[2]] : undefined;
}

export interface PodMetrics {
  containers?: { name: string; usage?: { cpu?: string; memory?: string } }[];
}

/** One container's figures from the metrics API (metrics.k8s.io): CPU in cores becomes a percent of one core. */
export function podMetricsUsage(m: PodMetrics, container: string, memoryLimit?: string): Usage {
  const c = m.containers?.find((x) => x.name === container) ?? m.containers?.[0];
  const out: Usage = {};
  const cores = c?.usage?.cpu !== undefined ? quantity(c.usage.cpu) : undefined;
  if (cores !== undefined) out.cpuPercent = cores * 100;
  const mem = c?.usage?.memory !== undefined ? quantity(c.usage.memory) : undefined;
  if (mem !== undefined) out.memoryBytes = mem;
  const limit = memoryLimit !== undefined ? quantity(memoryLimit) : undefined;
  if (limit !== undefined) out.memoryLimitBytes = limitOf(limit);
  return out;
}

/**
 * What the exec'd reader prints: each file as `== <path>` and its text. Read in the container, so it works where no
 * metrics API is served; cgroup v2 and v1 are both looked for, as the node decides which one the container sees.
 */
export const CGROUP_FILES = [
  '/sys/fs/cgroup/cpu.stat',
  '/sys/fs/cgroup/memory.current',
  '/sys/fs/cgroup/memory.max',
  '/sys/fs/cgroup/memory.stat',
  '/sys/fs/cgroup/cpuacct/cpuacct.usage',
  '/sys/fs/cgroup/memory/memory.usage_in_bytes',
  '/sys/fs/cgroup/memory/memory.limit_in_bytes',
  '/sys/fs/cgroup/memory/memory.stat',
  '/proc/net/dev',
];

/** The reader: a fixed script (nothing of the user's in it), the files as its arguments. */
export const CGROUP_READER = [
  'sh',
  '-c',
  'for f in "$@"; do [ -r "$f" ] && { echo "== $f"; cat "$f"; }; done; exit 0',
  'cgroup',
  ...CGROUP_FILES,
];

export interface CgroupReading {
  /** CPU time used so far, in nanoseconds. */
  cpuNanos?: number;
  memoryBytes?: number;
  memoryLimitBytes?: number;
  netRxBytes?: number;
  netTxBytes?: number;
}

function statField(text: string | undefined, key: string): number | undefined {
  if (!text) return undefined;
  const m = new RegExp(`^${key} (\\d+)$`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

function num(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : undefined;
}

/** The reader's output parsed: cgroup v2 where present, else v1; the network from /proc/net/dev without loopback. */
export function parseCgroupFiles(text: string): CgroupReading {
  const files = new Map<string, string>();
  let cur: string | undefined;
  let body: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^== (\/\S+)$/.exec(line);
    if (m) {
      if (cur) files.set(cur, body.join('\n'));
      cur = m[1];
      body = [];
    } else body.push(line);
  }
  if (cur) files.set(cur, body.join('\n'));
  const out: CgroupReading = {};
  const usec = statField(files.get('/sys/fs/cgroup/cpu.stat'), 'usage_usec');
  out.cpuNanos = usec !== undefined ? usec * 1000 : num(files.get('/sys/fs/cgroup/cpuacct/cpuacct.usage'));
  const v2 = num(files.get('/sys/fs/cgroup/memory.current'));
  const used = v2 ?? num(files.get('/sys/fs/cgroup/memory/memory.usage_in_bytes'));
  if (used !== undefined) {
    const inactive =
      v2 !== undefined
        ? statField(files.get('/sys/fs/cgroup/memory.stat'), 'inactive_file')
        : statField(files.get('/sys/fs/cgroup/memory/memory.stat'), 'total_inactive_file');
    out.memoryBytes = Math.max(0, used - (inactive !== undefined && inactive < used ? inactive : 0));
  }
  out.memoryLimitBytes = limitOf(
    num(files.get('/sys/fs/cgroup/memory.max')) ?? num(files.get('/sys/fs/cgroup/memory/memory.limit_in_bytes')),
  );
  const dev = files.get('/proc/net/dev');
  if (dev) {
    let rx = 0;
    let tx = 0;
    let any = false;
    for (const line of dev.split('\n')) {
      const m = /^\s*([^:\s]+):\s*(.*)$/.exec(line);
      if (!m || m[1] === 'lo') continue;
      const f = m[2].trim().split(/\s+/).map(Number);
      if (f.length < 9) continue;
      rx += f[0];
      tx += f[8];
      any = true;
    }
    if (any) {
      out.netRxBytes = rx;
      out.netTxBytes = tx;
    }
  }
  return out;
}

/** CPU percent of one core between two readings of the cgroup's CPU time, `ms` apart. */
export function cgroupCpuPercent(prevNanos: number | undefined, curNanos: number | undefined, ms: number): number | undefined {
  if (prevNanos === undefined || curNanos === undefined || ms <= 0 || curNanos < prevNanos) return undefined;
  return ((curNanos - prevNanos) / (ms * 1e6)) * 100;
}
