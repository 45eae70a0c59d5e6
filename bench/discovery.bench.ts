// Discovery of N labelled containers: our one list call + label mapping, against
// `docker ps -a --filter label=… --format '{{json .}}'` (what a user would run).
import { execFileSync } from 'node:child_process';
import { DockerApi } from '../src/service/backends/docker/dockerApi';
import { resourcesFromContainers } from '../src/service/model/labels';
import { median, ms, type BenchResult } from './stats';

export async function discoveryBench(expected: number, rounds = 10): Promise<BenchResult> {
  const ours: number[] = [];
  const cli: number[] = [];
  for (let i = 0; i < rounds; i++) {
    // A fresh client each round, as a newly started service would have.
    const api = new DockerApi({ socketPath: '/var/run/docker.sock' }, 'bench', 60_000);
    let t = performance.now();
    const found = resourcesFromContainers(await api.listContainers()).filter((r) => r.name.startsWith('bench-')).length;
    ours.push(performance.now() - t);
    if (found !== expected) throw new Error(`discovery found ${found} of ${expected}`);

    t = performance.now();
    const out = execFileSync('docker', ['ps', '-a', '--filter', 'label=fakecloud-explorer-bench', '--format', '{{json .}}'], {
      maxBuffer: 64 << 20,
    });
    cli.push(performance.now() - t);
    const lines = out.toString().trim().split('\n').length;
    if (lines < expected) throw new Error(`docker ps listed ${lines}`);
  }
  const ratio = median(ours) / median(cli);
  return {
    name: `discovery of ${expected} labelled containers`,
    measured: `ours ${ms(median(ours))} vs docker ps ${ms(median(cli))} (median of ${rounds})`,
    ratio,
    goal: '≤ 1.0× docker ps',
    ok: ratio <= 1.0,
  };
}
