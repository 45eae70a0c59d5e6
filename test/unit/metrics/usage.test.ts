// Usage figures from each source: Docker's stats stream as `docker stats` reads it, the metrics API's quantities, and
// the cgroup files (v1 and v2) read through exec.
import * as assert from 'node:assert/strict';
import { cgroupCpuPercent, dockerStatsUsage, parseCgroupFiles, podMetricsUsage, quantity } from '../../../src/service/metrics/usage';

describe('usage figures', () => {
  it('Docker stats: CPU as docker stats computes it, memory less inactive page cache, the network summed', () => {
    const u = dockerStatsUsage({
      cpu_stats: { cpu_usage: { total_usage: 3_000_000_000 }, system_cpu_usage: 20_000_000_000, online_cpus: 2 },
      precpu_stats: { cpu_usage: { total_usage: 2_000_000_000 }, system_cpu_usage: 10_000_000_000 },
      memory_stats: { usage: 100 * 1048576, limit: 512 * 1048576, stats: { inactive_file: 20 * 1048576 } },
      networks: { eth0: { rx_bytes: 1000, tx_bytes: 200 }, eth1: { rx_bytes: 24, tx_bytes: 56 } },
    });
    assert.equal(u.cpuPercent, 20);
    assert.equal(u.memoryBytes, 80 * 1048576);
    assert.equal(u.memoryLimitBytes, 512 * 1048576);
    assert.equal(u.netRxBytes, 1024);
    assert.equal(u.netTxBytes, 256);
  });
  it('Docker stats: no CPU figure on the first message, no limit when unlimited, no network on the host network', () => {
    const u = dockerStatsUsage({
      cpu_stats: { cpu_usage: { total_usage: 5 }, system_cpu_usage: 10, online_cpus: 2 },
      precpu_stats: { cpu_usage: { total_usage: 0 } },
      memory_stats: { usage: 4096, limit: 9223372036854771712, stats: { total_inactive_file: 1024 } },
    });
    assert.equal(u.cpuPercent, undefined);
    assert.equal(u.memoryBytes, 3072);
    assert.equal(u.memoryLimitBytes, undefined);
    assert.equal(u.netRxBytes, undefined);
    // The host's memory reported as the limit is no limit.
    assert.equal(dockerStatsUsage({ memory_stats: { usage: 1, limit: 8e9 } }, 8e9).memoryLimitBytes, undefined);
  });
  it('Kubernetes quantities', () => {
    assert.equal(quantity('250m'), 0.25);
    assert.equal(quantity('12345678n'), 0.012345678);
    assert.equal(quantity('64Mi'), 64 * 1048576);
    assert.equal(quantity('1G'), 1e9);
    assert.equal(quantity('2'), 2);
    assert.equal(quantity('lots'), undefined);
    const u = podMetricsUsage({ containers: [{ name: 'redis', usage: { cpu: '50m', memory: '2048Ki' } }] }, 'redis', '128Mi');
    assert.deepEqual(u, { cpuPercent: 5, memoryBytes: 2048 * 1024, memoryLimitBytes: 128 * 1048576 });
  });
  it('cgroup v2 files: CPU time in µs, memory less inactive files, limit "max" is none, network without loopback', () => {
    const text = [
      '== /sys/fs/cgroup/cpu.stat',
      'usage_usec 1500000',
      'user_usec 1000000',
      '== /sys/fs/cgroup/memory.current',
      '10485760',
      '== /sys/fs/cgroup/memory.max',
      'max',
      '== /sys/fs/cgroup/memory.stat',
      'anon 1',
      'inactive_file 1048576',
      '== /proc/net/dev',
      'Inter-|   Receive                                                |  Transmit',
      ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
      '    lo: 999 1 0 0 0 0 0 0 999 1 0 0 0 0 0 0',
      '  eth0: 5000 10 0 0 0 0 0 0 700 7 0 0 0 0 0 0',
    ].join('\n');
    assert.deepEqual(parseCgroupFiles(text), {
      cpuNanos: 1_500_000_000,
      memoryBytes: 9 * 1048576,
      memoryLimitBytes: undefined,
      netRxBytes: 5000,
      netTxBytes: 700,
    });
  });
  it('cgroup v1 files, and CPU percent between two readings', () => {
    const text = [
      '== /sys/fs/cgroup/cpuacct/cpuacct.usage',
      '80343329',
      '== /sys/fs/cgroup/memory/memory.usage_in_bytes',
      '3883008',
      '== /sys/fs/cgroup/memory/memory.limit_in_bytes',
      '268435456',
      '== /sys/fs/cgroup/memory/memory.stat',
      'cache 0',
      'total_inactive_file 883008',
    ].join('\n');
    const r = parseCgroupFiles(text);
    assert.equal(r.cpuNanos, 80343329);
    assert.equal(r.memoryBytes, 3_000_000);
    assert.equal(r.memoryLimitBytes, 268435456);
    assert.equal(r.netRxBytes, undefined);
    // Half a core for a second.
    assert.equal(cgroupCpuPercent(1e9, 1.5e9, 1000), 50);
    assert.equal(cgroupCpuPercent(2e9, 1e9, 1000), undefined);
    assert.equal(cgroupCpuPercent(undefined, 1e9, 1000), undefined);
  });
});
