// Shared setup for benchmarks: labelled containers on the machine's Docker.
import Docker from 'dockerode';

export const docker = new Docker({ socketPath: '/var/run/docker.sock', timeout: 60_000 });
export const BENCH_LABEL = 'fakecloud-explorer-bench';

export async function createLabelled(count: number, image: string, run: string): Promise<string[]> {
  const ids: string[] = [];
  const kinds = ['fakecloud-elasticache', 'fakecloud-ec2', 'fakecloud-lambda'];
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const c = await docker.createContainer({
        Image: image,
        Cmd: ['tail', '-f', '/dev/null'],
        Labels: { [kinds[i % 3]]: `bench-${i}`, 'fakecloud-instance': 'fakecloud-1', [BENCH_LABEL]: run },
        HostConfig: { NetworkMode: 'host' },
      });
      ids.push(c.id);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return ids;
}

export async function removeBench(run: string): Promise<void> {
  const list = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`${BENCH_LABEL}=${run}`] }) });
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= list.length) return;
      await docker
        .getContainer(list[i].Id)
        .remove({ force: true })
        .catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}
